"""Text for people: Markdown as safe HTML, printable handouts, and the wording
that both the command line and the window show.
"""

"""Personal data: what a reader did (bookmarks, feedback, notes) and its export file.

Kept in its own SQLite file, apart from synced content, so that no sync can
touch it.
"""

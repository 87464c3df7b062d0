"""The domain of the reader: bundles, the library store, sync, search, personal data.

Nothing in this package imports Qt, so the command line stays fast and every
rule here is tested without a display.
"""

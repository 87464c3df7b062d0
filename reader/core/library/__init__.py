"""The library file: its schema, every read, search, and the sync that writes it.

The library holds only synced content, so it can be rebuilt from any bundle;
personal data lives in `reader.core.personal`, which nothing here opens.
"""

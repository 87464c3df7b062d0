"""The content bundle format: reading a bundle safely, checking every rule, building one.

Nothing here touches a library file: `sync` (in `reader.core.library`) reads
bundles only through `walk.py`, so `bundle check`, `bundle build` and a sync
agree on what a valid bundle is.
"""

"""The frozen app's entry point: exactly `python -m reader` (packaging/sci-reader.spec)."""

import sys

from reader.cli import main

if __name__ == "__main__":
    sys.exit(main())

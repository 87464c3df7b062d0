"""`python -m reader` behaves exactly like the `sci-reader` command."""

import sys

from reader.cli import main

sys.exit(main())

"""Write a synthetic content bundle from the command line.

The generator lives in tests/bundles/synthetic.py, the one bundle factory
that tests and benchmarks share; this script only runs it:

    python benchmarks/synthetic.py 10000 out.zip --version 1 --seed 1
    python benchmarks/synthetic.py 10000 out.zip --version 2 --seed 1 --changed 100
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.bundles.synthetic import main

if __name__ == "__main__":
    sys.exit(main())

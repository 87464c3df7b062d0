"""Markdown rendering time per KB for hostile and ordinary text, at several sizes.

    .venv/bin/python benchmarks/render_bench.py                # about a minute
    .venv/bin/python benchmarks/render_bench.py --sizes 2 8 --repeat 1

Each input is rendered with `reader.core.text.render` (what the window does
for one section); the figure is the best of R runs of CPU time
(`time.process_time`), divided by the size in KB. Linear work shows as a
flat row; the quadratic rendering of issue 9 item 5 (a run of `[`: 1.2 s at
2 KB, 14.9 s at 8 KB, 133 s at 120 KB), or of a block of rules or setext
headings, would grow fourfold per column. The
reference rows are plain words and the embedded library's articles laid
end to end.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reader.core.text.render import renderer

LIBRARY = Path(__file__).resolve().parent.parent / "data" / "library" / "articles"


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _library_text(size: int) -> str:
    bodies = [
        p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in sorted(LIBRARY.glob("*.md"))
    ]
    return _repeat("\n\n".join(bodies) + "\n\n", size)


INPUTS = {
    "plain words (reference)": lambda n: _repeat("word ", n),
    "library articles (reference)": _library_text,
    "run of [": lambda n: "[" * n,
    "run of ![": lambda n: _repeat("![", n),
    "nested [[[...]]]": lambda n: "[" * (n // 2) + "]" * (n // 2),
    "run of [a](": lambda n: _repeat("[a](", n),
    "run of backslashes": lambda n: "\\" * n,
    "run of *a*": lambda n: _repeat("*a* ", n),
    "one-line headings": lambda n: _repeat("# h\n", n),
    "quotes 16 deep": lambda n: _repeat("> " * 16 + "x\n\n", n),
    # One block of rules or setext headings: quadratic in its lines in the
    # block parser (199,996 characters of "***" lines: 88 s); shown as text
    # past 100 such lines, so the worst still parsed is blocks of 100.
    "rules ***": lambda n: _repeat("***\n", n),
    "rules - - -": lambda n: _repeat("- - -\n", n),
    "setext a / =": lambda n: _repeat("a\n=\n", n),
    "setext a / -": lambda n: _repeat("a\n-\n", n),
    "rules, 100-line blocks": lambda n: _repeat("***\n" * 100 + "\n", n),
    "setext, 100-line blocks": lambda n: _repeat("a\n=\n" * 50 + "\n", n),
    # Many blocks: the parser pops its list of blocks from the front.
    "many paragraphs": lambda n: _repeat("a\n\n", n),
    "list items": lambda n: _repeat("- a\n", n),
}


def seconds(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        renderer().to_html(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 8, 32, 120], metavar="KB")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    header = " | ".join(f"{kb} KB" for kb in args.sizes)
    print(f"| input (ms per KB) | {header} |")
    print("|---|" + "---|" * len(args.sizes))
    for name, make in INPUTS.items():
        cells = []
        for kb in args.sizes:
            text = make(kb * 1024)
            cells.append(f"{seconds(text, args.repeat) * 1000 / kb:.2f}")
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()

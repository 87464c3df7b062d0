"""The floor for a full sync: a minimal Python importer of the same bundle.

    python benchmarks/sync_floor.py BUNDLE.zip OUT.sqlite3

What the least an importer can do costs, the reference that issue 16 holds
a full sync to (<= 1.5x): open the ZIP with `zipfile`, read the manifest,
then for each article read its bytes, hash them with `hashlib` and compare
with the manifest, decode the text and take its title line, and insert one
row; then build an FTS5 index over the rows with one 'rebuild' (external
content, the tokenizer the library uses), and commit. One process, one
transaction, SQLite's default journal and `synchronous`, into a new file.

It checks nothing else (no Markdown rules, no metadata, no categories, no
limits, no signature) and writes no category rows, pages or metadata: what
a real sync does beyond this is what the ratio measures. `sync_bench.py`
runs it and `sci-reader sync` side by side.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
import zipfile
from pathlib import Path


def import_bundle(bundle: Path, database: Path) -> int:
    """Import every article of `bundle` into a new file `database`; the count."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute(
        "CREATE TABLE articles (id TEXT PRIMARY KEY, path TEXT, sha256 TEXT, size INTEGER,"
        " title TEXT, body TEXT)"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content = 'articles',"
        " content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute("BEGIN")
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = []
        for entry in manifest["articles"]:
            data = archive.read(entry["path"])
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise SystemExit(f"{entry['path']}: sha256 differs from the manifest")
            text = data.decode("utf-8")
            first, _, body = text.partition("\n")
            title = first.removeprefix("Title:").strip()
            rows.append((entry["id"], entry["path"], entry["sha256"], len(data), title, body))
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("COMMIT")
    conn.close()
    return len(rows)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1].strip(), file=sys.stderr)
        return 2
    database = Path(argv[1])
    database.unlink(missing_ok=True)
    print(json.dumps({"added": import_bundle(Path(argv[0]), database)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

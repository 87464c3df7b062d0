"""Search engines side by side on the same 10,000-article library and the same queries.

    .venv/bin/pip install -e '.[bench]'        # tantivy and libzim: benchmark-only
    .venv/bin/python benchmarks/search_bench.py              # about 3 minutes
    .venv/bin/python benchmarks/search_bench.py --data DIR   # an already synced library
    .venv/bin/python benchmarks/search_bench.py --reuse      # last run's tantivy and ZIM

Engines, each asked for the best 20 of the same 20 typical queries (and of
20 mistyped ones), in this one process, one after the other per query:

- `app`: `reader.core.library.search.find()`, what the window and the CLI
  run: word forms, synonyms, typing mistakes, top 20 with snippets;
- `fts5 ranked`: the app's FTS5 index, `ORDER BY rank LIMIT 20`, row ids
  only (no snippets, no word forms);
- `fts5 + snippets`: the app's exact path alone (`search._hits`): ranked,
  with snippets;
- `tantivy` (Python bindings, en_stem tokenizer, title boosted 10x) top 20
  without and with a snippet, and its fuzzy (Levenshtein 2) query for the
  mistyped ones;
- `xapian` via libzim (a ZIM file of the same text, its Xapian full-text
  index, English stemming) top 20: paths only, libzim has no snippets.

Each figure is the median of `--runs` runs after one warm-up; median and p95
(nearest rank) are then taken over the 20 queries. Also: where the app's
time goes (stages), index sizes, build times. The text indexed everywhere
is the app's own (title, summary, details columns of the library), so every
engine searches the same words. Output: a Markdown table on stdout and
`results.json` in `--out` (benchmarks/out/search/, gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from tests.bundles import synthetic  # noqa: E402

QUERIES = [
    "walking", "stimulation", "bladder training", "pain", "neuropathic pain",
    "stem cells", "pressure sore", "wheelchair", "exoskeleton", "blood pressure",
    "depression", "quality of life", "fertility", "breathing", "spasticity",
    "epidural stimulation", "stim", "walk", "bladder trai", "neurop",
]  # fmt: skip
# The same, with the typing mistakes the issue names: a letter missing,
# extra, wrong or swapped (one or two per word).
TYPOS = [
    "walkng", "stimulaton", "bladdr training", "pian", "neuropathc pain",
    "stem cels", "presure sore", "wheelchiar", "exoskeletton", "blood presure",
    "depresion", "quality of lfie", "fertilty", "breathnig", "spastcity",
    "epidurl stimulation", "stimulatoin", "wlaking", "bladdre", "neuropahtic",
]  # fmt: skip
assert len(QUERIES) == len(TYPOS) == 20
LIMIT = 20


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed(fn, runs: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def summary(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"median": round(statistics.median(ms), 3), "p95": round(p95(ms), 3),
            "min": round(min(ms), 3), "max": round(max(ms), 3)}  # fmt: skip


def prepare(out: Path, n: int) -> Path:
    from reader.core.library.sync import sync

    bundle = out / f"v1-{n}.zip"
    if not bundle.exists():
        say(f"Generating {n} articles...")
        synthetic.make_bundle(bundle, n, seed=1)
    data = out / f"data-{n}"
    if not (data / "library.sqlite3").exists():
        say("Syncing...")
        sync(data, bundle)
    return data


def corpus(library) -> list[tuple[int, str, str, str, str]]:
    return library.conn.execute(
        "SELECT rowid, id, title, search_summary, search_details FROM articles ORDER BY rowid"
    ).fetchall()


def fts5_size(library) -> int:
    rows = library.conn.execute(
        "SELECT sum(length(block)) FROM articles_fts_data"
    ).fetchone()  # the index's b-tree blocks (the text itself lives in `articles`)
    return int(rows[0] or 0)


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# --- tantivy -----------------------------------------------------------------


def tantivy_build(rows, where: Path):
    import tantivy

    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    sb = tantivy.SchemaBuilder()
    for name in ("title", "summary", "details"):
        sb.add_text_field(name, stored=True, tokenizer_name="en_stem")
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    schema = sb.build()
    index = tantivy.Index(schema, path=str(where))
    t = time.perf_counter()
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for _rowid, article_id, title, summary_text, details in rows:
        writer.add_document(
            tantivy.Document(id=article_id, title=title, summary=summary_text, details=details)
        )
    writer.commit()
    writer.wait_merging_threads()
    built = time.perf_counter() - t
    index.reload()
    return index, schema, built


def tantivy_query(index, text: str, fuzzy: bool = False):
    from reader.core.bundle.synonyms import words_of

    words = list(words_of(text))
    fields = ["title", "summary", "details"]
    if fuzzy:
        return index.parse_query(
            " ".join(words), fields, field_boosts={"title": 10.0},
            fuzzy_fields={f: (False, 2, True) for f in fields}, conjunction_by_default=True,
        )  # fmt: skip
    # The last word as a prefix, as the app matches what is still being typed.
    parts = [f"{w}" for w in words[:-1]] + [f"{words[-1]}*"]
    return index.parse_query(
        " ".join(parts), fields, field_boosts={"title": 10.0}, conjunction_by_default=True
    )


def tantivy_search(index, schema, text: str, snippets: bool, fuzzy: bool = False) -> list:
    import tantivy

    searcher = index.searcher()
    query = tantivy_query(index, text, fuzzy)
    hits = searcher.search(query, LIMIT).hits
    if not snippets:
        return [address for _score, address in hits]
    generator = tantivy.SnippetGenerator.create(searcher, query, schema, "summary")
    out = []
    for _score, address in hits:
        doc = searcher.doc(address)
        out.append((doc["id"][0], generator.snippet_from_doc(doc).to_html()))
    return out


# --- xapian via libzim -------------------------------------------------------


def zim_build(rows, where: Path):
    import html

    from libzim.writer import Creator, Hint, Item, StringProvider

    class Article(Item):
        def __init__(self, path: str, title: str, body: str):
            super().__init__()
            self.path, self.title, self.body = path, title, body

        def get_path(self) -> str:
            return self.path

        def get_title(self) -> str:
            return self.title

        def get_mimetype(self) -> str:
            return "text/html"

        def get_contentprovider(self):
            return StringProvider(self.body)

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: True}

    where.unlink(missing_ok=True)
    t = time.perf_counter()
    with Creator(str(where)).config_indexing(True, "eng").config_nbworkers(1) as creator:
        creator.set_mainpath(rows[0][1])
        creator.add_metadata("Language", "eng")
        for _rowid, article_id, title, summary_text, details in rows:
            body = (
                f"<html><head><title>{html.escape(title)}</title></head><body>"
                f"<p>{html.escape(summary_text)}</p><p>{html.escape(details)}</p></body></html>"
            )
            creator.add_item(Article(article_id, title, body))
    return time.perf_counter() - t


def zim_searcher(where: Path):
    from libzim.reader import Archive
    from libzim.search import Searcher

    archive = Archive(str(where))
    return archive, Searcher(archive)


def zim_search(searcher, text: str) -> list[str]:
    from libzim.search import Query

    return list(searcher.search(Query().set_query(text)).getResults(0, LIMIT))


# --- the app's stages --------------------------------------------------------


def app_stages(library, text: str, runs: int) -> dict:
    """Where the app's time goes for one query (each stage timed alone)."""
    from reader.core.library import search as s
    from reader.core.library.forgiving import plan_query
    from reader.core.library.synonyms import synonyms_of
    from reader.core.library.vocabulary import vocabulary_of

    vocabulary = vocabulary_of(library, library.conn)
    synonyms = synonyms_of(library, lambda: library.meta().synonyms, vocabulary.stamp)
    plan = plan_query(text, vocabulary, synonyms)
    match = plan.exact
    conn = library.conn
    return {
        "plan (forms, synonyms, corrections)": timed(
            lambda: plan_query(text, vocabulary, synonyms), runs
        ),
        "count matches": timed(
            lambda: conn.execute(
                "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (match,)
            ).fetchall(),
            runs,
        ),
        "rank top 20 (bm25), no snippets": timed(
            lambda: conn.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20",
                (match,),
            ).fetchall(),
            runs,
        ),
        "rank + snippets (one query)": timed(
            lambda: conn.execute(
                s._ONE_QUERY.replace("{plain_title}", s._plain_title(library)),
                (s.MARK_START, s.MARK_END, match, LIMIT),
            ).fetchall(),
            runs,
        ),
        "the app's exact path (_hits)": timed(lambda: s._hits(library, match, LIMIT), runs),
        "the whole find()": timed(lambda: s.find(library, text, LIMIT), runs),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, help="an already synced data folder")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "search")
    parser.add_argument(
        "--reuse", action="store_true", help="the tantivy index and ZIM file of the last run"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    data = args.data or prepare(args.out, args.articles)

    from reader.core.library import search as s
    from reader.core.library.store import open_library

    library = open_library(data, create=False, read_only=True)
    rows = corpus(library)
    zim = args.out / "corpus.zim"
    if args.reuse and zim.exists() and (args.out / "tantivy").exists():
        import tantivy

        index = tantivy.Index.open(str(args.out / "tantivy"))
        schema = index.schema
        previous = json.loads((args.out / "results.json").read_text())["build_s"]
        tantivy_s, zim_s = previous["tantivy (1 thread)"], previous["zim + xapian"]
    else:
        say(f"{len(rows)} articles. Building the tantivy index...")
        index, schema, tantivy_s = tantivy_build(rows, args.out / "tantivy")
        say("Building the ZIM file (Xapian index)...")
        zim_s = zim_build(rows, zim)
    _archive, zsearcher = zim_searcher(zim)
    t = time.perf_counter()
    s.find(library, "bladdr", LIMIT)  # the first search reads the vocabulary
    first_vocabulary_s = time.perf_counter() - t

    engines = {
        "xapian (libzim), top 20, no snippets": lambda q: zim_search(zsearcher, q),
        "tantivy, top 20, no snippets": lambda q: tantivy_search(index, schema, q, False),
        "tantivy, top 20 + snippets": lambda q: tantivy_search(index, schema, q, True),
        "fts5 ranked, top 20, no snippets": lambda q: library.conn.execute(
            "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT 20",
            (s.build_match_query(q),),
        ).fetchall(),
        "fts5 + snippets (app's exact path)": lambda q: s._hits(
            library, s.build_match_query(q), LIMIT
        ),
        "app find() + snippets (forms, synonyms, typos)": lambda q: s.find(library, q, LIMIT),
    }
    typo_engines = {
        "xapian (libzim), top 20, no snippets": lambda q: zim_search(zsearcher, q),
        "tantivy fuzzy (distance 2), top 20 + snippets": lambda q: tantivy_search(
            index, schema, q, True, fuzzy=True
        ),
        "app find() + snippets (forms, synonyms, typos)": lambda q: s.find(library, q, LIMIT),
    }
    results: dict = {"articles": len(rows), "runs": args.runs, "queries": {}, "typos": {}}
    for label, queries, table in (("queries", QUERIES, engines), ("typos", TYPOS, typo_engines)):
        per: dict[str, list[float]] = {name: [] for name in table}
        hits: dict[str, list[int]] = {name: [] for name in table}
        for q in queries:  # engines interleaved per query: the machine's drift hits all alike
            for name, fn in table.items():
                per[name].append(timed(lambda fn=fn, q=q: fn(q), args.runs))
                found = fn(q)
                hits[name].append(len(found.hits if hasattr(found, "hits") else found))
        reference = per["xapian (libzim), top 20, no snippets"]
        for name in table:
            ratios = [a / b for a, b in zip(per[name], reference, strict=True)]
            results[label][name] = {
                **summary(per[name]),
                "ratio_p95_to_xapian_p95": round(p95(per[name]) / p95(reference), 2),
                "ratio_per_query_median": round(statistics.median(ratios), 2),
                "hits": hits[name],
            }
    results["stages"] = {
        q: {k: round(v * 1000, 3) for k, v in app_stages(library, q, args.runs).items()}
        for q in ("walking", "pain", "bladder training", "stim", "bladdr")
    }
    results["sizes_bytes"] = {
        "library file": (data / "library.sqlite3").stat().st_size,
        "fts5 index blocks": fts5_size(library),
        "tantivy index": dir_size(args.out / "tantivy"),
        "zim file (text + Xapian index)": dir_size(zim),
    }
    results["build_s"] = {
        "tantivy (1 thread)": round(tantivy_s, 2),
        "zim + xapian": round(zim_s, 2),
    }
    results["first_search_reads_vocabulary_ms"] = round(first_vocabulary_s * 1000, 1)
    results["load"] = os.getloadavg()
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    print(render(results))
    return 0


def render(r: dict) -> str:
    lines = [f"{r['articles']} articles, median of {r['runs']} runs per query", ""]
    for label, title in (("queries", "20 typical queries"), ("typos", "20 mistyped queries")):
        lines += [f"| {title} | median ms | p95 ms | p95 / xapian p95 | per-query ratio (median) |",
                  "|---|---|---|---|---|"]  # fmt: skip
        for name, f in r[label].items():
            lines.append(
                f"| {name} | {f['median']} | {f['p95']} | {f['ratio_p95_to_xapian_p95']} |"
                f" {f['ratio_per_query_median']} |"
            )
        lines.append("")
    lines += ["| app stage (ms) | " + " | ".join(r["stages"]) + " |",
              "|---" * (len(r["stages"]) + 1) + "|"]  # fmt: skip
    stages = next(iter(r["stages"].values()))
    for stage in stages:
        cells = " | ".join(str(v[stage]) for v in r["stages"].values())
        lines.append(f"| {stage} | {cells} |")
    first = r["first_search_reads_vocabulary_ms"]
    lines += ["", f"sizes: {r['sizes_bytes']}", f"build: {r['build_s']}",
              f"first search (reads the vocabulary): {first} ms", f"load: {r['load']}"]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

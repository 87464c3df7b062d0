"""The format's text limits, and manifests whose JSON is valid but not text.

Each case offers a version 2 that breaks one limit (or carries one value
no program can store) over an installed version 1: `sync` and
`bundle check` must both exit 3 naming the file and the rule, and the
library must be unchanged. `bundle build` must refuse the same sources.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.bundle.limits import DEFAULT_LIMITS, Limits
from reader.core.bundle.walk import check_bundle
from reader.core.errors import BundleRejected
from reader.core.library.sync import sync
from reader.core.paths import embedded_bundle_path
from tests.bundles import BundleSpec, article_text, bundle_spec, source_folder
from tests.core.bundle.test_bundle_rules import assert_rejected

ALPHA = "articles/alpha-study.md"
M = "manifest.json"


def alpha(text: str) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        spec.set_file("alpha-study", text)

    return edit


def alpha_meta(key: str, value: str) -> Callable[[BundleSpec], None]:
    return alpha(article_text("Alpha", "general", meta={key: value}))


def many_categories(count: int) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        slugs = [f"topic-{i}" for i in range(count)]
        spec.manifest["categories"] += [{"slug": s, "name": s} for s in slugs]
        spec.set_file("alpha-study", article_text("Alpha", slugs))

    return edit


def many_keys(count: int) -> Callable[[BundleSpec], None]:
    return alpha(article_text("Alpha", meta={f"Key-{i}": "x" for i in range(count)}))


def nested_list(depth: int) -> str:
    return "".join(f"{'    ' * level}- level {level}\n" for level in range(depth))


def alpha_body(body: str) -> Callable[[BundleSpec], None]:
    return alpha(article_text("Alpha", body=f"## Simple Explanation\n\nPlain.\n\n{body}"))


def about_page(text: str) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        spec.set_file("about", text)

    return edit


def manifest_value(edit_doc: Callable[[dict], None]) -> Callable[[BundleSpec], None]:
    def edit(spec: BundleSpec) -> None:
        edit_doc(spec.manifest)

    return edit


def manifest_text(old: str, new: str) -> Callable[[BundleSpec], None]:
    """Edit the manifest as JSON text (ASCII-escaped), for values json.dumps cannot make."""

    def edit(spec: BundleSpec) -> None:
        text = json.dumps(spec.manifest, indent=1)
        assert old in text
        spec.manifest_bytes = text.replace(old, new, 1).encode("ascii")

    return edit


def set_key(*path: object, value: object) -> Callable[[dict], None]:
    def edit(doc: dict) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


CASES = {
    # Article metadata.
    "title-1001": (
        alpha(article_text("T" * 1001)),
        (ALPHA, "Title is 1001 characters long, more than the limit of 1000"),
    ),
    "journal-1001": (
        alpha_meta("Journal", "J" * 1001),
        (ALPHA, "Journal is 1001 characters long, more than the limit of 1000"),
    ),
    "unknown-key-value-1001": (
        alpha_meta("Funding", "F" * 1001),
        (ALPHA, "Funding is 1001 characters long"),
    ),
    "plain-title-121": (
        alpha_meta("Plain-Title", "P" * 121),
        (ALPHA, "Plain-Title is 121 characters long, more than the limit of 120"),
    ),
    "categories-51": (
        many_categories(51),
        (ALPHA, "lists more than 50 categories (the limit)"),
    ),
    "categories-line-3301": (  # 133,738 slugs in a 281 KB ZIP stalled check for minutes
        alpha(article_text("Alpha", "general, " + "x" * 3292)),
        (ALPHA, "Categories is 3301 characters long, more than the limit of 3300"),
    ),
    "meta-keys-101": (
        many_keys(99),  # with Title and Categories: 101 keys
        (ALPHA, "the metadata block has 101 keys, more than the limit of 100"),
    ),
    # Markdown nesting (issue 9 item 6: 5,000 levels broke the window).
    "list-nested-17": (alpha_body(nested_list(17)), (ALPHA, "nested more than 16 levels deep")),
    "list-nested-5000": (
        alpha_body("- " * 5000 + "deep\n"),
        (ALPHA, "nested more than 16 levels deep"),
    ),
    "list-markers-17-on-one-line": (
        alpha_body("- " * 17 + "deep\n"),
        (ALPHA, "nested more than 16 levels deep"),
    ),
    "ordered-markers-of-10-digits": (  # Python-Markdown takes any number of digits
        alpha_body("1234567890. " * 20 + "x\n"),
        (ALPHA, "nested more than 16 levels deep"),
    ),
    "quote-nested-17": (alpha_body("> " * 17 + "deep\n"), (ALPHA, "nested more than 16")),
    "page-nested-17": (
        about_page("## About\n\n" + nested_list(17)),
        ("pages/about.md", "nested more than 16 levels deep"),
    ),
    # Manifest text.
    "library-title-201": (
        manifest_value(set_key("title", value="L" * 201)),
        (M, "title is 201 characters long, more than the limit of 200"),
    ),
    "category-name-201": (
        manifest_value(set_key("categories", 0, "name", value="N" * 201)),
        (M, "categories[0]: name is 201 characters long, more than the limit of 200"),
    ),
    "category-description-1001": (
        manifest_value(set_key("categories", 0, "description", value="D" * 1001)),
        (M, "categories[0]: description is 1001 characters long"),
    ),
    "page-title-201": (
        manifest_value(set_key("pages", 0, "title", value="P" * 201)),
        (M, "pages[0]: title is 201 characters long, more than the limit of 200"),
    ),
    # Python's `$` matches before a trailing newline (issue 9 item 4).
    "article-id-trailing-newline": (
        manifest_value(set_key("articles", 0, "id", value="alpha-study\n")),
        (M, "articles[0]: id 'alpha-study\\n' must match"),
    ),
    "category-slug-trailing-newline": (
        manifest_value(lambda doc: doc["categories"].append({"slug": "extra\n", "name": "Extra"})),
        (M, "categories[3]: slug 'extra\\n' must match"),
    ),
    "page-id-trailing-newline": (
        manifest_value(set_key("pages", 0, "id", value="about\n")),
        (M, "pages[0]: id 'about\\n' must match"),
    ),
    # Valid JSON that Python or SQLite cannot use (issue 9 item 11).
    "version-5000-digits": (
        manifest_text('"version": 2', '"version": ' + "9" * 5000),
        (M, "is not usable JSON", "integer string conversion"),
    ),
    "lone-surrogate-title": (
        manifest_value(set_key("title", value="Library \ud800")),
        (M, "escape that is not part of a pair"),
    ),
    "lone-surrogate-category-name": (
        manifest_value(set_key("categories", 1, "name", value="\udfff")),
        (M, "escape that is not part of a pair"),
    ),
    "lone-surrogate-page-title": (
        manifest_value(set_key("pages", 1, "title", value="About \udc00")),
        (M, "escape that is not part of a pair"),
    ),
    "lone-surrogate-path": (
        manifest_value(set_key("articles", 0, "path", value="articles/\ud800.md")),
        (M, "escape that is not part of a pair"),
    ),
}


def ascii_manifest(edit: Callable[[BundleSpec], None]) -> Callable[[BundleSpec], None]:
    """Apply `edit`, then write the manifest ASCII-escaped (a lone surrogate as \\udXXX)."""

    def wrapped(spec: BundleSpec) -> None:
        edit(spec)
        if spec.manifest_bytes is None:
            spec.manifest_bytes = json.dumps(spec.manifest, indent=1).encode("ascii")

    return wrapped


@pytest.mark.parametrize("kind", ["dir", "zip"])
@pytest.mark.parametrize("case", list(CASES))
def test_limit_broken_once_is_rejected(case, kind, cli, data_dir, installed, make_bundle):
    edit, fragments = CASES[case]
    source = make_bundle(version=2, kind=kind, edit=ascii_manifest(edit))
    assert_rejected(cli, data_dir, installed, source, *fragments)


@pytest.mark.parametrize(
    "edit",
    [
        alpha(article_text("T" * 1000, meta={"Journal": "J" * 1000, "Plain-Title": "P" * 120})),
        many_categories(50),
        many_keys(98),
        alpha_body(nested_list(16)),
        alpha_body("- - - - - - - - - - - - - - - - - - - -\n\nA rule, not a list.\n"),
        manifest_value(set_key("title", value="L" * 200)),
        manifest_value(set_key("title", value="Emoji \U0001f600 as a surrogate pair")),
    ],
    ids=["at-text-limits", "50-categories", "100-keys", "16-levels", "rule", "200", "pair"],
)
def test_values_at_the_limits_are_accepted(edit, cli, installed, make_bundle):
    source = make_bundle(version=2, edit=ascii_manifest(edit))
    assert cli("bundle", "check", source).code == 0
    result = cli("sync", source)
    assert result.code == 0, result.err


def test_embedded_library_is_far_inside_the_limits():
    """Every text limit divided by four still accepts the embedded library (its margin).

    Not the plain title's: its 120 characters are the format's own rule for a
    headline, which the library meets exactly, not a safety limit with room.
    """
    text_limits = [
        f.name
        for f in dataclasses.fields(Limits)
        if not f.name.endswith(("_bytes", "entries")) and f.name != "plain_title_chars"
    ]
    quarter = dataclasses.replace(
        DEFAULT_LIMITS, **{name: getattr(DEFAULT_LIMITS, name) // 4 for name in text_limits}
    )
    report = check_bundle(embedded_bundle_path(), limits=quarter)
    assert report.articles == 42


def test_bundle_build_refuses_a_source_over_the_limits(cli, tmp_path):
    articles = {
        "long-title": article_text("T" * 1001, meta={"Added": "2025-01-01"}),
        "deep": article_text("Deep", body="## Simple Explanation\n\n" + nested_list(40)),
    }
    src = source_folder(tmp_path / "src", articles)
    out = tmp_path / "out.zip"
    result = cli("bundle", "build", src, out, "--version", 1)
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert "articles/long-title.md: Title is 1001 characters long" in result.err
    assert "articles/deep.md: lists or quotes are nested more than 16 levels deep" in result.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("file", "content", "fragment"),
    [
        ("categories.json", '{"categories": [{"slug": "a", "name": "\\ud800"}]}', "not part of"),
        ("categories.json", '[{"slug": "a", "name": "x", "n": ' + "1" * 5000 + "}]", "JSON"),
        ("bundle.json", '{"title": "\\udbff library"}', "not part of a pair"),
    ],
    ids=["surrogate-category", "huge-int", "surrogate-title"],
)
def test_bundle_build_refuses_json_no_program_can_store(cli, tmp_path, file, content, fragment):
    src = source_folder(tmp_path / "src", {"a": article_text("A", "general")})
    (src / file).write_text(content, encoding="ascii")
    result = cli("bundle", "build", src, tmp_path / "out.zip", "--version", 1)
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert f"sci-reader: {file}:" in result.err and fragment in result.err


# --- bundle check and sync agree on any manifest text -----------------------

odd_text = st.text(
    st.one_of(st.characters(), st.sampled_from(["\ud800", "\udc00", "\udfff", "\x00", "\x1b"])),
    max_size=250,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=odd_text, name=odd_text, description=odd_text, page_title=odd_text)
def test_bundle_check_and_sync_agree_on_any_manifest_text(title, name, description, page_title):
    spec = bundle_spec()
    spec.manifest["title"] = title
    spec.manifest["categories"][0].update(name=name, description=description)
    spec.manifest["pages"][0]["title"] = page_title
    spec.manifest_bytes = json.dumps(spec.manifest).encode("ascii")  # \\udXXX escapes
    with tempfile.TemporaryDirectory() as tmp:
        source = spec.write(Path(tmp) / "bundle", "dir")
        try:
            check_bundle(source)
            checked = None
        except BundleRejected as exc:
            checked = exc.problems
        try:
            sync(Path(tmp) / "data", source)
            synced = None
        except BundleRejected as exc:
            synced = exc.problems
    # Both accept or both reject, on the same manifest problems; `bundle check`
    # goes on to the files of the valid entries (docs/bundle-format.md), sync stops.
    assert (checked is None) == (synced is None)
    if checked is not None:
        assert checked[: len(synced)] == synced
        assert all(p.where != "manifest.json" for p in checked[len(synced) :])

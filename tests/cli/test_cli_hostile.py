"""Every sub-command, fed hostile arguments, answers with a message, never a traceback.

Each case runs `python -m reader` in a real subprocess (so that bytes such
as 0xFF reach it as they would from a shell) with a time limit and an
address-space limit: on the old code `sync /dev/zero` grew until the OOM
killer came, and a named pipe hung forever. The contract allows exit 0, or
2 to 5 with one-line messages; exit 1 or "Traceback" is a bug.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

import reader
from reader.core.paths import embedded_bundle_path
from tests.bundles import article_text, bundle_spec

TIMEOUT = 30  # seconds; a case that hangs (a FIFO) fails instead of blocking the suite
MEMORY = 1024 * 1024 * 1024  # bytes of address space per case
HUGE = "99999999999999999999"
LONG = "a" * 300  # one path component longer than any file system allows (255 bytes)
ESCAPE = "\x1b]0;owned\x07\x1b[2J"
XFF = os.fsdecode(b"\xff")  # what Python makes of a 0xFF byte in argv
SOURCE_ROOT = str(Path(reader.__file__).resolve().parent.parent)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "reader", *(os.fsencode(a) for a in args)]
    env = {k: v for k, v in os.environ.items() if k != "SCI_READER_DATA_DIR"}
    # The code this test imported, whatever the working directory.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SOURCE_ROOT, env.get("PYTHONPATH")]))
    return subprocess.run(
        argv,
        capture_output=True,
        timeout=TIMEOUT,
        preexec_fn=_limit_memory,
        env=env,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, Path]:
    """A synced library (reading commands never change it), a FIFO, folders, a source."""
    root = tmp_path_factory.mktemp("hostile")
    library = root / "library"
    result = run("--data-dir", library, "sync", embedded_bundle_path())
    assert result.returncode == 0, result.stderr
    os.mkfifo(root / "fifo")
    (root / "empty").mkdir()
    # Targets of `bundle build` apart: the old code replaced them with a ZIP.
    os.mkfifo(root / "out-fifo")
    (root / "out-dir").mkdir()
    src = root / "src"
    (src / "articles").mkdir(parents=True)
    (src / "categories.json").write_text('[{"slug": "general", "name": "General"}]')
    (src / "articles" / "a.md").write_text(article_text("A", meta={"Added": "2025-01-01"}))
    fifo_src = root / "fifo-src"
    (fifo_src / "articles").mkdir(parents=True)
    os.mkfifo(fifo_src / "categories.json")
    (fifo_src / "articles" / "a.md").write_text(article_text("A"))
    zero_src = root / "zero-src"
    (zero_src / "articles").mkdir(parents=True)
    (zero_src / "categories.json").symlink_to("/dev/zero")
    (zero_src / "articles" / "a.md").write_text(article_text("A"))
    fifo_bundle = bundle_spec().write(root / "fifo-bundle", "dir")
    (fifo_bundle / "articles" / "alpha-study.md").unlink()
    os.mkfifo(fifo_bundle / "articles" / "alpha-study.md")
    fifo_manifest = bundle_spec().write(root / "fifo-manifest", "dir")
    (fifo_manifest / "manifest.json").unlink()
    os.mkfifo(fifo_manifest / "manifest.json")
    export = root / "export.json"
    assert run("--data-dir", library, "userdata", "export", export).returncode == 0
    return {
        "library": library,
        "fifo": root / "fifo",
        "empty": root / "empty",
        "out-fifo": root / "out-fifo",
        "out-dir": root / "out-dir",
        "src": src,
        "fifo-src": fifo_src,
        "zero-src": zero_src,
        "fifo-bundle": fifo_bundle,
        "fifo-manifest": fifo_manifest,
        "root": root,
    }


# (arguments after `--data-dir DATA`; "{name}" is replaced by a path from `places`)
READING = [
    ("status",),
    ("status", "--json"),
    ("list", "--category", ""),
    ("list", "--category", XFF),
    ("list", "--category", ESCAPE),
    ("list", "--category", LONG),
    ("categories",),
    ("search", ""),
    ("search", XFF),
    ("search", ESCAPE),
    ("search", '[[[[ ((( "unbalanced'),
    ("search", "NEAR( * OR AND -"),
    ("search", "x" * 100_000),
    ("search", "spinal", "--limit", HUGE),
    ("search", "spinal", "--limit", "-" + HUGE),
    ("search", "spinal", "--limit", "9" * 5000),
    ("search", "spinal", "--limit", ""),
    ("search", "spinal", "--limit", "1e3"),
    ("show", ""),
    ("show", XFF),
    ("show", ESCAPE),
    ("show", "../../../etc/passwd"),
    ("show", LONG),
    ("show", "x" * 100_000),
]

WRITING = [
    ("sync", ""),
    ("sync", "/dev/zero"),
    ("sync", "{fifo}"),
    ("sync", "{empty}"),
    ("sync", "{fifo-bundle}"),
    ("sync", "{fifo-manifest}"),
    ("sync", "{root}/" + LONG),
    ("sync", "{root}/" + LONG + "/manifest.json"),
    ("sync", XFF),
    ("sync", ESCAPE),
    ("sync", "http://"),
    ("bundle", "check", ""),
    ("bundle", "check", "/dev/zero"),
    ("bundle", "check", "{fifo}"),
    ("bundle", "check", "{empty}"),
    ("bundle", "check", "{fifo-bundle}"),
    ("bundle", "check", "{fifo-manifest}"),
    ("bundle", "check", "{root}/" + LONG),
    ("bundle", "check", XFF),
    ("bundle", "build", "{src}", "{root}/out.zip", "--version", HUGE),
    ("bundle", "build", "{src}", "{root}/out.zip", "--version", "-1"),
    ("bundle", "build", "{src}", "{root}/out.zip", "--version", "9" * 5000),
    ("bundle", "build", "{src}", "{root}/out.zip", "--version", ""),
    ("bundle", "build", "", "{root}/out.zip", "--version", "1"),
    ("bundle", "build", "/dev/zero", "{root}/out.zip", "--version", "1"),
    ("bundle", "build", "{fifo}", "{root}/out.zip", "--version", "1"),
    ("bundle", "build", "{fifo-src}", "{root}/out.zip", "--version", "1"),
    ("bundle", "build", "{zero-src}", "{root}/out.zip", "--version", "1"),
    ("bundle", "build", "{src}", "{out-fifo}", "--version", "1"),
    ("bundle", "build", "{src}", "{out-dir}", "--version", "1"),
    ("bundle", "build", "{src}", "", "--version", "1"),
    ("bundle", "build", "{src}", "{root}/" + LONG, "--version", "1"),
    ("bundle", "build", "{src}", "{root}/" + XFF + ".zip", "--version", "1"),
    ("userdata", "export", ""),
    ("userdata", "export", "{empty}"),
    ("userdata", "export", "{root}/no-such-folder/export.json"),
    ("userdata", "export", "{root}/" + LONG),
    ("userdata", "import", ""),
    ("userdata", "import", "{empty}"),
    ("userdata", "import", "{root}/" + LONG),
    ("userdata", "import", XFF),
    ("userdata", "import", "/dev/zero"),
    ("userdata", "import", "{fifo}"),
]


def _expand(args: tuple[str, ...], places: dict[str, Path]) -> list[str]:
    out = []
    for a in args:
        for name, path in places.items():
            a = a.replace("{" + name + "}", str(path))
        out.append(a)
    return out


def assert_clean_exit(result: subprocess.CompletedProcess) -> None:
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err[-3000:]
    assert result.returncode in (0, 2, 3, 4, 5), (result.returncode, err[-3000:])
    for line in err.splitlines():
        # One line per problem; argparse's own usage message for a bad command line.
        assert line.startswith(("sci-reader", "usage: ", " ")), err[-3000:]
        assert "\x1b" not in line and "\x07" not in line, line


def _id(args) -> str:
    return (
        " ".join(a if len(a) < 20 else a[:12] + f"...({len(a)})" for a in args)
        .encode("ascii", "backslashreplace")
        .decode()
    )


@pytest.mark.parametrize("args", READING, ids=[_id(a) for a in READING])
def test_reading_commands_with_hostile_arguments(args, places):
    result = run("--data-dir", places["library"], *_expand(args, places))
    assert_clean_exit(result)
    assert b"\x1b" not in result.stdout


@pytest.mark.parametrize(
    "args", WRITING, ids=[_id(a.values[0] if hasattr(a, "values") else a) for a in WRITING]
)
def test_writing_commands_with_hostile_arguments(args, places, tmp_path):
    result = run("--data-dir", tmp_path / "data", *_expand(args, places), cwd=tmp_path)
    assert_clean_exit(result)


@pytest.mark.parametrize(
    "data_dir",
    [
        "",
        "/dev/zero",
        "{fifo}",
        "{root}/" + XFF,
        "{root}/" + ESCAPE,
        "{root}/" + LONG,
    ],
    ids=["empty", "dev-zero", "fifo", "xff", "escape", "long-component"],
)
@pytest.mark.parametrize("command", [("status",), ("list",), ("search", "x"), ("show", "x")])
def test_hostile_data_dir(data_dir, command, places):
    result = run("--data-dir", *_expand((data_dir,), places), *command)
    assert_clean_exit(result)


def test_version_and_help():
    for args in (("--version",), ("--help",), ("bundle", "--help"), ("nonsense",)):
        assert_clean_exit(run(*args))


def test_sync_of_dev_zero_and_a_fifo_say_why(places, tmp_path):
    for source, kind in (("/dev/zero", "a device"), (places["fifo"], "a named pipe")):
        for command in (("sync", source), ("bundle", "check", source)):
            result = run("--data-dir", tmp_path / "data", *command)
            assert result.returncode == 2, result
            assert result.stderr.decode() == (
                f"sci-reader: {source}: is {kind}, not a regular file; "
                "a bundle is a ZIP file or a folder\n"
            )
    assert not (tmp_path / "data" / "library.sqlite3").exists()


def test_listed_file_that_is_a_fifo_is_rejected(places, tmp_path):
    for bundle, where in (
        (places["fifo-bundle"], "articles/alpha-study.md"),
        (places["fifo-manifest"], "manifest.json"),
    ):
        for command in (("sync", bundle), ("bundle", "check", bundle)):
            result = run("--data-dir", tmp_path / "data", *command)
            assert result.returncode == 3, result
            assert f"sci-reader: {where}: is not a regular file" in result.stderr.decode()


def test_bundle_build_refuses_special_sources_and_targets(places):
    out = places["root"] / "never.zip"
    for src, message in (
        (places["fifo-src"], "categories.json: cannot be read (is a named pipe, not a regular"),
        (places["zero-src"], "categories.json: cannot be read (is a device, not a regular file"),
    ):
        result = run("bundle", "build", src, out, "--version", "1")
        assert result.returncode == 3, result
        assert message in result.stderr.decode()
    for target in (places["out-fifo"], places["out-dir"]):
        result = run("bundle", "build", places["src"], target, "--version", "1")
        assert result.returncode == 2, result
        assert "exists and is not a regular file" in result.stderr.decode()
    assert not out.exists()
    assert places["out-fifo"].is_fifo() and places["out-dir"].is_dir()


def test_search_limit_beyond_sqlite_integers_is_clamped(places):
    result = run("--data-dir", places["library"], "search", "spinal", "--limit", HUGE, "--json")
    assert result.returncode == 0, result.stderr
    many = run("--data-dir", places["library"], "search", "spinal", "--limit", "1000", "--json")
    assert result.stdout == many.stdout and len(result.stdout) > 2


def test_undecodable_id_and_category_are_simply_not_found(places):
    result = run("--data-dir", places["library"], "show", XFF)
    assert (result.returncode, result.stderr) == (
        2,
        b"sci-reader: no article with id '\\udcff' in the library\n",
    )
    result = run("--data-dir", places["library"], "list", "--category", XFF)
    assert (result.returncode, result.stderr) == (
        2,
        b"sci-reader: no category '\\udcff' in the library\n",
    )


# --- escape sequences in bundle text (issue 9 item 4) -----------------------

RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e", "\x00", "\x7f")


@pytest.fixture
def escaped_library(cli, make_bundle):
    """A library whose every shown text carries terminal control sequences."""
    articles = {
        "tricky": article_text(
            "Title\x1b]0;owned\x07 \u202eevil",
            ["general", "pain"],
            "A quokka\x1b[2J wipes \x9b2J the screen\x00 and\x7f more.",
            meta={"Journal": "J\x1b[31m", "DOI": "10.1/x\x1b[0m"},
            body=None,
        )
    }

    def edit(spec) -> None:
        spec.manifest["title"] = "Library\x1b]0;owned\x07"
        spec.manifest["categories"][1]["name"] = "Pain\x1b[5m"

    result = cli("sync", make_bundle(articles, edit=edit))
    assert result.code == 0, result.err


@pytest.mark.parametrize(
    "command",
    [("status",), ("list",), ("list", "--category", "pain"), ("categories",),
     ("search", "quokka"), ("show", "tricky")],
    ids=lambda c: " ".join(c),
)  # fmt: skip
def test_text_output_shows_control_characters_visibly(command, cli, escaped_library):
    result = cli(*command)
    assert result.code == 0, result.err
    for raw in RAW_CONTROLS:
        assert raw not in result.out, (raw, result.out)
    assert "^[" in result.out, result.out


def test_show_prints_every_text_field_visibly(cli, escaped_library):
    out = cli("show", "tricky").out
    assert out.startswith("Title^[]0;owned^G \\u202eevil\nJ^[[31m\nDOI: 10.1/x^[[0m\n")
    assert "A quokka^[[2J wipes \\u009b2J the screen^@ and^? more." in out


def test_problem_lines_show_control_characters_visibly(cli, make_bundle):
    source = make_bundle({"bad": article_text("Bad", "nowhere\x1b[2J")})
    result = cli("bundle", "check", source)
    assert result.code == 3
    assert "category 'nowhere^[[2J' is not one of the manifest's categories" in result.err
    assert "\x1b" not in result.err


@pytest.mark.parametrize(
    "command",
    [("status", "--json"), ("list", "--json"), ("categories", "--json"),
     ("search", "quokka", "--json"), ("show", "tricky", "--json")],
    ids=lambda c: " ".join(c),
)  # fmt: skip
def test_json_output_escapes_every_control_character(command, cli, escaped_library):
    result = cli(*command)
    assert result.code == 0, result.err
    for raw in RAW_CONTROLS:
        assert raw not in result.out, (raw, result.out)
    json.loads(result.out)  # still JSON, the same values for a program


def test_json_keeps_the_text_a_program_reads(cli, escaped_library):
    shown = json.loads(cli("show", "tricky", "--json").out)
    assert shown["title"] == "Title\x1b]0;owned\x07 \u202eevil"


def test_usage_errors_show_control_characters_visibly(places):
    result = run("status", ESCAPE)  # an argument status does not take
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr and b"\x07" not in result.stderr
    assert b"unrecognized arguments: ^[]0;owned^G^[[2J" in result.stderr


def test_an_empty_category_is_not_found_like_any_other(cli, escaped_library):
    result = cli("list", "--category", "")
    assert (result.code, result.err) == (2, "sci-reader: no category '' in the library\n")


def test_text_an_output_cannot_encode_is_escaped_not_a_crash(tmp_path):
    # A pipe or file on Windows takes cp1252, which has no '≥', 'β' nor emoji; here
    # ASCII stands for any such output. Exit 1 (a traceback) is a bug (CLI.md).
    title = "Walking ≥ 10 m with β-blockers 🙂"
    source = bundle_spec({"odd-study": article_text(title)}).write(tmp_path / "b", "dir")
    data = tmp_path / "data"
    assert run("--data-dir", data, "sync", source).returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": SOURCE_ROOT}
    env.pop("SCI_READER_DATA_DIR", None)

    def ascii_run(*args: str) -> subprocess.CompletedProcess:
        argv = [sys.executable, "-m", "reader", "--data-dir", str(data), *args]
        return subprocess.run(argv, capture_output=True, timeout=TIMEOUT, env=env)

    commands = (("list",), ("show", "odd-study"), ("search", "walking"))
    for args in commands:
        result = ascii_run(*args)
        assert (result.returncode, result.stderr) == (0, b""), (args, result.stderr[-600:])
        assert b"\\u2265" in result.stdout  # '≥', escaped for the reader to see
    for args in commands:
        result = ascii_run(*args, "--json")
        assert (result.returncode, result.stderr) == (0, b""), (args, result.stderr[-600:])
        shown = json.loads(result.stdout)
        assert (shown[0] if isinstance(shown, list) else shown)["title"] == title

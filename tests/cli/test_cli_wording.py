"""What the command line says in words: help for every argument, empty libraries, counts."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from reader.cli.parser import build_parser
from reader.core.personal.store import PersonalData
from tests.bundles import article_text

EMPTY = "The library is empty: run `sci-reader sync` to import the default library."
ONE = {"only-study": article_text("The only study", "pain", "About pain.")}
ONE_PAGE = {"about": ("About", "## About\n\nA page.\n")}
ONE_CATEGORY = [{"slug": "pain", "name": "Pain"}]


def parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command words, parser) for the top level and every sub-command, however deep."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


COMMANDS = [path for path, _parser in parsers(build_parser())]


def test_every_command_is_walked():
    assert ("bundle", "build") in COMMANDS and ("userdata", "import") in COMMANDS
    assert ("show",) in COMMANDS and () in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "sci-reader")
def test_every_argument_and_option_has_help(path):
    parser = dict(parsers(build_parser()))[path]
    assert parser.description, f"{path} has no description"
    for action in parser._actions:
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help != argparse.SUPPRESS, f"{name} of {path} has no help"


@pytest.mark.parametrize("path", [(), ("search",), ("bundle", "build")])
def test_help_shows_each_argument_with_its_text(path):
    """The real command's --help, as a person sees it."""
    out = subprocess.run(
        [sys.executable, "-m", "reader", *path, "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parser = dict(parsers(build_parser()))[path]
    for action in parser._actions:
        first_words = " ".join(action.help.split()[:3])
        assert first_words in " ".join(out.split()), f"{action.dest}: {out}"


@pytest.mark.parametrize("command", ["status", "list", "categories"])
def test_reading_commands_on_an_empty_library_say_so(cli, command):
    result = cli(command)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == EMPTY
    assert cli(command, "--json").code == 0


def test_json_on_an_empty_library_stays_an_empty_array(cli):
    assert cli("list", "--json").json() == []
    assert cli("categories", "--json").json() == []


def test_a_category_without_articles_says_so(cli, make_bundle):
    categories = [*ONE_CATEGORY, {"slug": "walking", "name": "Walking"}]
    assert cli("sync", make_bundle(ONE, categories=categories)).code == 0
    result = cli("list", "--category", "walking")
    assert (result.code, result.out) == (0, "No articles in the category 'walking'.\n")
    assert "only-study" in cli("list").out


def test_counts_of_one_are_singular(cli, make_bundle, tmp_path, data_dir):
    source = make_bundle(ONE, pages=ONE_PAGE, categories=ONE_CATEGORY)
    assert cli("sync", source).code == 0
    assert "1 article, 1 category, 1 page\n" in cli("status").out
    assert cli("bundle", "check", source).out == "OK: version 1, 1 article, 1 page.\n"
    with PersonalData(data_dir) as personal:
        personal.add_bookmark("only-study", "The only study")
        personal.set_feedback("only-study", True)
        personal.set_note("only-study", "The only study", "Ask about it")
    out = cli("userdata", "export", tmp_path / "mine.json").out
    assert out.startswith("Exported 1 bookmark, 1 feedback answer and 1 note to ")


def test_counts_of_two_are_plural(cli, make_bundle):
    two = {**ONE, "second-study": article_text("Second", "pain", "More.")}
    pages = {**ONE_PAGE, "help": ("Help", "## Help\n\nText.\n")}
    source = make_bundle(two, pages=pages, categories=[*ONE_CATEGORY, {"slug": "a", "name": "A"}])
    assert cli("sync", source).code == 0
    assert "2 articles, 2 categories, 2 pages\n" in cli("status").out
    assert cli("bundle", "check", source).out == "OK: version 1, 2 articles, 2 pages.\n"

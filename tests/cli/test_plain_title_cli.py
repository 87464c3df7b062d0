"""`Plain-Title` and `Study-Type` through the command line: checked, stored, shown."""

from __future__ import annotations

import subprocess
import sys

from tests.bundles import article_text, full_article_text

HEADLINE = "Walking got better in 12 adults who trained with a robot suit"
ARTICLES = {
    "suit": full_article_text(
        "Robotic Exoskeleton Gait Training in Chronic Incomplete SCI",
        "zebrafish",
        plain_title=HEADLINE,
        study_type="single-group-trial",
    ),
    "bare": article_text("A paper with no plain headline", simple="About a quokka."),
}


def test_show_list_and_search_json_carry_the_new_keys(cli, make_bundle):
    assert cli("sync", make_bundle(ARTICLES)).code == 0
    shown = cli("show", "suit", "--json").json()
    assert (shown["plain_title"], shown["study_type"]) == (HEADLINE, "single-group-trial")
    assert shown["title"] == "Robotic Exoskeleton Gait Training in Chronic Incomplete SCI"
    bare = cli("show", "bare", "--json").json()
    assert (bare["plain_title"], bare["study_type"]) == (None, None)
    listed = {a["id"]: a["plain_title"] for a in cli("list", "--json").json()}
    assert listed == {"suit": HEADLINE, "bare": None}
    # The headline is searched: "robot" is in it only.
    hits = cli("search", "robot suit", "--json").json()
    assert [(h["id"], h["plain_title"]) for h in hits] == [("suit", HEADLINE)]
    assert [h["plain_title"] for h in cli("search", "quokka", "--json").json()] == [None]


def test_show_text_leads_with_the_headline_and_names_the_paper(cli, make_bundle):
    assert cli("sync", make_bundle(ARTICLES)).code == 0
    lines = cli("show", "suit").out.splitlines()
    assert lines[0] == HEADLINE
    assert lines[1] == "From the paper: Robotic Exoskeleton Gait Training in Chronic Incomplete SCI"
    assert "Study type: Single-group trial (Early evidence): One group was treated" in lines[4]
    assert cli("show", "bare").out.splitlines()[0] == "A paper with no plain headline"


def _bad(make_bundle):
    text = full_article_text("Bad", "w", study_type="Randomised controlled trial")
    return make_bundle({**ARTICLES, "bad": text}, version=2)


def test_bundle_check_rejects_a_study_type_not_in_the_list(cli, make_bundle):
    result = cli("bundle", "check", _bad(make_bundle))
    assert result.code == 3
    (line,) = result.err.splitlines()
    assert line.startswith(
        "sci-reader: articles/bad.md: Study-Type 'Randomised controlled trial' is not one of:"
    )
    assert "randomized-trial, non-randomized-trial, single-group-trial" in line
    assert line.endswith("modelling, laboratory")


def test_sync_rejects_it_and_changes_nothing(cli, make_bundle, data_dir):
    assert cli("sync", make_bundle(ARTICLES)).code == 0
    before = cli("list", "--json").json()
    result = cli("sync", _bad(make_bundle))
    assert result.code == 3
    assert "articles/bad.md: Study-Type 'Randomised controlled trial' is not one of" in result.err
    assert "Traceback" not in result.err
    assert cli("list", "--json").json() == before


def test_a_plain_title_over_120_characters_is_rejected_as_a_subprocess(make_bundle, tmp_path):
    long = full_article_text("Long", "w", plain_title="word " * 30)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "bundle", "check", str(make_bundle({"long": long}))],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 3
    assert done.stderr.strip() == (
        "sci-reader: articles/long.md: Plain-Title is 149 characters long,"
        " more than the limit of 120"
    )

"""The small library the window tests read: a publisher's source folder.

Built with `reader.core.builder.build_bundle` (the real publishing path) and
synced with `reader.core.sync.sync` once per session; every test gets its
own copy of the data folder. Each article carries a word found nowhere else,
so a search for it has exactly one hit.
"""

from __future__ import annotations

from pathlib import Path

from tests.bundles import article_text, source_folder

TITLE = "Window test library"

CATEGORIES = [
    {"slug": "general", "name": "General", "description": "Research in general."},
    {"slug": "pain", "name": "Pain", "description": "Research on nerve pain and comfort."},
    {"slug": "bladder-bowel", "name": "Bladder & Bowel", "description": "Care of the bladder."},
    {"slug": "walking", "name": "Walking"},  # no description on purpose
]

PAGES = {
    "about": ("About this library", "## What this is\n\nA small library for window tests.\n"),
    "disclaimer": ("Disclaimer", "## Not medical advice\n\nAsk your care team first.\n"),
    "how-to-read": ("How to read a summary", "## The parts\n\nEvery summary has parts.\n"),
}

FULL_ID = "full-study"
FULL_TITLE = "Walking again after spinal stimulation"
LINKS_ID = "links-study"
LINKS_TITLE = "A summary with links in it"
SPARSE_ID = "sparse-study"
SPARSE_TITLE = "Sparse facts about quokka habits"
AMP_ID = "bowel-study"
AMP_TITLE = "Bladder & bowel care at home"

# The Markdown of the links article: allowed and forbidden links, raw HTML
# and a remote image, all of which must arrive in the window harmless.
LINKS_SIMPLE = (
    "Links: [a](file:///etc/passwd), [b](javascript:alert(1)), [c](https://example.org) "
    "and [d](mailto:team@example.org). Raw markup <b>raw-bold</b> and "
    "<script>alert(2)</script> stays text. An image ![pic](http://example.org/pic.png) "
    "is not loaded."
)

FULL_BODY = (
    "## Simple Explanation\n\n"
    "This study is about zebrafish and walking. It had a second sentence.\n\n"
    "## Key Findings\n\n1. The first finding.\n2. The second finding.\n3. The third finding.\n\n"
    "## Research Summary\n\nA longer summary of the research.\n\n"
    "## Practical Implications\n\n### Talk to your team\n\nAsk about stimulation.\n\n"
    "### Keep moving\n\nWalk every day.\n\n"
    "## Study Limitations\n\n1. A small study.\n2. No control group.\n"
)

FILLER_WORDS = ("otter", "heron", "lynx", "marmot", "ibis", "tapir", "okapi", "gecko")


def filler_title(i: int) -> str:
    return f"Filler study {i} on {FILLER_WORDS[i - 1]} recovery"


def articles(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Article id -> Markdown; `Added:` dates make the order of `list` known, and
    Published or Year the window's (newest research first): links, full, bowel,
    then fillers 8 to 1, and sparse (no date) last."""
    result = {
        FULL_ID: article_text(
            FULL_TITLE,
            "general, walking",
            meta={
                "Journal": "Test Journal",
                "Year": "2020",
                "DOI": "10.1000/test-1",
                "Published": "2020-03-04",
                "Evidence-Level": "Small trial",
                "Participants": "12 adults",
                "Study-Duration": "6 months",
                "Added": "2025-03-12",
            },
            body=FULL_BODY,
        ),
        LINKS_ID: article_text(
            LINKS_TITLE, "general", LINKS_SIMPLE, meta={"Added": "2025-03-11", "Year": "2021"}
        ),
        SPARSE_ID: article_text(
            SPARSE_TITLE,
            "pain",
            "Only a simple explanation about quokka habits. Nothing else is known.",
            meta={"Added": "2025-03-10"},
        ),
        AMP_ID: article_text(
            AMP_TITLE,
            "bladder-bowel, pain",
            "Bladder care and armadillo routines at home.",
            meta={"Added": "2025-03-09", "Journal": "Care & Home", "Year": "2019"},
        ),
    }
    for i in range(1, len(FILLER_WORDS) + 1):
        result[f"filler-{i:02d}"] = article_text(
            filler_title(i),
            "general" if i % 2 else "pain, general",
            f"A filler about {FILLER_WORDS[i - 1]} and recovery. It says little more.",
            meta={"Added": f"2025-03-{i:02d}", "Journal": "Filler Journal", "Year": str(2010 + i)},
        )
    result.update(extra or {})
    return result


# Version 2: three new summaries and one changed one.
NEW_TITLES = {
    "new-1": "New study one about narwhal",
    "new-2": "New study two about narwhal",
    "new-3": "New study three about narwhal",
}


def articles_v2() -> dict[str, str]:
    extra = {
        aid: article_text(
            title, "general", "A new summary about narwhal.", meta={"Added": day, "Published": day}
        )
        for (aid, title), day in zip(
            NEW_TITLES.items(), ("2025-04-01", "2025-04-02", "2025-04-03"), strict=True
        )
    }
    extra["filler-05"] = article_text(
        "Filler study 5, revised",
        "general",
        "A revised filler about ibis and recovery.",
        meta={"Added": "2025-03-05", "Journal": "Filler Journal", "Year": "2015"},
    )
    return articles(extra)


def write_source(root: Path, items: dict[str, str]) -> Path:
    """A publisher's source folder for `build_bundle`: this library's categories,
    pages and title around `items`."""
    return source_folder(root, items, pages=PAGES, categories=CATEGORIES, title=TITLE)

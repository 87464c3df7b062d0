"""An article's or page's Markdown file read for its structure, by hand.

The bundle format fixes the metadata syntax (Python-Markdown's Meta-Data
extension) and the known `##` sections. Parsing is done here by hand, line by
line, because a sync reads thousands of files and needs only the structure;
turning Markdown into HTML is the renderer's job, later, for one article.
What an article's parts must say is article.py's job; this module only
finds them: the text, the metadata block, the `##` sections, list items,
`###` blocks, and a page's body.
"""

from __future__ import annotations

import re

from reader.core.errors import Problem
from reader.core.model import Section

# Python-Markdown's Meta-Data extension, reproduced.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_META_BEGIN = re.compile(r"^-{3}(\s.*)?")
_META_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")

_H2 = re.compile(r"^ {0,3}##(?!#)[ \t]*(?P<title>.*?)[ \t#]*$")
_H3 = re.compile(r"^ {0,3}###(?!#)[ \t]*(?P<title>.*?)[ \t#]*$")
# A `##` heading's start, at the text's start or after a newline (see split_sections).
_H2_FIRST = re.compile(r" {0,3}##(?!#)")
_H2_LATER = re.compile(r"\n {0,3}##(?!#)")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
# Blank lines at a section's start: dropped, unlike the first line's indentation.
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")
_LIST_ITEM = re.compile(r"^ {0,3}(?:\d{1,9}[.)]|[-+*])[ \t]+(?P<text>.*)$")


def decode_markdown(data: bytes, where: str, problems: list[Problem]) -> str | None:
    """UTF-8 text with a leading BOM dropped and line endings made LF."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(where, f"is not UTF-8 text (byte {exc.start})"))
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_metadata(text: str) -> tuple[dict[str, list[str]], str]:
    """The metadata block (keys lower-cased, values per line) and the rest.

    Walks the block's lines only and slices the rest off in one piece: a
    sync runs this for every article, and the block is a small part of it.
    """
    meta: dict[str, list[str]] = {}
    key: str | None = None
    index = 0  # of the current line
    start = 0  # where it begins; past the end once every line is used
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end]
        if "\t" in line:  # Python-Markdown expands tabs before it reads the block
            line = line.expandtabs(4)
        # startswith() decides what _META_BEGIN and _META_END would, sooner.
        if index == 0 and line.startswith("---"):
            index, start = 1, end + 1
            continue
        if line.strip() == "" or (index > 0 and line.startswith(("---", "..."))):
            start = end + 1
            break
        m = _META.match(line)
        if m:
            name, value = m.groups()
            key = name.lower()
            meta.setdefault(key, []).append(value.strip())
        else:
            more = _META_MORE.match(line)
            if more and key is not None:
                meta[key].append(more.group("value").strip())
            else:
                break
        index += 1
        start = end + 1
    return meta, text[start:]


def section_text(text: str) -> str:
    """A section's Markdown source without the blank lines around it.

    Not `strip()`: four spaces (or a tab) at the start of the first line
    make an indented code block, and `show --json` gives the source as written.
    """
    text = text.rstrip()
    blank = _LEADING_BLANK_LINES.match(text)
    return text[blank.end() :] if blank else text


def split_sections(body: str) -> tuple[str, list[Section]]:
    """Text before the first `##` heading, and the `##` sections in file order."""
    if ("`" in body and "```" in body) or ("~" in body and "~~~" in body):
        return _split_sections_with_fences(body)
    # No code fences: a heading is found by the newline before it (and at
    # the start), a search that runs at C speed and looks at each
    # character once however many "##" a line holds.
    found = [(0, m.end(), body.find("\n", m.end()))] if (m := _H2_FIRST.match(body)) else []
    found += [(m.start() + 1, m.end(), body.find("\n", m.end())) for m in _H2_LATER.finditer(body)]
    if not found:
        return body, []
    sections = []
    for number, (_start, heading, line_end) in enumerate(found):
        if line_end < 0:
            line_end = len(body)
        text_end = found[number + 1][0] if number + 1 < len(found) else len(body)
        title = body[heading:line_end].strip().rstrip("#").rstrip()
        sections.append(Section(title, section_text(body[line_end:text_end])))
    return body[: found[0][0]], sections


def _split_sections_with_fences(body: str) -> tuple[str, list[Section]]:
    """Line by line, so that a `##` inside a fenced code block is not a heading."""
    preamble: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        heading = None if in_fence else _H2.match(line)
        if heading:
            sections.append((heading.group("title").strip(), []))
        elif sections:
            sections[-1][1].append(line)
        else:
            preamble.append(line)
    return "\n".join(preamble), [Section(h, section_text("\n".join(t))) for h, t in sections]


def list_items(text: str) -> list[str]:
    """Items of a Markdown list; a section without list markers is one item per paragraph."""
    items: list[str] = []
    current: list[str] | None = None
    saw_marker = False
    for line in text.split("\n"):
        m = _LIST_ITEM.match(line)
        if m:
            saw_marker = True
            if current is not None:
                items.append(" ".join(current).strip())
            current = [m.group("text").strip()]
        elif line.strip() == "":
            if current is not None and not saw_marker:
                items.append(" ".join(current).strip())
                current = None
        elif current is not None:
            current.append(line.strip())
        else:
            current = [line.strip()]
    if current is not None:
        items.append(" ".join(current).strip())
    return [item for item in items if item]


def sub_sections(text: str) -> list[Section]:
    """`### Heading` blocks; text before the first one becomes an untitled block."""
    blocks: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        m = _H3.match(line)
        if m:
            blocks.append((m.group("title").strip(), []))
        elif blocks:
            blocks[-1][1].append(line)
        elif line.strip():
            blocks.append(("", [line]))
    return [Section(h, section_text("\n".join(t))) for h, t in blocks]


def page_body(text: str) -> str:
    """A page's Markdown without its optional metadata block.

    A page needs no metadata, but the Markdown it is rendered with would
    swallow one anyway, so it is dropped here, the same way.
    """
    first = text.split("\n", 1)[0]
    if _META.match(first) or _META_BEGIN.match(first):
        return split_metadata(text)[1]
    return text

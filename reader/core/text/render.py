"""Markdown to safe HTML for the reader window.

Bundle text is untrusted. Python-Markdown passes raw HTML through untouched,
so the raw-HTML stages are switched off (such markup is shown as text), and a
tree pass keeps links only for http, https and mailto and drops images
(not part of format version 1). The window adds its own guard at click time.

Untrusted text must not stall or break the window either:

- Python-Markdown's link patterns scan forward from every `[` to its
  closing `]` and `)`: a run of brackets costs time quadratic in its length
  (133 s for 120 KB). Their scanning is metered against a budget
  proportional to the text; once it is spent, the remaining brackets are
  shown as text. Rendering is linear whatever the input.
- Each inline match rebuilds its block's text: overlong blocks are shown
  without inline formatting, overlong texts without any.
- The block parser cuts a block (lines not separated by a blank line) at
  each rule, heading or setext underline, re-slicing the rest and
  searching it again each time (a block of such lines: quadratic), so a
  text with a block cut more often than a bound is shown as it is. It
  keeps the blocks in a list it pops from the front (many blocks:
  quadratic again), so each conversion gets a queue that pops from the end.
- Each conversion gets its own `Markdown` (0.06 ms to build), so a failure
  cannot leave state behind for the next article; text nested deeper than
  the format allows, or any failure, is shown escaped in a `<pre>` block.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE, HTML_PLACEHOLDER_RE, AtomicString

from reader.core.bundle.limits import DEFAULT_LIMITS
from reader.core.bundle.textrules import nesting_depth
from reader.core.text.evidence import NOT_SPECIFIED

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})

# Characters of link scanning allowed per character of text, plus a floor.
# Ordinary text uses about 3 (three patterns try each link); a bracket run
# would use thousands.
SCAN_PER_CHAR = 32
SCAN_FLOOR = 4096
# Each inline match rebuilds its block's text, so a block's inline work
# grows with the square of its length; past this many characters (five
# times the longest paragraph of the embedded library) a block is shown
# without inline formatting.
INLINE_BLOCK_CHARS = 4096
# Python-Markdown's block parser re-slices a block once per line, so its work
# too grows faster than the text (a megabyte of one-line headings: 10 s).
# A text this long (50 times the longest file of the embedded library) is
# shown as it is rather than parsed.
RENDER_MAX_CHARS = 200_000
# The block parser cuts a block at each rule, heading, setext underline or
# reference definition, and each cut re-slices and re-searches the rest of
# the block: a text with a block cut more often than this (the embedded
# library cuts a block at most once) is shown as it is rather than parsed.
RENDER_MAX_CUTS_PER_BLOCK = 100
# A line that may cut its block, wherever it sits in quotes and lists: a
# `#` or a reference definition, or nothing but rule and underline
# characters. The prefix is possessive, so a long line is matched once.
_CUTTING_LINE = re.compile(
    r"^(?:[ \t>]|[-+*][ \t]|\d+[.)][ \t])*+(?:#|\[[^\]\n]*\]:|[-*_=+ \t]*$)", re.M
)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
# The patterns that scan from a `[` (Python-Markdown's names).
_SCANNING_PATTERNS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)
# Control characters (tab and newline excepted) mean nothing in Markdown.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_allowed_link(href: str) -> bool:
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in ALLOWED_SCHEMES


def _decoded_autolink(href: str) -> str:
    """An email autolink's address as the window will see it.

    Python-Markdown writes `<ana@example.org>` as `mailto:` in character
    entities, each `&` a placeholder that becomes a real `&` only after
    this check. Only Python-Markdown makes that placeholder (bundle text
    cannot hold its control characters), so any other href is left as
    written; decoding it would change what the reader sees.
    """
    if AMP_SUBSTITUTE not in href:
        return href
    return html.unescape(href.replace(AMP_SUBSTITUTE, "&"))


class _LinkFilter(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    span = etree.Element("span")
                    span.text = child.get("alt", "")
                    span.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, span)
                elif child.tag == "a":
                    href = _decoded_autolink(child.get("href", ""))
                    child.set("href", href)
                    for attribute in list(child.attrib):
                        if attribute not in ("href", "title"):
                            del child.attrib[attribute]
                    if not is_allowed_link(href):
                        child.tag = "span"
                        child.attrib.pop("href", None)
                        child.attrib.pop("title", None)


class _EmptyHeadingFilter(Treeprocessor):
    """Drops a heading with no words (`## ` alone): a screen reader would stop on
    it and say only "heading level 2", and the page's heading list would hold a blank."""

    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag in self.HEADINGS and not self._words(child):
                    parent.remove(child)  # block-level: its tail is only a line break

    def _words(self, heading: etree.Element) -> str:
        """The heading's text as shown: an entity (`&nbsp;`) is still a placeholder here."""
        stash = self.md.htmlStash.rawHtmlBlocks
        text = HTML_PLACEHOLDER_RE.sub(lambda m: str(stash[int(m[1])]), "".join(heading.itertext()))
        return html.unescape(text).strip()


class _LongTextGuard(Treeprocessor):
    """Marks the text of overlong blocks as atomic: shown as is, not parsed inline."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.text and len(element.text) > INLINE_BLOCK_CHARS:
                element.text = AtomicString(element.text)
            if element.tail and len(element.tail) > INLINE_BLOCK_CHARS:
                element.tail = AtomicString(element.tail)


class ScanBudget:
    """How many characters the link patterns may still scan in one conversion."""

    def __init__(self, allowance: int) -> None:
        self.allowance = allowance
        self.spent = 0

    @property
    def exhausted(self) -> bool:
        return self.spent >= self.allowance

    def meter(self, processor) -> None:
        """Make `processor` (a link pattern) count what it scans, and stop when spent.

        A scan that starts is finished, so the total is at most the
        allowance plus one block's length.
        """
        get_text, get_link = processor.getText, processor.getLink

        def getText(data: str, index: int):
            if self.exhausted:
                return "", index, False
            result = get_text(data, index)
            self.spent += result[1] - index + 1
            return result

        def getLink(data: str, index: int):
            if self.exhausted:
                return "", None, index, False
            result = get_link(data, index)
            self.spent += result[2] - index + 1
            return result

        processor.getText = getText
        processor.getLink = getLink


class _BlockQueue:
    """The block parser's list of blocks, kept in reverse so that its pops
    and inserts at the front (all the parser does) cost the same however
    many blocks are left."""

    def __init__(self, blocks: list[str]) -> None:
        self._reversed = blocks[::-1]

    def __len__(self) -> int:
        return len(self._reversed)

    def __getitem__(self, index: int) -> str:
        return self._reversed[-1 - index]

    def pop(self, index: int = 0) -> str:
        if index != 0:
            raise IndexError("the block parser only pops its first block")
        return self._reversed.pop()

    def insert(self, index: int, block: str) -> None:
        if index != 0:
            raise IndexError("the block parser only inserts a first block")
        self._reversed.append(block)


def _queued(parse_blocks):
    def parseBlocks(parent: etree.Element, blocks: list[str]) -> None:
        parse_blocks(parent, _BlockQueue(list(blocks)))

    return parseBlocks


def most_cuts_in_a_block(text: str) -> int:
    """How many lines that may cut it the most cut block has (blank lines separate blocks)."""
    text = text.rstrip()  # the empty "line" after a last newline is no line
    most = 0
    start = 0
    for gap in (*_BLANK_LINES.finditer(text), None):
        end = gap.start() if gap is not None else len(text)
        most = max(most, sum(1 for _ in _CUTTING_LINE.finditer(text, start, end)))
        if gap is not None:
            start = gap.end()
    return most


class _SafeExtension(Extension):
    def __init__(self, budget: ScanBudget) -> None:
        super().__init__()
        self._budget = budget

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkFilter(md), "link_filter", 0)
        # After the link filter: an image is its alt text by then.
        md.treeprocessors.register(_EmptyHeadingFilter(md), "empty_headings", -1)
        md.treeprocessors.register(_LongTextGuard(md), "long_text_guard", 25)  # inline is 20
        for name in _SCANNING_PATTERNS:
            self._budget.meter(md.inlinePatterns[name])
        # An instance attribute: the parser's own calls (and every block
        # processor's) to self.parseBlocks go through it.
        md.parser.parseBlocks = _queued(md.parser.parseBlocks)


def fallback_html(text: str) -> str:
    """Text that cannot be rendered, shown as it is: escaped, in a <pre> block."""
    return f'<pre class="unrendered">{html.escape(text)}</pre>'


class MarkdownRenderer:
    """Markdown to safe HTML; holds no state, so every conversion stands alone."""

    def to_html(self, text: str) -> str:
        text = _CONTROL.sub("\ufffd", text or "")
        if len(text) > RENDER_MAX_CHARS:
            return fallback_html(text)
        if nesting_depth(text, DEFAULT_LIMITS.nesting_depth) > DEFAULT_LIMITS.nesting_depth:
            return fallback_html(text)  # Python-Markdown recurses once per level
        if most_cuts_in_a_block(text) > RENDER_MAX_CUTS_PER_BLOCK:
            return fallback_html(text)
        budget = ScanBudget(SCAN_PER_CHAR * len(text) + SCAN_FLOOR)
        md = markdown.Markdown(extensions=[_SafeExtension(budget)], output_format="html")
        try:
            return md.convert(text)
        except Exception:  # RecursionError or a Python-Markdown bug: show the text
            return fallback_html(text)

    def inline(self, text: str) -> str:
        """One line of Markdown (a list item, a field) without the <p> wrapper."""
        out = self.to_html(text)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            return out[3:-4]
        return out


_RENDERER = MarkdownRenderer()  # stateless: one serves every caller and thread


def renderer() -> MarkdownRenderer:
    return _RENDERER


def text(value: str | None) -> str:
    """Escape a plain field for HTML, or 'Not specified' when absent."""
    return html.escape(value) if value else NOT_SPECIFIED


def page_html(body: str) -> str:
    return renderer().to_html(body)

"""Markdown to safe HTML for the reader window.

Bundle text is untrusted. Python-Markdown passes raw HTML through untouched,
so the raw-HTML stages are switched off (such markup is shown as text), and a
tree pass keeps links only for http, https and mailto and drops images
(not part of format version 1). The window adds its own guard at click time.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from reader.core.model import JSON_BLOCKS, JSON_LIST, Article, key_facts, sections

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
NOT_SPECIFIED = "Not specified"


def is_allowed_link(href: str) -> bool:
    try:
        scheme = urlsplit(href.strip()).scheme.lower()
    except ValueError:
        return False
    return scheme in ALLOWED_SCHEMES


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
                    href = child.get("href", "")
                    for attribute in list(child.attrib):
                        if attribute not in ("href", "title"):
                            del child.attrib[attribute]
                    if not is_allowed_link(href):
                        child.tag = "span"
                        child.attrib.pop("href", None)
                        child.attrib.pop("title", None)


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_LinkFilter(md), "link_filter", 0)


class MarkdownRenderer:
    """A reusable converter (building one costs more than converting a page)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=[_SafeExtension()], output_format="html")

    def to_html(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text or "")

    def inline(self, text: str) -> str:
        """One line of Markdown (a list item, a field) without the <p> wrapper."""
        out = self.to_html(text)
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            return out[3:-4]
        return out


_renderer: MarkdownRenderer | None = None


def renderer() -> MarkdownRenderer:
    global _renderer
    if _renderer is None:
        _renderer = MarkdownRenderer()
    return _renderer


def text(value: str | None) -> str:
    """Escape a plain field for HTML, or 'Not specified' when absent."""
    return html.escape(value) if value else NOT_SPECIFIED


def article_body_html(article: Article) -> str:
    """The article's sections, in the site's order, as an HTML fragment.

    The title, facts line and category chips are widgets in the window; this
    is everything from the Simple Explanation to the Study Limitations, then
    any extra sections. The known sections and the key facts come from the
    model, each drawn by how it is kept: text, a list, or `###` blocks.
    """
    r = renderer()
    parts: list[str] = []
    for number, (heading, kind, value) in enumerate(sections(article)):
        if number == 0:  # always shown, with the key facts under it
            anchor = heading.lower().replace(" ", "-")
            parts.append(f'<h2 id="{anchor}">{heading}</h2>')
            parts.append(r.to_html(value))
            parts.append(_fact_cards(article))
        elif not value:
            continue
        elif kind == JSON_LIST:
            parts.append(f"<h2>{heading}</h2><ol>")
            parts.extend(f"<li>{r.inline(item)}</li>" for item in value)
            parts.append("</ol>")
        elif kind == JSON_BLOCKS:
            parts.append(f"<h2>{heading}</h2>")
            for block in value:
                if block.heading:
                    parts.append(f"<h3>{html.escape(block.heading)}</h3>")
                parts.append(r.to_html(block.text))
        else:
            parts.append(f"<h2>{heading}</h2>")
            parts.append(r.to_html(value))
    for block in article.extra_sections:
        parts.append(f"<h2>{html.escape(block.heading)}</h2>")
        parts.append(r.to_html(block.text))
    return "\n".join(parts)


def _fact_cards(article: Article) -> str:
    return (
        '<table class="cards" width="100%" cellspacing="8" cellpadding="10"><tr>'
        + "".join(
            f'<td class="card" width="33%"><p class="card-label">{label.title()}</p>'
            f'<p class="card-value">{text(value)}</p></td>'
            for label, value in key_facts(article)
        )
        + "</tr></table>"
    )


def page_html(body: str) -> str:
    return renderer().to_html(body)


def first_sentence(markdown_text: str, limit: int = 220) -> str:
    """The first sentence of a Markdown paragraph, as plain text, for a card."""
    plain = " ".join(markdown_text.replace("*", "").replace("_", " ").split())
    for end in (". ", "! ", "? "):
        cut = plain.find(end)
        if 0 < cut < limit:
            return plain[: cut + 1]
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"

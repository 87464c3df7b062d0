"""HTML read back as a small tree, so tests check elements and attributes, not substrings.

Built on the standard library's HTMLParser, which unescapes text and
attribute values the way a browser (or Qt's rich text) would: what a test
sees in `text` is what a reader would see on screen or paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All the text inside, as a reader sees it (entities decoded)."""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def descendants(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.descendants())
        return found

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        return [
            n
            for n in self.descendants()
            if n.tag == tag and all(n.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> Node:
        [node] = self.find_all(tag, **attrs)
        return node

    @property
    def elements(self) -> list[tuple[str, dict[str, str | None]]]:
        """Every element inside, in document order, with its attributes."""
        return [(n.tag, n.attrs) for n in self.descendants()]

    @property
    def tags(self) -> list[str]:
        return [n.tag for n in self.descendants()]

    @property
    def links(self) -> list[dict[str, str | None]]:
        return [n.attrs for n in self.find_all("a")]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return
        raise AssertionError(f"</{tag}> closes nothing that is open")

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(markup: str) -> Node:
    """The document (or fragment) as a tree under a '#document' node."""
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    unclosed = [n.tag for n in builder.stack[1:]]
    assert not unclosed, f"elements left open: {unclosed}"
    return builder.root

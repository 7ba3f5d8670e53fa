"""Turn the HTML of feed entries into plain, terminal-safe text.

Feeds put whole articles in ``content:encoded`` or ``description``; the
rest of sitrep only reads plain text (extraction offsets point into it and
the TUI shows it without markup), so the structure worth keeping is the
paragraph and the line break. The stdlib parser is enough for that and
tolerates the broken markup feeds are full of.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sitrep.domain.textsafe import strip_controls

# Elements whose content is never text a reader should see.
_SKIP = frozenset({
    "script", "style", "iframe", "noscript", "template", "object", "embed",
    "svg", "math", "head", "title", "select", "button", "canvas", "audio", "video",
})
# Elements that start and end a paragraph (a blank line around them).
_PARAGRAPH = frozenset({
    "p", "div", "section", "article", "header", "footer", "aside", "main",
    "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "form", "fieldset", "address",
    "details", "summary", "nav",
})
# Elements that only start a new line.
_LINE = frozenset({"li", "tr", "dt", "dd", "caption", "option"})
# Void elements never get an end tag, so they must not open a skip region.
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link",
    "meta", "param", "source", "track", "wbr",
})

_PARA = "\x00P"  # markers that survive until the final layout pass
_BR = "\x00B"
_INDENT = "\x00I"  # list nesting, which must survive the strip of each line
_EMPTY_ITEM = re.compile(r"(?:\x00I)*-?")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u3000]+")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.list_depth = 0
        self.item_open = False  # a bullet was written and no text follows yet

    def _block(self) -> None:
        """A block boundary; inside a list item it is only a line break.

        A <p> inside an <li> must neither split the list into paragraphs
        nor push the item's text away from its bullet.
        """
        if not self.list_depth:
            self.parts.append(_PARA)
        elif not self.item_open:
            self.parts.append(_BR)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag == "br":
            self.parts.append(_BR)
        elif tag in ("ul", "ol"):
            # Nested lists stay inside their item instead of splitting it.
            self.parts.append(_BR if self.list_depth else _PARA)
            self.list_depth += 1
            self.item_open = False
        elif tag in _PARAGRAPH:
            self._block()
        elif tag in _LINE:
            self.parts.append(_BR)
            if tag == "li":
                self.parts.append(_INDENT * max(self.list_depth - 1, 0) + "- ")
                self.item_open = True
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag not in _VOID and self.skip_depth:
                self.skip_depth -= 1
            return
        if self.skip_depth:
            return
        if tag in ("ul", "ol"):
            self.list_depth = max(self.list_depth - 1, 0)
            self.parts.append(_BR if self.list_depth else _PARA)
        elif tag in _PARAGRAPH:
            self._block()
        elif tag in _LINE:
            self.parts.append(_BR)
            self.item_open = False

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            if data.strip():
                self.item_open = False
            # Source newlines are layout, not text: HTML treats them as spaces.
            self.parts.append(data.replace("\x00", "").replace("\r", " ").replace("\n", " "))


def _layout(raw: str) -> str:
    """Collapse markers and whitespace into lines and blank-line paragraphs."""
    paragraphs: list[str] = []
    for block in raw.split(_PARA):
        lines = []
        for line in block.split(_BR):
            line = _SPACES.sub(" ", line).strip()
            if line and not _EMPTY_ITEM.fullmatch(line):
                lines.append(line.replace(_INDENT, "  "))
        if lines:
            paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment: paragraphs separated by a blank line.

    Block elements and ``<br>`` break lines, list items get a "- " bullet,
    scripts, styles and embedded frames vanish with their content, entities
    are decoded, and terminal control sequences are stripped last (so an
    escape spelled as ``&#27;`` cannot slip through decoding).
    """
    if not html:
        return ""
    collector = _TextCollector()
    # Control sequences are removed before parsing too, so their bytes can
    # never be read as markup; the pass at the end catches decoded entities.
    collector.feed(strip_controls(html))
    collector.close()
    return strip_controls(_layout("".join(collector.parts)))

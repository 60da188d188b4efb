"""Plain text of an HTML element or fragment: one line per paragraph, entities unescaped.

Readers of saved pages and of platforms that store comments as HTML (Hacker News)
share this so a comment reads the same whatever it came from: block elements and
``<br>`` become line breaks, inline markup (``<i>``, ``<a>``, ``<b>``) keeps its
text, runs of white space (line breaks in the page's source included) collapse to
one space, empty lines go. The same rules are applied to lxml elements
(:func:`node_text`, the fast path) and to BeautifulSoup elements (:func:`tag_text`).

Not supported: layout by CSS (an element hidden by a style still gives text),
tables as tables (cells become lines), and indentation inside ``<pre>`` (code
keeps its lines but not its leading spaces).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import unescape
from typing import Any

import lxml.html
from bs4 import NavigableString, Tag
from bs4.element import Comment as HtmlComment
from bs4.element import Declaration, Doctype, ProcessingInstruction
from lxml import etree

__all__ = ["BLOCK_TAGS", "SKIP_TAGS", "clean_line", "fragment_text", "node_text", "tag_text"]

# Elements that start a new line of text.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
# Elements whose content is never words someone wrote in a comment.
SKIP_TAGS = frozenset({
    "audio", "button", "canvas", "embed", "form", "head", "iframe", "img", "input", "link", "map",
    "meta", "noscript", "object", "picture", "script", "select", "source", "style", "svg", "template",
    "textarea", "title", "video",
})
_NOT_TEXT = (HtmlComment, Declaration, Doctype, ProcessingInstruction)
_SPACE = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_BREAK = object()  # a line break decided by the markup (never one in the page's source text)


def clean_line(text: str) -> str:
    """Collapse white space (line breaks and no-break spaces too) and drop zero-width characters.

    >>> clean_line("  a\\n\\tb\\u00a0 c\\u200b ")
    'a b c'
    """
    return _SPACE.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def _lines(parts: Iterable[object]) -> str:
    lines: list[str] = []
    current: list[str] = []
    for part in parts:
        if part is _BREAK:
            lines.append(clean_line("".join(current)))
            current = []
        else:
            current.append(part)  # type: ignore[arg-type]
    lines.append(clean_line("".join(current)))
    return "\n".join(line for line in lines if line)


def _pre_lines(text: str) -> list[object]:
    out: list[object] = [_BREAK]
    for line in text.split("\n"):
        out.extend((line, _BREAK))
    return out


def node_text(element: Any, skip: Callable[[Any], bool] | None = None) -> str:
    """The words inside an lxml ``element``, one paragraph a line.

    Parameters
    ----------
    element : lxml.html.HtmlElement
        The element to read.
    skip : callable, optional
        Called with every descendant element; a true result leaves that element and
        everything inside it out (its tail, the text after it, stays).

    Returns
    -------
    str
        Paragraphs joined by ``"\\n"``; no leading or trailing white space.

    Examples
    --------
    >>> el = lxml.html.fromstring("<div><p>One &amp;\\n <i>two</i></p><p>three<br>four</p></div>")
    >>> node_text(el)
    'One & two\\nthree\\nfour'
    """
    parts: list[object] = []
    # An explicit stack rather than recursion: a deeply nested page must not hit the recursion limit.
    stack: list[object] = [element]
    while stack:
        item = stack.pop()
        if item is _BREAK or isinstance(item, str):
            parts.append(item)
            continue
        tag = item.tag if isinstance(item.tag, str) else None  # comments and PIs have no str tag
        if item is not element and (tag is None or tag in SKIP_TAGS or (skip is not None and skip(item))):
            continue
        if tag == "pre":
            parts.extend(_pre_lines(item.text_content()))
            continue
        block = tag in BLOCK_TAGS
        pending: list[object] = [_BREAK] if block else []
        if item.text:
            pending.append(item.text)
        for child in item:
            pending.append(child)
            if child.tail:
                pending.append(child.tail)
        if block:
            pending.append(_BREAK)
        stack.extend(reversed(pending))
    return _lines(parts)


def tag_text(element: Tag, skip: Callable[[Tag], bool] | None = None) -> str:
    """The words inside a BeautifulSoup ``element``, by the rules of :func:`node_text`.

    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<div><p>One &amp; <i>two</i></p><p>three<br>four</p></div>", "lxml")
    >>> tag_text(soup.div)
    'One & two\\nthree\\nfour'
    """
    parts: list[object] = []
    stack: list[object] = [element]
    while stack:
        node = stack.pop()
        if node is _BREAK:
            parts.append(node)
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _NOT_TEXT):
                parts.append(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if node is not element and (name in SKIP_TAGS or (skip is not None and skip(node))):
            continue
        if name == "pre":
            parts.extend(_pre_lines(node.get_text()))
            continue
        if name in BLOCK_TAGS:
            parts.append(_BREAK)
            stack.append(_BREAK)
        stack.extend(reversed(node.contents))
    return _lines(parts)


_UTF8 = lxml.html.HTMLParser(encoding="utf-8")
_END_TAGS = re.compile(r"</\s*(?:html|body)\s*>", re.IGNORECASE)
_TAGS = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def fragment_text(html: str) -> str:
    """The plain text of an HTML fragment (a comment body stored as HTML).

    >>> fragment_text("It&#x27;s fine.<p>See <a href='x'>this</a>.")
    "It's fine.\\nSee this."
    """
    if "<" not in html and "&" not in html:
        return clean_line(html)
    # A stray </body> or </html> would make libxml2 drop everything after it.
    html = _END_TAGS.sub("", html)
    # Bytes with a declared encoding: lxml refuses str input holding characters XML forbids.
    data = html.encode("utf-8", "replace")
    try:
        doc = lxml.html.document_fromstring(data, parser=_UTF8)
    except (etree.ParserError, ValueError):  # nothing but a comment or white space
        return clean_line(unescape(_TAGS.sub(" ", html)))
    body = doc.find("body")
    return node_text(body if body is not None else doc)

"""Plain text of an HTML element or fragment: one line per paragraph, entities unescaped.

Readers of saved pages and of platforms that store comments as HTML (Hacker News)
share this so a comment reads the same whatever it came from: block elements and
``<br>`` become line breaks, inline markup (``<i>``, ``<a>``, ``<b>``) keeps its
text, runs of white space collapse to one space, empty lines go.

Not supported: layout by CSS (an element hidden by a style still gives text),
tables as tables (cells become lines), and indentation inside ``<pre>`` (code
keeps its lines but not its leading spaces).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag
from bs4.element import Comment as HtmlComment
from bs4.element import Declaration, Doctype, ProcessingInstruction

__all__ = ["BLOCK_TAGS", "SKIP_TAGS", "element_text", "fragment_text", "clean_line"]

# Elements that start a new line of text.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
# Elements whose content is never words someone wrote in a comment.
SKIP_TAGS = frozenset({
    "button", "canvas", "embed", "form", "head", "iframe", "img", "input", "link", "map", "meta",
    "noscript", "object", "script", "select", "style", "svg", "template", "textarea", "title", "video",
    "audio", "picture", "source",
})
_NOT_TEXT = (HtmlComment, Declaration, Doctype, ProcessingInstruction)
_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_BREAK = "\n"


def clean_line(text: str) -> str:
    """Collapse white space (no-break spaces included) and drop zero-width characters."""
    return _SPACE.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def element_text(element: Tag, skip: Callable[[Tag], bool] | None = None) -> str:
    """The words inside ``element``, one paragraph a line.

    Parameters
    ----------
    element : bs4.Tag
        The element to read.
    skip : callable, optional
        Called with every descendant element; a true result leaves that element
        and everything inside it out (reply buttons, nested replies, avatars).

    Returns
    -------
    str
        Paragraphs joined by ``"\\n"``; no leading or trailing white space.

    Examples
    --------
    >>> soup = BeautifulSoup("<div><p>One &amp; <i>two</i></p><p>three<br>four</p></div>", "lxml")
    >>> element_text(soup.div)
    'One & two\\nthree\\nfour'
    """
    parts: list[str] = []
    # An explicit stack rather than recursion: a deeply nested page must not hit the recursion limit.
    stack: list[object] = [element]
    while stack:
        node = stack.pop()
        if node is _BREAK:
            parts.append(_BREAK)
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
            lines = node.get_text().split("\n")
            parts.append(_BREAK)
            for line in lines:
                parts.extend((line, _BREAK))
            continue
        block = name in BLOCK_TAGS
        if block:
            parts.append(_BREAK)
            stack.append(_BREAK)
        stack.extend(reversed(node.contents))
    lines = (clean_line(line) for line in "".join(parts).split(_BREAK))
    return "\n".join(line for line in lines if line)


def fragment_text(html: str) -> str:
    """The plain text of an HTML fragment (a comment body stored as HTML).

    >>> fragment_text("It&#x27;s fine.<p>See <a href='x'>this</a>.")
    "It's fine.\\nSee this."
    """
    if "<" not in html and "&" not in html:
        return "\n".join(line for line in (clean_line(s) for s in html.split("\n")) if line)
    with warnings.catch_warnings():
        # A comment that is only a URL "resembles a locator"; it is still a comment.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "lxml")
    root = soup.body if soup.body is not None else soup
    return element_text(root)

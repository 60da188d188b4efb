"""Comment bodies stored as HTML (WordPress, Disqus, Blogger, Typepad) turned into plain text.

Exports keep a comment's words as a fragment of HTML: paragraphs, ``<br>``,
links, emphasis, sometimes a ``<blockquote>`` around someone else's words.
:func:`html_to_text` keeps the words and the line structure (paragraphs become
blank-line-separated blocks) and drops the markup; quoted blocks stay in the
text, as on the page, and are also returned on their own so a reader can record
them as :class:`~threads.model.Quote` values.

Not supported: tables and lists are flattened to lines; images, embedded media
and scripts leave no text (an image's ``alt`` is not the commenter's words).
"""

from __future__ import annotations

import html
import re
import threading

from lxml import etree

_BLOCK = frozenset({
    "p", "div", "blockquote", "pre", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "section", "article", "header", "footer", "dl", "dt", "dd", "hr", "address",
    "figure", "figcaption",
})
_SKIP = frozenset({"script", "style", "object", "embed", "iframe", "noscript", "head", "title"})
_SPACES = re.compile(r"[ \t\f\v\u00a0\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_LOCAL = threading.local()  # an lxml parser must not be shared between threads (the dashboard's)


def _parser() -> etree.HTMLParser:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    return parser


def clean_lines(text: str) -> str:
    """Trim every line, squeeze runs of spaces and keep at most one blank line between blocks.

    >>> clean_lines("  a   b \\n\\n\\n\\n c ")
    'a b\\n\\nc'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _walk(el: etree._Element, out: list[str], quotes: list[str]) -> None:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _SKIP:
        if el.tail:
            out.append(el.tail)
        return
    if tag == "br":
        out.append("\n")
    elif tag in _BLOCK:
        out.append("\n\n")
    start = len(out)
    if isinstance(el.tag, str) and el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out, quotes)
    if tag == "blockquote":
        quoted = clean_lines("".join(out[start:]))
        if quoted:
            quotes.append(quoted)
    if tag in _BLOCK:
        out.append("\n\n")
    if el.tail:
        out.append(el.tail)


def html_to_text(fragment: str | None) -> tuple[str, tuple[str, ...]]:
    """Plain text of an HTML fragment, and the text of each ``<blockquote>`` in it.

    Newlines in the source count as line breaks, since WordPress and Movable
    Type store comments with bare newlines and add paragraph markup only on
    display.

    >>> html_to_text("<p>I agree.</p><blockquote>Cats &amp; dogs</blockquote>Well<br/>no")
    ('I agree.\\n\\nCats & dogs\\n\\nWell\\nno', ('Cats & dogs',))
    """
    if not fragment:
        return "", ()
    if "<" not in fragment:
        return clean_lines(html.unescape(fragment)), ()
    try:
        # libxml2's HTML parser called directly: a third of the cost of lxml.html's
        # fragment helpers, which matters on exports with a hundred thousand comments
        root = etree.fromstring(f"<div>{fragment}</div>", _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        # lxml refuses some inputs (only whitespace, stray control characters);
        # dropping the tags by pattern still keeps the words.
        return clean_lines(html.unescape(re.sub(r"<[^>]*>", " ", fragment))), ()
    if root is None:
        return "", ()
    body = root.find("body")
    out: list[str] = []
    quotes: list[str] = []
    _walk(body if body is not None else root, out, quotes)
    return clean_lines("".join(out)), tuple(quotes)


def plain(value: str | None) -> str:
    """A one-line field (name, title) with entities decoded and spaces squeezed.

    >>> plain("  Ping 1 &laquo; What&#8217;s \\n up ")
    'Ping 1 « What’s up'
    """
    if not value:
        return ""
    return _SPACES.sub(" ", html.unescape(value).replace("\n", " ")).strip()

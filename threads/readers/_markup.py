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
_LOCAL = threading.local()  # an lxml parser must not be shared between threads (the dashboard's)


def _parser() -> etree.HTMLParser:
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    return parser


def clean_lines(text: str) -> str:
    """Trim every line, squeeze runs of spaces and keep at most one blank line between blocks.

    Written for speed (it runs on every comment of an export): substitutions run
    only when their pattern can occur, and blank lines are squeezed while the
    lines are trimmed rather than by a pattern over the joined text.

    >>> clean_lines("  a   b \\n\\n\\n\\n c ")
    'a b\\n\\nc'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Without two spaces in a row or another spacing character, every match of
    # _SPACES would be a lone " " replaced by itself.
    if ("  " in text or "\t" in text or "\xa0" in text or "\u3000" in text
            or "\f" in text or "\v" in text):
        text = _SPACES.sub(" ", text)  # never matches a newline: the lines stay as they are
    lines: list[str] = []
    blank = True  # no blank line at the start
    for line in text.split("\n"):
        line = line.strip()
        if line:
            lines.append(line)
            blank = False
        elif not blank:
            lines.append("")
            blank = True
    if lines and not lines[-1]:
        lines.pop()  # nor at the end
    return "\n".join(lines)


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


# The markup most comments carry: paragraphs, line breaks and inline emphasis or
# links, with well-formed attributes (a quoted value holds no "<" or ">").
_SIMPLE_TAG = re.compile(
    r"""<(/?)(p|br|a|b|i|em|strong|code|cite|span|u|s)"""
    r"""((?:\s+[a-z_:][-\w:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*)\s*(/?)>""",
    re.IGNORECASE)
_SIMPLE_TEXT = {"p": "\n\n", "br": "\n"}  # what a tag adds to the text; inline tags add nothing
# Characters libxml2 or lxml treat specially (control characters lxml refuses,
# carriage returns libxml2 normalises), and character references other than a
# few named ones and numeric ones (see _plain_codepoint): html.unescape decodes
# those the way libxml2 does.
_UNUSUAL_CHAR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_UNUSUAL_REF = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|nbsp|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});|[\s<]|$)")
_NUMERIC_REF = re.compile(r"&#([0-9]+|[xX][0-9a-fA-F]+);")


def _plain_codepoint(code: int) -> bool:
    """Whether html.unescape and libxml2 agree on ``&#code;``: not a control
    character, surrogate, noncharacter or out of range (html.unescape drops or
    remaps those, libxml2 keeps them)."""
    return (code in (9, 10) or 0x20 <= code < 0x7F or 0xA0 <= code < 0xD800
            or (0xE000 <= code <= 0x10FFFF and not 0xFDD0 <= code <= 0xFDEF
                and code & 0xFFFE != 0xFFFE))


def _simple_tag_text(match: re.Match) -> str:
    return _SIMPLE_TEXT.get(match[2].lower(), "")


# Text with line breaks, in top-level paragraphs or between them: the commonest
# markup of all, recognised by one match instead of a walk over the tags.
_TEXT_AND_BREAKS = r"[^<]*(?:<br\s*/?>[^<]*)*"
_PARAGRAPHS = re.compile(rf"{_TEXT_AND_BREAKS}(?:<p>{_TEXT_AND_BREAKS}</p>{_TEXT_AND_BREAKS})*")


def _simply_nested(fragment: str) -> bool:
    """Whether every ``<`` in ``fragment`` starts a tag of _SIMPLE_TAG, paragraphs are
    top-level and closed, and inline tags are closed in order (none inside itself)."""
    tags = _SIMPLE_TAG.findall(fragment)
    if len(tags) != fragment.count("<"):  # a "<" that starts no tag we know
        return False
    open_tags: list[str] = []
    for closing, name, attrs, slash in tags:
        name = name.lower()
        if name == "br":
            if closing or attrs:
                return False
        elif slash:
            return False
        elif closing:
            if attrs or not open_tags or open_tags.pop() != name:
                return False
        elif name == "p":
            if open_tags:  # a paragraph inside a paragraph or an inline tag: the parser moves it
                return False
            open_tags.append(name)
        elif name in open_tags:  # <a> inside <a>, <b> inside <b>: the parser may close the first
            return False
        else:
            open_tags.append(name)
    return not open_tags


def _simple_text(fragment: str) -> str | None:
    """The text of ``fragment`` before :func:`clean_lines`, without parsing it, or None.

    Only for fragments whose markup is paragraphs at the top level, line breaks
    and properly nested inline tags, where every tag's effect on the text is
    fixed: ``<p>`` and ``</p>`` start a block (a blank line), ``<br>`` a line,
    inline tags nothing. The text between them is what libxml2 would keep,
    entities decoded. Anything else (other tags, a stray ``<``, unclosed or
    misnested tags, unusual characters) gives None, for the parser to handle.
    Tested against :func:`_parsed_text` on every comment of the real exports.
    """
    if _UNUSUAL_CHAR.search(fragment):
        return None
    if "&" in fragment and (_UNUSUAL_REF.search(fragment) or not all(
            _plain_codepoint(int(ref[1:], 16) if ref[0] in "xX" else int(ref))
            for ref in _NUMERIC_REF.findall(fragment))):
        return None
    if not _PARAGRAPHS.fullmatch(fragment) and not _simply_nested(fragment):
        return None
    # Every "<" starts one of the tags, so replacing the commonest ones as plain
    # strings first leaves the pattern the same tags to find.
    text = fragment.replace("<p>", "\n\n").replace("</p>", "\n\n").replace("<br />", "\n")
    if "<" in text:
        text = _SIMPLE_TAG.sub(_simple_tag_text, text)
    return html.unescape(text) if "&" in text else text


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
    simple = _simple_text(fragment)
    if simple is not None:
        return clean_lines(simple), ()
    return _parsed_text(fragment)


def _parsed_text(fragment: str) -> tuple[str, tuple[str, ...]]:
    """:func:`html_to_text` by libxml2's HTML parser: any markup, however broken."""
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

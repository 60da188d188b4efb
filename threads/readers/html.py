"""Saved comment pages (HTML): WordPress, Blogger, Typepad, and a generic fallback.

The platform is the row of :data:`threads.readers.selectors.PLATFORMS` whose
selectors find the most comments with both an author and a text; every selector is
matched against a comment's own parts, never those of its nested replies. Rows are
matched on an ``lxml.html`` tree (CSS compiled to XPath by cssselect): on a 3.5 MB
page BeautifulSoup's tree and soupsieve took 20 s where this takes about one. When
no row matches, the page is parsed again with BeautifulSoup (``lxml`` parser, pinned:
parsers disagree on broken markup) for the generic search below.

Comments come in page order. A reply's parent is the comment whose reply list it
sits in (DOM nesting: evidence ``source``, confidence 1.0). Speakers are the author
names as the page prints them, ``s1``, ``s2``... in order of first appearance. The
post author is the host where the page marks it (WordPress ``bypostauthor``, or
``comment-author-<login>`` matching the post's author link; Blogger's
``blog-author`` icon).

A comment's text is its body only: reply links and buttons, avatars, dates, "says:",
rating images and the replies nested below it are left out, and page chrome
(navigation, sidebars, related posts, footers) is never read as a comment.

The generic search looks for at least three blocks with the same tag and classes,
each holding an author-ish element and some text, inside an element whose id or
class speaks of comments, replies or discussion (and not of sidebars, widgets,
forms or navigation); replies are the blocks nested inside another.

Not supported: comments loaded by JavaScript (Disqus, Facebook and most newspaper
widgets are absent from a saved page), comment pages split over several URLs (each
saved page is its own thread), Typepad reply links (Typepad shows replies flat;
those comments stay top-level), and CSS-hidden content (read as text).
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import lxml.html
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from cssselect import HTMLTranslator
from cssselect import parse as css_parse
from lxml import etree

from threads.encoding import decode
from threads.errors import ParseError
from threads.formats import Format
from threads.model import Comment, Evidence, EvidenceKind, EvidenceTarget, Speaker, Thread
from threads.readers.htmltext import clean_line, node_text, tag_text
from threads.readers.selectors import GENERIC, PAGE, PLATFORMS, Pick, PlatformSelectors

__all__ = ["FORMAT", "PARSER", "detect", "parse_page", "parse_soup", "read_html", "read_threads"]

log = logging.getLogger(__name__)

FORMAT = Format.HTML
PARSER = "lxml"  # BeautifulSoup's parser, pinned: html.parser and html5lib build other trees

_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html|<head|<body|<meta|<title)",
    re.IGNORECASE | re.DOTALL,
)
_TYPEPAD_DATES = ("%A, %d %B %Y at %I:%M %p", "%d %B %Y at %I:%M %p", "%B %d, %Y at %I:%M %p")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_GENERIC_MIN_BLOCKS = 3
_NEVER_COMMENTS = frozenset({"aside", "nav", "form", "script", "style", "head", "template", "noscript"})
_AUTHOR_MAX_CHARS = 80
_AUTHOR_MAX_WORDS = 8
_UTF8 = lxml.html.HTMLParser(encoding="utf-8")


def detect(peek: str) -> bool:
    """True when ``peek`` (the start of a file) is an HTML page.

    >>> detect("<!DOCTYPE html><html><body>hi</body></html>")
    True
    >>> detect('<?xml version="1.0"?><rss version="2.0"></rss>')
    False
    """
    return bool(_START.match(peek[:4096]))


def parse_page(html: str) -> Any | None:
    """The page as an ``lxml.html`` tree, or None when there is no element at all."""
    # Bytes with a declared encoding: lxml refuses str input that declares an encoding or
    # holds characters XML forbids; lone surrogates become "?" rather than an error.
    data = html.encode("utf-8", "replace")
    try:
        return lxml.html.document_fromstring(data, parser=_UTF8)
    except (etree.ParserError, ValueError):
        return None


def parse_soup(html: str) -> BeautifulSoup:
    """The page as a BeautifulSoup tree built by the pinned parser (the generic search's tree)."""
    with warnings.catch_warnings():
        # Short inputs that look like a file name or URL trigger a warning, not an error.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, PARSER)


@dataclass(slots=True)
class _Found:
    """One comment as found in the page, before speakers and ids are assigned."""

    author: str
    text: str
    source_id: str | None = None
    published: str | None = None
    host: bool = False
    parent: int | None = None  # index into the found list
    parent_detail: str = ""
    parent_confidence: float = 1.0
    author_detail: str = ""
    author_confidence: float = 1.0


# --- small helpers (lxml) -----------------------------------------------------------


@lru_cache(maxsize=256)
def _css(selector: str) -> tuple[etree.XPath, ...]:
    """One compiled XPath per comma-separated alternative of ``selector``.

    Kept apart rather than joined with ``|``: libxml2 merges a union's node sets in
    quadratic time, which took seconds on big pages for the lists of parts to drop.
    """
    translator = HTMLTranslator()
    return tuple(etree.XPath(translator.selector_to_xpath(part)) for part in css_parse(selector))


_SIMPLE = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[A-Za-z_][\w-]*)+)$")


class _Page:
    """An lxml tree whose selector results are remembered: the rows ask for the same lists.

    Selectors that are only a tag and classes (most of the table) are answered from a
    class index built in one pass; libxml2's XPath for a class test costs a few
    microseconds an element, which added up to seconds over some fifty lists on a
    3.5 MB page. Anything else goes through cssselect's XPath.
    """

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self._memo: dict[str, list[Any]] = {}
        self._by_class: dict[str, list[Any]] | None = None
        self._position: dict[Any, int] = {}

    def _index(self) -> dict[str, list[Any]]:
        if self._by_class is None:
            self._by_class = {}
            for i, el in enumerate(self.doc.iter(etree.Element)):
                names = el.get("class")
                if names:
                    self._position[el] = i
                    for name in set(names.split()):
                        self._by_class.setdefault(name, []).append(el)
        return self._by_class

    def _simple(self, tag: str | None, classes: list[str]) -> list[Any]:
        index = self._index()
        lists = sorted((index.get(c, []) for c in classes), key=len)
        rest = [set(other) for other in lists[1:]]
        return [el for el in lists[0]
                if (tag is None or el.tag == tag) and all(el in other for other in rest)]

    def select(self, selector: str) -> list[Any]:
        """Elements matching a CSS selector list, in page order."""
        if not selector:
            return []
        if selector in self._memo:
            return self._memo[selector]
        parts = [p.strip() for p in selector.split(",")] if "[" not in selector else [selector]
        simple = [_SIMPLE.match(p) for p in parts]
        if all(simple):
            hits = [self._simple(m.group(1), m.group(2)[1:].split(".")) for m in simple if m]
        else:
            hits = [xpath(self.doc) for xpath in _css(selector)]
        hits = [h for h in hits if h]
        if len(hits) <= 1:
            result = hits[0] if hits else []
        else:
            if not all(simple):
                self._position = {el: i for i, el in enumerate(self.doc.iter(etree.Element))}
            result = sorted({el for h in hits for el in h}, key=self._position.__getitem__)
        self._memo[selector] = result
        return result


def _one_line(el: Any) -> str:
    return node_text(el).replace("\n", " ")


def _pick(page: _Page, picks: Iterable[Pick]) -> str | None:
    for selector, attr in picks:
        for el in page.select(selector)[:3]:
            value = el.get(attr) if attr else _one_line(el)
            if value and clean_line(value):
                return clean_line(value)
    return None


def _classes(el: Any) -> list[str]:
    return str(el.get("class") or "").split()


def _owner(el: Any, comments: dict[Any, int]) -> int | None:
    """Index of the comment ``el`` belongs to: itself if it is one, else the nearest enclosing one."""
    node = el
    while node is not None:
        idx = comments.get(node)
        if idx is not None:
            return idx
        node = node.getparent()
    return None


def _own_matches(page: _Page, selector: str, comments: dict[Any, int]) -> dict[int, list[Any]]:
    """Elements matching ``selector``, grouped by the comment they belong to (page order)."""
    out: dict[int, list[Any]] = {}
    for el in page.select(selector):
        idx = _owner(el, comments)
        if idx is not None:
            out.setdefault(idx, []).append(el)
    return out


def _epoch_ms_to_iso(ms: str) -> str:
    return datetime.fromtimestamp(int(ms) / 1000, tz=UTC).isoformat(timespec="seconds")


def _normalise_date(value: str, epoch_pattern: str | None) -> str:
    if epoch_pattern:
        m = re.search(epoch_pattern, value)
        if m:
            try:
                return _epoch_ms_to_iso(m.group(1))
            except (OverflowError, OSError, ValueError):
                return value
    if _ISO_DATE.match(value):
        return value
    for fmt in _TYPEPAD_DATES:  # Typepad prints dates in words; ISO is what the rest expects
        try:
            return datetime.strptime(value, fmt).isoformat(timespec="minutes")
        except ValueError:
            continue
    return value


def _author_name(raw: str, patterns: Iterable[str]) -> str:
    raw = clean_line(raw)
    for pattern in patterns:
        m = re.search(pattern, raw)
        if m and clean_line(m.group(1)):
            return clean_line(m.group(1))
    return raw


# --- platform rows ----------------------------------------------------------------


def _comment_elements(page: _Page, sel: PlatformSelectors) -> list[Any]:
    """The row's comment elements, with wrappers of one comment merged into that comment.

    Some themes mark both ``li.comment`` and an inner ``article.comment`` for one
    comment: an element nested in another without a reply container between them,
    whose outer element has no author of its own, is the same comment.
    """
    found = page.select(sel.comment)
    if not found:
        return []
    index = {el: i for i, el in enumerate(found)}
    containers = set(page.select(sel.children)) if sel.children else set()
    with_author: set[int] = set()
    for selector, _attr in sel.author:
        with_author.update(_own_matches(page, selector, index))
    keep: list[Any] = []
    for el in found:
        node, through_container, outer = el.getparent(), False, None
        while node is not None:
            if node in containers:
                through_container = True
            if node in index:
                outer = index[node]
                break
            node = node.getparent()
        if outer is not None and not through_container and outer not in with_author:
            continue  # the inner half of one comment
        keep.append(el)
    return keep


def _read_with(page: _Page, sel: PlatformSelectors) -> list[_Found]:
    elements = _comment_elements(page, sel)
    if not elements:
        return []
    index = {el: i for i, el in enumerate(elements)}
    containers = set(page.select(sel.children)) if sel.children else set()

    def skip(el: Any) -> bool:
        return el in drop or el in index

    def nested(el: Any) -> bool:
        return el in index

    authors: dict[int, tuple[str, str]] = {}
    for selector, attr in sel.author:
        for idx, els in _own_matches(page, selector, index).items():
            if idx in authors:
                continue
            for el in els:
                raw = el.get(attr) if attr else node_text(el, skip=nested).replace("\n", " ")
                name = _author_name(str(raw or ""), sel.author_patterns)
                if name:
                    authors[idx] = (name, selector)
                    break
    if not authors:
        return []  # whatever else matches, a row that names no one is not this page's layout
    drop = set(page.select(sel.drop)) | containers
    bodies: dict[int, Any] = {}
    for selector in sel.text:
        if selector == "":  # the comment's own element
            for i, el in enumerate(elements):
                bodies.setdefault(i, el)
            continue
        for idx, els in _own_matches(page, selector, index).items():
            bodies.setdefault(idx, els[0])
    dates: dict[int, str] = {}
    for selector, attr in sel.date:
        for idx, els in _own_matches(page, selector, index).items():
            if idx in dates:
                continue
            value = els[0].get(attr) if attr else _one_line(els[0])
            if value and clean_line(value):
                dates[idx] = _normalise_date(clean_line(value), sel.date_epoch_ms)
    hosts = set(_own_matches(page, sel.host_marker, index)) if sel.host_marker else set()
    if not hosts and sel.host_login_prefix:
        login = _post_author_login(page)
        if login:
            wanted = f"{sel.host_login_prefix}{login}".lower()
            hosts = {i for i, el in enumerate(elements) if wanted in (c.lower() for c in _classes(el))}

    found: list[_Found] = []
    kept: dict[int, int] = {}  # element index -> found index
    for i, el in enumerate(elements):
        author, how = authors.get(i, ("", ""))
        body = bodies.get(i)
        text = node_text(body, skip=skip) if body is not None else ""
        if not author and not text:
            continue  # a matching element that holds no comment (an empty template, a widget)
        m = re.match(sel.id_pattern, str(el.get(sel.id_attr) or ""))
        kept[i] = len(found)
        found.append(_Found(
            author=author, text=text, source_id=m.group(1) if m else None,
            published=dates.get(i), host=i in hosts,
            author_detail=f"{sel.platform} author element {how}" if how else "",
        ))
    _nesting(found, kept, elements, index, containers, sel)
    return found


def _nesting(found: list[_Found], kept: dict[int, int], elements: list[Any], index: dict[Any, int],
             containers: set[Any], sel: PlatformSelectors) -> None:
    """Set each comment's parent from DOM nesting, or from ``parent_attr`` in flat markup."""
    by_source = {f.source_id: n for n, f in enumerate(found) if f.source_id}
    for i, el in enumerate(elements):
        n = kept.get(i)
        if n is None:
            continue
        node, through = el.getparent(), False
        while node is not None:
            if node in containers:
                through = True
            j = index.get(node)
            if j is not None and j in kept:
                parent = found[kept[j]]
                found[n].parent = kept[j]
                where = f"comment {parent.source_id}" if parent.source_id else "the comment above it"
                if through or not sel.children:
                    found[n].parent_detail = f"nested in the replies of {where}"
                else:
                    found[n].parent_detail = f"nested inside {where} without a reply list"
                    found[n].parent_confidence = 0.9
                break
            node = node.getparent()
        if sel.depth_class:
            _check_depth(found, n, el, sel.depth_class)
        if found[n].parent is None and sel.parent_attr:
            ref = str(el.get(sel.parent_attr) or "")
            m = re.match(sel.id_pattern, ref)
            key = m.group(1) if m else ref
            if key and key in by_source and by_source[key] != n:
                found[n].parent = by_source[key]
                found[n].parent_detail = f"{sel.parent_attr}={ref}"


def _check_depth(found: list[_Found], n: int, el: Any, pattern: str) -> None:
    """Lower the confidence of a reply link when the page's depth-N class disagrees with the nesting.

    Parents are found before children (page order), so the parent's depth is known.
    """
    claimed = next((int(m.group(1)) for c in _classes(el) if (m := re.match(pattern, c))), None)
    depth, p = 1, found[n].parent
    while p is not None and depth <= len(found):
        depth, p = depth + 1, found[p].parent
    if claimed is not None and claimed != depth and found[n].parent is not None:
        found[n].parent_confidence = min(found[n].parent_confidence, 0.8)
        found[n].parent_detail += f" (but its class says depth {claimed}, the nesting {depth})"


def _post_author_login(page: _Page) -> str | None:
    href = _pick(page, PAGE.post_author_login)
    if not href:
        return None
    m = re.search(PAGE.login_pattern, href)
    return m.group(1) if m else None


# --- generic fallback (BeautifulSoup) ------------------------------------------------


def _tag_classes(el: Tag) -> tuple[str, ...]:
    value = el.get("class") or ()
    return tuple(value) if isinstance(value, list) else tuple(str(value).split())


def _id_class(el: Tag) -> str:
    return " ".join((str(el.get("id") or ""), *_tag_classes(el)))


_STABLE_CLASS = re.compile(r"^(?!.*\d)(?!(?:even|odd|alt|parent|byuser|bypostauthor|thread-|depth-|"
                           r"comment-author-))")


def _signature(el: Tag) -> tuple[str, tuple[str, ...]]:
    return el.name, tuple(sorted(c for c in _tag_classes(el) if _STABLE_CLASS.match(c)))


def _generic_candidates(soup: BeautifulSoup) -> list[Tag]:
    """Elements inside a comment-ish region and outside page chrome, in page order.

    Chrome words are only believed on the region and inside it: outside, a body
    class such as ``has-sidebar`` or Blogger's ``widget Blog`` wraps the real post.
    """
    region = re.compile(GENERIC.region, re.IGNORECASE)
    chrome = re.compile(GENERIC.chrome, re.IGNORECASE)
    out: list[Tag] = []
    root = soup.body if soup.body is not None else soup
    stack: list[tuple[Tag, bool]] = [(root, False)]
    while stack:
        el, inside = stack.pop()
        if el.name in _NEVER_COMMENTS:
            continue
        names = _id_class(el).strip()
        if inside or (names and el is not root and region.search(names)):
            if names and chrome.search(names):
                continue
            if inside and _tag_classes(el):
                out.append(el)
            inside = True
        stack.extend((child, inside) for child in reversed(el.contents) if isinstance(child, Tag))
    return out


def _generic_author(block: Tag, blocks: set[int]) -> Tag | None:
    authorish = re.compile(GENERIC.authorish, re.IGNORECASE)

    def is_authorish(el: Tag) -> bool:
        marks = " ".join((*_tag_classes(el), str(el.get("itemprop") or "")))
        return el.name == "cite" or bool(marks.strip() and authorish.search(marks))

    def own(el: Tag) -> bool:
        node = el.parent
        while node is not None and node is not block:
            if id(node) in blocks:
                return False
            node = node.parent
        return True

    first = None
    for el in block.find_all(is_authorish):
        if id(el) not in blocks and own(el):
            first = el
            break
    if first is None:
        return None
    # Prefer the innermost author-ish element: "div.comment-author > b.fn" names, its parent decorates.
    while True:
        inner = next((d for d in first.find_all(is_authorish) if tag_text(d)), None)
        if inner is None:
            break
        first = inner
    name = tag_text(first).replace("\n", " ")
    if not name or len(name) > _AUTHOR_MAX_CHARS or len(name.split()) > _AUTHOR_MAX_WORDS:
        return None
    return first


def _read_generic(soup: BeautifulSoup) -> list[_Found]:
    groups: dict[tuple[str, tuple[str, ...]], list[Tag]] = {}
    for el in _generic_candidates(soup):
        groups.setdefault(_signature(el), []).append(el)
    best: tuple[tuple[int, int, int], list[tuple[Tag, Tag]]] | None = None
    for els in groups.values():
        if len(els) < _GENERIC_MIN_BLOCKS:
            continue
        ids = {id(e) for e in els}
        good: list[tuple[Tag, Tag]] = []
        nested = 0
        for el in els:
            author = _generic_author(el, ids)
            if author is None:
                continue
            good.append((el, author))
            if any(id(p) in ids for p in el.parents):
                nested += 1
        if len(good) < _GENERIC_MIN_BLOCKS:
            continue
        # Most blocks wins; then blocks that nest (a reply tree); then the outer of two nested layers.
        depth = -min(len(list(e.parents)) for e, _ in good)
        score = (len(good), nested, depth)
        if best is None or score > best[0]:
            best = (score, good)
    if best is None:
        return []
    return _generic_found(best[1])


def _generic_found(pairs: list[tuple[Tag, Tag]]) -> list[_Found]:
    noise = re.compile(GENERIC.noise, re.IGNORECASE)
    reply_words = re.compile(GENERIC.reply_words)
    index = {id(el): i for i, (el, _a) in enumerate(pairs)}
    author_ids = {id(a) for _e, a in pairs}

    def skip(tag: Tag) -> bool:
        if id(tag) in index or id(tag) in author_ids or tag.name == "time":
            return True
        names = " ".join(_tag_classes(tag))
        if names and noise.search(names):
            return True
        return tag.name in ("a", "button", "span") and bool(reply_words.match(tag.get_text() or ""))

    found: list[_Found] = []
    for el, author in pairs:
        when = el.find("time")
        published = clean_line(str(when.get("datetime") or when.get_text())) if when is not None else ""
        found.append(_Found(author=tag_text(author).replace("\n", " "), text=tag_text(el, skip=skip),
                            source_id=_generic_id(el), published=published or None,
                            author_confidence=0.8,
                            author_detail=f"generic layout: author-ish element <{author.name}>"))
    for n, (el, _a) in enumerate(pairs):
        for node in el.parents:
            j = index.get(id(node))
            if j is not None:
                found[n].parent = j
                where = found[j].source_id or f"block {j + 1}"
                found[n].parent_detail = f"generic layout: nested inside {where}"
                found[n].parent_confidence = 0.8
                break
    return found


def _generic_id(el: Tag) -> str | None:
    raw = str(el.get("id") or "")
    m = re.search(r"(\d+|[0-9a-f]{8,})$", raw)
    return m.group(1) if m else (raw or None)


# --- assembling the thread ---------------------------------------------------------


def _thread(found: list[_Found], page: _Page | None, platform: str, layout: str,
            source: str | None, thread_id: str, titles: tuple[Pick, ...]) -> Thread:
    speakers: list[Speaker] = []
    by_name: dict[str, str] = {}
    anonymous = 0
    comments: list[Comment] = []
    host_id: str | None = None
    host_ids: set[str] = set()
    for n, f in enumerate(found):
        if f.author:
            sid = by_name.get(f.author)
            if sid is None:
                sid = f"s{len(speakers) + 1}"
                by_name[f.author] = sid
                speakers.append(Speaker(id=sid, name=f.author))
            speaker_ev = Evidence(EvidenceTarget.SPEAKER, EvidenceKind.SOURCE, f.author_detail,
                                  f.author_confidence)
        else:
            anonymous += 1
            sid = f"s{len(speakers) + 1}"
            speakers.append(Speaker(id=sid, name=f"Anonymous {anonymous}", named=False))
            speaker_ev = Evidence(EvidenceTarget.SPEAKER, EvidenceKind.ANONYMOUS,
                                  "the page gives no author name", 1.0)
        if f.host:
            host_ids.add(sid)
            host_id = host_id or sid
        evidence = [speaker_ev]
        parent = None
        if f.parent is not None:
            parent = f"c{f.parent + 1}"
            evidence.append(Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE, f.parent_detail,
                                     f.parent_confidence))
        elif layout == "selectors":
            evidence.append(Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                                     "top level of the page's comment list", 1.0))
        comments.append(Comment(id=f"c{n + 1}", speaker=sid, text=f.text, parent=parent,
                                evidence=tuple(evidence), source_id=f.source_id, published=f.published))
    speakers = [Speaker(id=s.id, name=s.name, named=s.named, host=s.id in host_ids) for s in speakers]
    meta = {"layout": layout}
    title = url = published = None
    if page is not None:
        for key, picks in (("site", PAGE.site), ("post_author", PAGE.post_author), ("post_id", PAGE.post_id)):
            value = _pick(page, picks)
            if value:
                meta[key] = value
        title, url = _pick(page, titles + PAGE.title), _pick(page, PAGE.url)
        published = _pick(page, PAGE.published)
    return Thread(
        id=thread_id, title=title, url=url, published=published, platform=platform, source=source,
        host=host_id, speakers=tuple(speakers), comments=tuple(comments), meta=tuple(meta.items()),
    )


def read_html(html: str, source: str | None = None, name: str = "page",
              platforms: tuple[PlatformSelectors, ...] = PLATFORMS) -> Thread:
    """The comment thread of a saved page.

    Parameters
    ----------
    html : str
        The page's markup.
    source : str, optional
        Where it came from (a file name), kept in ``Thread.source``.
    name : str
        How error messages name the input.
    platforms : tuple of PlatformSelectors
        The platform rows to try before the generic search (``()``: generic only).

    Returns
    -------
    Thread
        Comments in page order with speakers, parents from the page's nesting, and
        the post's title, date, URL and platform.

    Raises
    ------
    ParseError
        When the page holds no comments this reader can find.

    Examples
    --------
    >>> page = ('<html><body><ol class="comment-list"><li id="comment-7" class="comment">'
    ...         '<div class="comment-author"><b class="fn">Ann</b> <span class="says">says:</span></div>'
    ...         '<div class="comment-content"><p>Hello.</p></div></li></ol></body></html>')
    >>> t = read_html(page)
    >>> (t.platform, t.speakers[0].name, t.comments[0].text, t.comments[0].source_id)
    ('wordpress', 'Ann', 'Hello.', '7')
    """
    doc = parse_page(html)
    page = _Page(doc) if doc is not None else None
    thread_id = Path(source).stem if source else "page"
    best: tuple[int, PlatformSelectors, list[_Found]] | None = None
    if page is not None:
        for sel in platforms:
            found = _read_with(page, sel)
            score = sum(1 for f in found if f.author and f.text)
            log.debug("%s: %s selectors match %d comments", name, sel.platform, score)
            if score and (best is None or score > best[0]):
                best = (score, sel, found)
    if best is not None:
        _score, sel, found = best
        return _thread(found, page, sel.platform, "selectors", source, thread_id, sel.title)
    found = _read_generic(parse_soup(html))
    if not found:
        raise ParseError(f"{name}: no comments found in this HTML page")
    log.info("%s: no known platform; %d comment-like blocks found by layout", name, len(found))
    return _thread(found, page, "generic", "generic", source, thread_id, (("h1", None),))


def read_threads(path: Path) -> Iterator[Thread]:
    """The one thread of a saved page (``Format.HTML`` reader entry point)."""
    path = Path(path)
    yield read_html(decode(path.read_bytes(), str(path)), source=path.name, name=str(path))

"""WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) exports: one thread per post or page.

Detected by an RSS root that declares a WordPress export namespace
(``http://`` or ``https://wordpress.org/export/1.x/``, under any prefix) or
carries ``<wp:wxr_version>``. The file is streamed with
:func:`lxml.etree.iterparse`; each ``<wp:comment>`` becomes a comment record
(its text already extracted) and is freed as soon as it ends, and each
``<item>`` is turned into a thread and freed, so a 500 MB export, or a post with
a hundred thousand comments, needs little more memory than the threads themselves.

What is kept and what is kept apart:

- only approved comments (``comment_approved`` = 1) are comments of the thread;
  unapproved, spam and trashed ones are counted in ``Thread.meta`` (``unapproved``);
- pingbacks and trackbacks are not speakers in the debate: they are counted in
  ``Thread.meta`` (``pingbacks``, ``trackbacks``) and left out;
- ``comment_parent`` becomes ``Comment.parent`` (evidence ``SOURCE``); a parent
  that is unapproved, a pingback or absent leaves the reply top-level with
  evidence saying so;
- the post's author (``dc:creator``, matched to a comment's author name, the
  author's display name, or ``comment_user_id``) is the host.

Comment text is the comment's HTML turned into plain text; e-mail and IP
addresses are never read. Not supported: attachments, menus and revisions are
not threads unless comments hang on them; post bodies are not read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from threads.errors import FormatError, ParseError
from threads.formats import Format
from threads.gcpause import gc_paused
from threads.model import Thread
from threads.readers._build import RawComment, build_thread, name_key
from threads.readers._markup import html_to_text, plain
from threads.readers._xml import iter_events, local, namespace, release, root_tag

FORMAT = Format.WXR
PLATFORM = "wordpress"
log = logging.getLogger(__name__)

_WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/?$")
_DETECT_NS = re.compile(r"""xmlns:[\w.-]+\s*=\s*["']https?://wordpress\.org/export/""")
_DC_NS = "http://purl.org/dc/elements/1.1/"
_NOT_ARTICLES = frozenset({"attachment", "nav_menu_item", "revision", "custom_css",
                           "customize_changeset", "wp_block", "wp_template", "wp_template_part",
                           "wp_global_styles", "wp_navigation", "oembed_cache", "user_request"})
_PINGS = {"pingback": "pingbacks", "trackback": "trackbacks"}


def detect(peek: str) -> bool:
    """An RSS document from a WordPress export.

    >>> detect('<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/">')
    True
    >>> detect('<rss version="2.0"><channel><title>News</title>')
    False
    """
    head = peek[:65536]
    if "<rss" not in head:
        return False
    return bool(_DETECT_NS.search(head)) or "<wp:wxr_version>" in head


def _date(local_date: str, gmt_date: str) -> tuple[str | None, str]:
    """ISO date for display (GMT when known) and a key that sorts chronologically."""
    gmt = gmt_date.strip()
    loc = local_date.strip()
    if gmt and not gmt.startswith("0000"):
        iso = gmt.replace(" ", "T") + "Z"
        return iso, iso
    if loc and not loc.startswith("0000"):
        iso = loc.replace(" ", "T")
        return iso, iso
    return None, ""


def _rfc822(stamp: str) -> str | None:
    """RSS ``pubDate`` (``Tue, 14 Jan 2014 17:31:03 +0000``) as ISO 8601, when the WP dates are absent."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(stamp.strip()).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


# An export repeats the same dozen tags a million times: their local names are computed once.
_local = lru_cache(maxsize=1024)(local)


def _fields(el) -> dict[str, str]:
    """Child elements in the WordPress namespace (or the dc: creator) by local name."""
    out: dict[str, str] = {}
    for child in el:
        name = _local(child.tag)
        if name and name not in out:
            out[name] = child.text or ""
    return out


class _Authors:
    """Blog users declared in the channel (``<wp:author>``): login -> display name, id."""

    def __init__(self) -> None:
        self.display: dict[str, str] = {}
        self.ids: dict[str, str] = {}

    def add(self, el) -> None:
        f = _fields(el)
        login = plain(f.get("author_login"))
        if not login:
            return
        self.display[login] = plain(f.get("author_display_name")) or login
        if f.get("author_id", "").strip():
            self.ids[login] = f["author_id"].strip()


class _PostComments:
    """The comments of one ``<item>``, each read into a :class:`RawComment` as its element
    ends (so neither the element nor its HTML is held until the post ends).

    Whether a comment is the host's is settled by :meth:`mark_host` once the post's
    author is known.
    """

    def __init__(self) -> None:
        self.raws: list[RawComment] = []
        self.user_ids: list[str] = []  # comment_user_id of each raw
        self.dropped: dict[str, str] = {}  # comment id -> why it is not in the thread
        self.counts = {"pingbacks": 0, "trackbacks": 0, "unapproved": 0}
        self._plain: dict[str | None, str] = {}  # author field -> its plain text, once per spelling

    def add(self, c: dict[str, str]) -> None:
        """One ``<wp:comment>``, given by its fields."""
        cid = (c.get("comment_id") or "").strip()
        kind = (c.get("comment_type") or "").strip().lower()
        approved = (c.get("comment_approved") or "").strip()
        if kind in _PINGS:
            self.counts[_PINGS[kind]] += 1
            self.dropped[cid] = f"it is a {kind}"
            return
        if approved != "1":
            self.counts["unapproved"] += 1
            self.dropped[cid] = ("it is not approved" if approved in ("0", "")
                                 else f"it is marked {approved}")
            return
        field = c.get("comment_author")
        author = self._plain.get(field)
        if author is None:
            author = self._plain[field] = plain(field)
        parent = (c.get("comment_parent") or "").strip()
        published, key = _date(c.get("comment_date", ""), c.get("comment_date_gmt", ""))
        text, quotes = html_to_text(c.get("comment_content"))
        self.raws.append(RawComment(
            source_id=cid, author=author, text=text, published=published, sort_key=key,
            parent=None if parent in ("", "0") else parent, quotes=quotes))
        self.user_ids.append((c.get("comment_user_id") or "").strip())

    def mark_host(self, host_names: set[str], host_user_id: str | None) -> None:
        """Flag the comments written under one of the host's names or with the host's user id."""
        names_host: dict[str, bool] = {}  # author -> whether it names the host, once per spelling
        for r, user_id in zip(self.raws, self.user_ids, strict=True):
            by_name = names_host.get(r.author)
            if by_name is None:
                by_name = names_host[r.author] = bool(r.author) and name_key(r.author) in host_names
            r.is_host = by_name or (
                host_user_id is not None and user_id == host_user_id and user_id not in ("", "0"))


def _thread_from_item(item, comments: _PostComments | None, authors: _Authors, path: Path,
                      index: int) -> Thread | None:
    """The thread of one ``<item>``; ``comments`` are its ``<wp:comment>`` children, read
    (and removed from ``item``) as each ended, None if it had none."""
    f: dict[str, str] = {}
    creator = ""
    for child in item:
        tag = child.tag
        name = _local(tag)
        if name == "creator" and namespace(tag) == _DC_NS:
            creator = plain(child.text)
        elif name and name not in f:
            f[name] = child.text or ""
    post_type = (f.get("post_type") or "post").strip()
    if post_type in _NOT_ARTICLES and comments is None:
        return None
    comments = comments or _PostComments()

    host_names = {name_key(creator)} if creator else set()
    if creator in authors.display:
        host_names.add(name_key(authors.display[creator]))
    comments.mark_host(host_names, authors.ids.get(creator))

    post_id = (f.get("post_id") or "").strip()
    url = (f.get("link") or "").strip() or None
    thread_id = post_id or url or f"item{index}"
    published, _ = _date(f.get("post_date", ""), f.get("post_date_gmt", ""))
    meta = {"post_type": post_type}
    if (f.get("status") or "").strip():
        meta["status"] = f["status"].strip()  # publish, draft, private, trash: the reader keeps them all
    if creator:
        meta["author"] = authors.display.get(creator, creator)
    meta.update({k: str(v) for k, v in comments.counts.items() if v})
    return build_thread(
        thread_id=thread_id, raws=comments.raws, platform=PLATFORM, source=path.name,
        title=plain(f.get("title")), url=url, published=published or _rfc822(f.get("pubDate", "")),
        parent_missing=comments.dropped, meta=meta)


def read_threads(path: Path) -> Iterator[Thread]:
    """Every post and page of a WXR export, one thread each, in file order.

    Raises :class:`~threads.errors.FormatError` when the file is RSS without a
    supported WordPress namespace, :class:`~threads.errors.ParseError` when it is
    not well-formed XML.
    """
    path = Path(path)
    root = root_tag(path)
    if local(root) != "rss":
        raise FormatError(f"{path}: not a WordPress export (root element <{local(root)}>, expected <rss>)")
    reader = _Reader(path)
    events = iter_events(path, ("start-ns", "end"), tag=("item", "{*}author", "{*}comment"))
    ids: set[str] = set()
    while True:
        # The collector is paused while a thread is read and built, never while
        # the caller works on it.
        with gc_paused():
            thread = reader.next_thread(events)
        if thread is None:
            break
        if thread.id in ids:  # ids are reused across items in hand-edited files
            thread = _unique(thread, ids)
        ids.add(thread.id)
        yield thread
    if reader.wp_ns is None and reader.index == 0:
        raise ParseError(f"{path}: no WordPress posts found (no <item> with the "
                         "wordpress.org/export namespace)")


class _Reader:
    """What a pass over an export has learned so far: namespaces, blog users, pending comments."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wp_ns: str | None = None
        self.comment_tag: str | None = None  # "{wp_ns}comment"
        self.seen_ns: list[str] = []
        self.authors = _Authors()
        self.index = 0  # items read
        # An item's comments, read as each ends so the element can be freed at once.
        self.comments: dict[object, _PostComments] = {}

    def next_thread(self, events: Iterator[tuple[str, object]]) -> Thread | None:
        """The next thread of the export (items that are not threads skipped), None at the end."""
        for event, el in events:
            if event == "start-ns":
                uri = el[1]
                self.seen_ns.append(uri)
                if self.wp_ns is None and _WP_NS.match(uri):
                    self.wp_ns = uri
                    self.comment_tag = f"{{{uri}}}comment"
                continue
            tag = el.tag
            if tag == self.comment_tag:
                item = el.getparent()
                if item is not None and item.tag == "item":
                    post = self.comments.get(item)
                    if post is None:
                        post = self.comments[item] = _PostComments()
                    post.add(_fields(el))
                    el.clear(keep_tail=False)
                    item.remove(el)
                continue
            name = _local(tag)
            if name == "author" and namespace(tag) == self.wp_ns:
                self.authors.add(el)
                release(el)
            elif name == "item" and namespace(tag) == "":
                thread = self._item(el)
                if thread is not None:
                    return thread
        return None

    def _item(self, item) -> Thread | None:
        if self.wp_ns is None:
            found = next((u for u in self.seen_ns
                          if re.match(r"^https?://wordpress\.org/export/[^/]+/?$", u)),
                         next((u for u in self.seen_ns if "wordpress.org/export" in u), None))
            raise FormatError(
                f"{self.path}: WordPress export namespace {found!r} is not supported; expected "
                "http(s)://wordpress.org/export/1.0/, 1.1/ or 1.2/" if found else
                f"{self.path}: RSS without the WordPress export namespace "
                "(http(s)://wordpress.org/export/1.x/); not a WXR file")
        self.index += 1
        thread = _thread_from_item(item, self.comments.pop(item, None), self.authors, self.path,
                                   self.index)
        release(item)
        return thread


def _unique(thread: Thread, ids: set[str]) -> Thread:
    from dataclasses import replace

    n = 2
    while f"{thread.id}-{n}" in ids:
        n += 1
    return replace(thread, id=f"{thread.id}-{n}")

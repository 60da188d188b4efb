"""Blogger Atom exports: one thread per post.

Detected by an Atom ``<feed>`` that is a Blogger archive: Blogger as generator or
id, or entry kinds in the ``http://schemas.google.com/g/2005#kind`` scheme. The
export mixes the blog's template and settings with posts and comments; an
entry's kind comes from that ``<category scheme="...#kind">`` (``kind#post``,
``kind#comment``; template and settings entries are skipped), or, in the newer
Takeout export, from ``<blogger:type>`` (``POST``, ``COMMENT``). Drafts, and
comments that are deleted, spam or trashed (``<blogger:status>`` other than
``LIVE``, ``<blogger:trashed>``), are left out; replies to a hidden comment
become top-level with evidence saying so (``Thread.meta``: ``hidden``).

A comment's ``<thr:in-reply-to ref>`` names what it answers: the post (a
top-level comment) or another comment (a reply, evidence ``SOURCE``). Blogger's
threaded comments may instead carry ``<link rel="related">`` to the parent
comment; the Takeout export says ``<blogger:parent>`` (the post) and
``<blogger:inReplyTo>`` (the comment answered). All count. A comment whose
post is not in the export is dropped (counted in the log). The post's author
(matched by name or profile URI) is the host.

Not supported: generic Atom feeds that are not Blogger exports; comments'
``gd:extendedProperty`` (blog-owner flags); e-mail addresses are never read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from threads.errors import FormatError
from threads.formats import Format
from threads.model import Thread
from threads.readers._build import RawComment, build_thread, name_key
from threads.readers._markup import html_to_text, plain
from threads.readers._xml import iter_events, local, namespace, release, root_tag

FORMAT = Format.ATOM
PLATFORM = "blogger"
log = logging.getLogger(__name__)

_ATOM = "http://www.w3.org/2005/Atom"
_THR = "http://purl.org/syndication/thread/1.0"
_APP = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
_KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
_DETECT_FEED = re.compile(r"""<feed\b[^>]*xmlns\s*=\s*["']http://www\.w3\.org/2005/Atom["']""")
_DETECT_BLOGGER = re.compile(r"tag:blogger\.com|schemas\.google\.com/g/2005#kind|"
                             r"schemas\.google\.com/blogger/2018|<generator[^>]*blogger\.com")
_POST_ID = re.compile(r"(?:\.post-|/posts?/(?:default/)?|/comments/default/)(\d+)$")


def detect(peek: str) -> bool:
    """An Atom feed exported from Blogger.

    >>> detect('<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-1</id>')
    True
    >>> detect('<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:news</id>')
    False
    """
    head = peek[:65536]
    return bool(_DETECT_FEED.search(head)) and bool(_DETECT_BLOGGER.search(head))


@dataclass(slots=True)
class _Entry:
    id: str
    kind: str
    title: str
    url: str
    published: str
    author: str
    author_keys: frozenset[str]
    html: str
    reply_to: str | None  # thr:in-reply-to ref, or the 2018 format's blogger:parent (the post)
    related: str | None
    order: int
    reply_comment: str | None = None  # the 2018 format's blogger:inReplyTo (a comment)
    live: bool = True  # False for drafts, deleted, spam and trashed entries


def _short_id(entry_id: str) -> str:
    """Blogger's numeric id from ``tag:blogger.com,1999:blog-1.post-42`` (or the id itself)."""
    m = _POST_ID.search(entry_id.strip())
    return m.group(1) if m else entry_id.strip()


def _entry(el, order: int) -> _Entry:
    kind = ""
    title = url = published = html = ""
    author = ""
    keys: set[str] = set()
    reply_to = related = reply_comment = None
    entry_id = ""
    live = True
    for child in el:
        name, ns = local(child.tag), namespace(child.tag)
        if ns == _ATOM:
            if name == "id":
                entry_id = (child.text or "").strip()
            elif name == "category" and child.get("scheme") == _KIND_SCHEME:
                kind = (child.get("term") or "").rsplit("#", 1)[-1]
            elif name == "title":
                title = plain(child.text)
            elif name == "published":
                published = (child.text or "").strip()
            elif name == "content":
                html = child.text or ""
            elif name == "link":
                rel = child.get("rel")
                if rel == "alternate" and not url:
                    url = (child.get("href") or "").split("?showComment", 1)[0]
                elif rel == "related":
                    related = child.get("href")
            elif name == "author":
                for a in child:
                    if local(a.tag) == "name":
                        author = plain(a.text)
                        if author:
                            keys.add(name_key(author))
                    elif local(a.tag) == "uri" and (a.text or "").strip():
                        keys.add((a.text or "").strip())
        elif ns == _THR and name == "in-reply-to":
            reply_to = child.get("ref") or child.get("href")
        elif "blogger" in ns:  # Blogger's 2018 export format (Takeout)
            value = (child.text or "").strip()
            if name == "type":
                kind = value.lower()
            elif name == "parent" and not reply_to:
                reply_to = value or None
            elif name == "inReplyTo":
                reply_comment = value or None
            elif name == "status" and value:
                live = value.upper() == "LIVE"
            elif name == "trashed" and value:
                live = False
            elif name == "filename" and value and not url:
                url = value
        elif name == "control" and ns in _APP:  # a draft: <app:control><app:draft>yes</app:draft>
            if any(local(d.tag) == "draft" and (d.text or "").strip().lower() == "yes" for d in child):
                live = False
    return _Entry(id=entry_id, kind=kind, title=title, url=url, published=published, author=author,
                  author_keys=frozenset(keys), html=html, reply_to=reply_to, related=related,
                  order=order, reply_comment=reply_comment, live=live)


def read_threads(path: Path) -> Iterator[Thread]:
    """Every post of a Blogger export, one thread each, in file order.

    Raises :class:`~threads.errors.FormatError` when the root is not an Atom
    feed and :class:`~threads.errors.ParseError` when the XML is broken.
    """
    path = Path(path)
    posts: list[_Entry] = []
    comments: list[_Entry] = []
    skipped: dict[str, int] = {}
    hidden: dict[str, str] = {}  # comment id -> why it is not shown
    hidden_entries: list[_Entry] = []
    root = root_tag(path)
    if local(root) != "feed" or namespace(root) != _ATOM:
        raise FormatError(f"{path}: not a Blogger Atom export (root element <{local(root)}>, "
                          "expected an Atom <feed>)")
    n = 0
    for _, el in iter_events(path, ("end",), tag=f"{{{_ATOM}}}entry"):
        n += 1
        e = _entry(el, n)
        release(el)
        if e.kind == "comment" and not e.live:
            hidden[e.id] = "it is deleted, spam or in the trash"
            hidden_entries.append(e)
        elif e.kind == "post" and e.live:
            posts.append(e)
        elif e.kind == "comment":
            comments.append(e)
        else:
            kind = e.kind if e.live else f"{e.kind or 'unknown'} (not published)"
            skipped[kind or "unknown"] = skipped.get(kind or "unknown", 0) + 1
    log.info("%s: %d posts, %d comments; skipped %s", path, len(posts), len(comments), skipped)

    post_of_id = {p.id: p for p in posts}
    comment_of_id = {c.id: c for c in comments}
    comment_of_num = {_short_id(c.id): c for c in comments}

    def parent_comment(c: _Entry) -> _Entry | None:
        """The comment ``c`` answers: blogger:inReplyTo, a thr:in-reply-to naming a comment, rel=related."""
        for ref in (c.reply_comment, c.reply_to):
            if ref and ref in comment_of_id:
                return comment_of_id[ref]
        return _related_comment(c, comment_of_num)

    hidden_of_id = {e.id: e for e in hidden_entries}

    def post_for(c: _Entry) -> _Entry | None:
        seen: set[str] = set()
        cur: _Entry | None = c
        while cur is not None and cur.id not in seen:
            seen.add(cur.id)
            if (cur.reply_to or "") in post_of_id:
                return post_of_id[cur.reply_to or ""]
            # climb through the parent comment, shown or hidden, to find the post
            cur = parent_comment(cur) or hidden_of_id.get(cur.reply_comment or cur.reply_to or "")
        return None

    hidden_per_post: dict[str, int] = {}
    for e in hidden_entries:
        if (e.reply_to or "") in post_of_id:
            hidden_per_post[e.reply_to or ""] = hidden_per_post.get(e.reply_to or "", 0) + 1
    by_post: dict[str, list[_Entry]] = {}
    orphans = 0
    for c in comments:
        p = post_for(c)
        if p is None:
            orphans += 1
            continue
        by_post.setdefault(p.id, []).append(c)
    if orphans:
        log.warning("%s: %d comments answer no post in the export; left out", path, orphans)

    for p in posts:
        raws = []
        for c in by_post.get(p.id, ()):
            parent_entry = parent_comment(c)
            hidden_parent = next((r for r in (c.reply_comment, c.reply_to) if r and r in hidden), None)
            text, quotes = html_to_text(c.html)
            raws.append(RawComment(
                source_id=_short_id(c.id), author=c.author, text=text, published=c.published or None,
                sort_key=_utc_key(c.published),
                parent=(_short_id(parent_entry.id) if parent_entry is not None else
                        _short_id(hidden_parent) if hidden_parent else None),
                quotes=quotes, is_host=bool(p.author_keys & c.author_keys)))
        meta = {"author": p.author} if p.author else {}
        if hidden_per_post.get(p.id):
            meta["hidden"] = str(hidden_per_post[p.id])
        yield build_thread(thread_id=_short_id(p.id), raws=raws, platform=PLATFORM,
                           source=path.name, title=p.title, url=p.url, published=p.published,
                           parent_missing={_short_id(k): v for k, v in hidden.items()}, meta=meta)


def _related_comment(c: _Entry, comment_of_num: dict[str, _Entry]) -> _Entry | None:
    """The parent named by ``<link rel="related">`` (Blogger's threaded comments)."""
    if not c.related:
        return None
    other = comment_of_num.get(_short_id(c.related))
    return other if other is not c else None


def _utc_key(stamp: str) -> str:
    """A sort key in UTC for ``2008-11-11T16:10:00.000-08:00`` (Blogger writes local offsets)."""
    from datetime import UTC, datetime

    try:
        dt = datetime.fromisoformat(stamp.strip().replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if dt.tzinfo is None:
        return dt.isoformat()
    return dt.astimezone(UTC).isoformat()

"""Disqus XML exports: one thread per article.

Detected by a ``<disqus>`` root in the ``http://disqus.com`` namespace. The
export lists ``<thread dsq:id>`` records (articles) and ``<post dsq:id>`` records
(comments) that point at their thread and, for replies, at their parent post.
The file is streamed with :func:`lxml.etree.iterparse`: each record is reduced
to a few strings and freed, and threads are assembled once every post is known
(posts may come before or after their thread).

What is kept and what is kept apart:

- deleted and spam posts are left out (counted in ``Thread.meta``); a reply to
  one becomes top-level with evidence saying so;
- the same article listed under two thread records (a site that moved from
  ``/slug/`` to ``/blog/slug.html`` keeps both in Disqus, with the comments
  copied) is merged into one thread: records are the same article when their
  titles match and either their URL slugs match or they share a comment (same
  author, time and text); a comment seen twice is kept once, and replies to
  the copy point at the kept one. ``Thread.meta`` lists the merged ids and URLs;
- posts whose thread record is missing form a thread of their own, titled by
  nothing and marked ``thread_record`` = ``missing``;
- the thread record's author (matched by name or username) is the host.

E-mail and IP addresses are never read. Not supported: Disqus "reactions" and
votes (not in the export).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from threads.errors import FormatError
from threads.formats import Format
from threads.model import Evidence, EvidenceKind, EvidenceTarget, Thread
from threads.readers._build import RawComment, build_thread, name_key
from threads.readers._markup import html_to_text, plain
from threads.readers._xml import iter_events, local, namespace, release, root_tag

FORMAT = Format.DISQUS
PLATFORM = "disqus"
log = logging.getLogger(__name__)

_NS = "http://disqus.com"
_DSQ = "{http://disqus.com/disqus-internals}id"
_DETECT = re.compile(r"""<disqus\b[^>]*xmlns\s*=\s*["']https?://disqus\.com/?["']""")
_SLUG_TAIL = re.compile(r"\.(html?|php|aspx?)$", re.IGNORECASE)


def detect(peek: str) -> bool:
    """A ``<disqus xmlns="http://disqus.com">`` document.

    >>> detect('<?xml version="1.0"?><disqus xmlns="http://disqus.com" xmlns:dsq="x">')
    True
    >>> detect('<html><body>Comments powered by disqus.com</body></html>')
    False
    """
    return bool(_DETECT.search(peek[:65536]))


@dataclass(slots=True)
class _ThreadRec:
    dsq_id: str
    order: int
    title: str = ""
    url: str = ""
    ident: str = ""
    published: str = ""
    author_keys: frozenset[str] = frozenset()
    author_name: str = ""


@dataclass(slots=True)
class _PostRec:
    dsq_id: str
    thread: str
    parent: str | None
    author: str
    author_keys: frozenset[str]
    created: str
    html: str
    deleted: bool
    spam: bool


@dataclass(slots=True)
class _Group:
    members: list[str] = field(default_factory=list)


def _children(el) -> dict[str, object]:
    """Child elements in the Disqus namespace by local name (the first of each)."""
    out: dict[str, object] = {}
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag.startswith("{" + _NS + "}"):
            out.setdefault(tag[len(_NS) + 2:], child)
    return out


def _text(children: dict[str, object], name: str) -> str:
    el = children.get(name)
    return (el.text or "") if el is not None else ""


def _author(children: dict[str, object]) -> tuple[str, frozenset[str]]:
    a = children.get("author")
    if a is None:
        return "", frozenset()
    fields = _children(a)
    name = plain(_text(fields, "name"))
    user = plain(_text(fields, "username"))
    return name or user, frozenset(name_key(k) for k in (name, user) if k)


def _slug(url: str) -> str:
    path = urlsplit(url.strip()).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return _SLUG_TAIL.sub("", last).casefold()


def _truthy(text: str) -> bool:
    return text.strip().lower() == "true"


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _read_records(path: Path) -> tuple[dict[str, _ThreadRec], list[_PostRec]]:
    threads: dict[str, _ThreadRec] = {}
    posts: list[_PostRec] = []
    root = root_tag(path)
    if local(root) != "disqus" or namespace(root) != _NS:
        raise FormatError(f"{path}: not a Disqus export (root element <{local(root)}> "
                          f"in namespace {namespace(root)!r}, expected <disqus> in {_NS!r})")
    for _, el in iter_events(path, ("end",), tag=(f"{{{_NS}}}thread", f"{{{_NS}}}post")):
        parent = el.getparent()
        if parent is None or parent.getparent() is not None:
            continue  # only top-level records; nested <thread dsq:id/> refs belong to a post
        name = local(el.tag)
        if name == "thread":
            f = _children(el)
            tid = el.get(_DSQ) or ""
            author, keys = _author(f)
            threads[tid] = _ThreadRec(
                dsq_id=tid, order=len(threads), title=plain(_text(f, "title")),
                url=_text(f, "link").strip(), ident=plain(_text(f, "id")),
                published=_text(f, "createdAt").strip(), author_keys=keys, author_name=author)
        elif name == "post":
            f = _children(el)
            t, p = f.get("thread"), f.get("parent")
            author, keys = _author(f)
            posts.append(_PostRec(
                dsq_id=el.get(_DSQ) or "", thread=(t.get(_DSQ) if t is not None else "") or "",
                parent=(p.get(_DSQ) or None) if p is not None else None,
                author=author, author_keys=keys, created=_text(f, "createdAt").strip(),
                html=_text(f, "message"), deleted=_truthy(_text(f, "isDeleted")),
                spam=_truthy(_text(f, "isSpam"))))
        release(el)
    return threads, posts


def _post_key(p: _PostRec) -> tuple[str, str, str]:
    return (name_key(p.author), p.created, re.sub(r"\s+", " ", p.html).strip())


def _groups(threads: dict[str, _ThreadRec], posts_by_thread: dict[str, list[_PostRec]]) -> list[list[str]]:
    """Thread records that are the same article (see the module docstring), in file order."""
    uf = _Union()
    by_title_slug: dict[tuple[str, str], str] = {}
    for t in threads.values():
        uf.find(t.dsq_id)
        title, slug = name_key(t.title), _slug(t.url)
        if title and slug:
            key = (title, slug)
            if key in by_title_slug:
                uf.union(by_title_slug[key], t.dsq_id)
            else:
                by_title_slug[key] = t.dsq_id
    first_seen: dict[tuple[str, str, str], str] = {}
    for tid, posts in posts_by_thread.items():
        for p in posts:
            key = _post_key(p)
            if not key[1]:
                continue  # no timestamp: too weak to call two records the same article
            other = first_seen.setdefault(key, tid)
            if other != tid and name_key(threads[other].title if other in threads else "") == name_key(
                    threads[tid].title if tid in threads else ""):
                uf.union(other, tid)
    groups: dict[str, list[str]] = {}
    order = sorted(set(threads) | set(posts_by_thread),
                   key=lambda t: (threads[t].order if t in threads else len(threads), t))
    for tid in order:
        groups.setdefault(uf.find(tid), []).append(tid)
    return list(groups.values())


def _build(group: list[str], threads: dict[str, _ThreadRec], posts_by_thread: dict[str, list[_PostRec]],
           path: Path) -> Thread:
    # The record with most posts is the article's main record (ties: first in the file).
    main = max(enumerate(group), key=lambda it: (len(posts_by_thread.get(it[1], ())), -it[0]))[1]
    rec = threads.get(main)
    members = [main] + [t for t in group if t != main]
    kept: dict[tuple[str, str, str], str] = {}
    alias: dict[str, str] = {}
    raws: list[RawComment] = []
    dropped: dict[str, str] = {}
    counts = {"deleted": 0, "spam": 0, "duplicates_removed": 0}
    host_keys = rec.author_keys if rec else frozenset()
    for tid in members:
        for p in posts_by_thread.get(tid, ()):
            if p.deleted or p.spam:
                counts["deleted" if p.deleted else "spam"] += 1
                dropped[p.dsq_id] = "it was deleted" if p.deleted else "it is marked as spam"
                continue
            key = _post_key(p)
            if key in kept:
                counts["duplicates_removed"] += 1
                alias[p.dsq_id] = kept[key]
                continue
            kept[key] = p.dsq_id
            text, quotes = html_to_text(p.html)
            raws.append(RawComment(
                source_id=p.dsq_id, author=p.author, text=text, published=p.created or None,
                sort_key=p.created, parent=p.parent, quotes=quotes,
                is_host=bool(host_keys & p.author_keys)))
    for r in raws:
        if r.parent is not None and r.parent in alias:
            copy = r.parent
            r.parent = alias[copy]
            r.parent_evidence = (Evidence(
                EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                f"the export gives post {copy} as parent, a copy of post {r.parent} "
                "listed under the article's other URL", 1.0),)
    meta: dict[str, str] = {}
    if len(members) > 1:
        meta["merged_threads"] = " ".join(members)
        meta["urls"] = " ".join(threads[t].url for t in members if t in threads and threads[t].url)
    if rec is None:
        meta["thread_record"] = "missing"
    elif rec.ident:
        meta["disqus_identifier"] = rec.ident
    if rec is not None and rec.author_name:
        meta["author"] = rec.author_name
    meta.update({k: str(v) for k, v in counts.items() if v})
    return build_thread(
        thread_id=main, raws=raws, platform=PLATFORM, source=path.name,
        title=rec.title if rec else None, url=rec.url if rec else None,
        published=rec.published if rec else None, parent_missing=dropped, meta=meta)


def read_threads(path: Path) -> Iterator[Thread]:
    """Every article of a Disqus export, one thread each (merged across URLs), in file order.

    Raises :class:`~threads.errors.FormatError` when the root is not a Disqus
    export and :class:`~threads.errors.ParseError` when the XML is broken.
    """
    path = Path(path)
    threads, posts = _read_records(path)
    posts_by_thread: dict[str, list[_PostRec]] = {}
    for p in posts:
        posts_by_thread.setdefault(p.thread, []).append(p)
    for group in _groups(threads, posts_by_thread):
        yield _build(group, threads, posts_by_thread, path)

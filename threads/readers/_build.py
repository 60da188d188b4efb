"""Build a :class:`~threads.model.Thread` from the comment records an export gives.

Every structured export (WordPress, Disqus, Blogger, Movable Type) says the same
things in its own words: who wrote a comment, when, its text, and sometimes
which comment it answers. The readers turn their format into
:class:`RawComment` records; :func:`build_thread` does what is common to all of
them, in one place:

- page order is chronological (stable for equal dates, so the export's order
  breaks ties);
- one speaker per distinct author name (compared case- and space-insensitively;
  other spellings become the speaker's aliases), ids ``s1..sN`` in order of first
  appearance, comment ids ``c1..cN`` in page order;
- a parent named by the export becomes ``Comment.parent`` with ``SOURCE``
  evidence; a parent that is missing, deleted or not a comment leaves the
  comment top-level with evidence saying why; a cycle of parents is cut;
- the host (the post's author) is flagged on the speaker and the thread.

E-mail addresses are never read into the model.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from threads.gcpause import gc_paused
from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Quote,
    Speaker,
    Thread,
)

ANONYMOUS = "Anonymous"
_WS = re.compile(r"\s+")


@dataclass(slots=True)
class RawComment:
    """One comment as an export states it, before ids and speakers are assigned.

    ``parent`` is the export's own id of the parent comment (``None`` for a
    top-level comment). ``parent_missing`` maps ids the reader dropped (deleted,
    spam, unapproved, pingbacks) to the reason, so a reply to one of them can
    say why it became top-level. ``parent_evidence`` replaces the default
    ``SOURCE`` evidence when the reader inferred the parent itself.
    """

    source_id: str
    author: str
    text: str
    published: str | None = None
    parent: str | None = None
    is_host: bool = False
    quotes: tuple[str, ...] = ()
    salutation: str | None = None
    addressee_names: tuple[str, ...] = ()
    parent_evidence: tuple[Evidence, ...] = ()
    extra_evidence: tuple[Evidence, ...] = ()
    sort_key: str = ""


def name_key(name: str) -> str:
    """The identity of an author name: NFKC, case-folded, spaces squeezed.

    >>> name_key("  Jane   DOE ") == name_key("jane doe")
    True
    """
    return _WS.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _norm_text(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def _quote_source(quote: str, earlier: list[tuple[str, str]]) -> str | None:
    """The latest earlier comment whose text contains ``quote`` (whitespace-insensitive)."""
    q = _norm_text(quote)
    if len(q) < 12:  # a few words match too many comments to name a source
        return None
    for cid, text in reversed(earlier):
        if q in text:
            return cid
    return None


def _cut_cycles(parents: dict[str, str | None], order: list[str]) -> set[str]:
    """Ids whose parent link closes a cycle (the earliest comment of each cycle); links cut in place.

    >>> links = {"c1": "c3", "c2": "c1", "c3": "c2", "c4": "c3"}
    >>> _cut_cycles(links, ["c1", "c2", "c3", "c4"]), links["c1"]
    ({'c1'}, None)
    """
    position = {cid: i for i, cid in enumerate(order)}
    cut: set[str] = set()
    safe: set[str] = set()  # comments whose chain of parents is known to end at a top-level one
    for start in order:
        if start in safe:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        cur: str | None = start
        while cur is not None and cur not in safe and cur not in on_path:
            path.append(cur)
            on_path.add(cur)
            cur = parents.get(cur)
        if cur is not None and cur in on_path:
            cycle = path[path.index(cur):]
            first = min(cycle, key=position.__getitem__)
            cut.add(first)
            parents[first] = None
        safe.update(path)
    return cut


def build_thread(
    *,
    thread_id: str,
    raws: list[RawComment],
    platform: str,
    source: str | None,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    parent_missing: dict[str, str] | None = None,
    meta: dict[str, str] | None = None,
) -> Thread:
    """Assemble a thread from an export's records (see the module docstring for the rules)."""
    with gc_paused():
        return _build(thread_id, raws, platform, source, title, url, published,
                      parent_missing or {}, meta or {})


def _build(thread_id: str, raws: list[RawComment], platform: str, source: str | None,
           title: str | None, url: str | None, published: str | None,
           parent_missing: dict[str, str], meta: dict[str, str]) -> Thread:
    # sorted() is stable: comments with equal dates keep the export's order
    ordered = sorted(raws, key=lambda r: r.sort_key or r.published or "")

    speakers: list[Speaker] = []
    by_name: dict[str, str] = {}
    host_ids: set[str] = set()
    aliases: dict[str, list[str]] = {}
    shown: dict[str, str] = {}  # speaker id -> the name it is shown with
    sid_of: list[str] = []
    anonymous = name_key(ANONYMOUS)
    keys: dict[str, str] = {}  # author name -> name_key: computed once per distinct spelling
    for r in ordered:
        name = r.author.strip()
        key = keys.get(name)
        if key is None:
            key = keys[name] = name_key(name) or anonymous
        sid = by_name.get(key)
        if sid is None:
            sid = f"s{len(speakers) + 1}"
            by_name[key] = sid
            named = bool(name) and key != anonymous
            speakers.append(Speaker(id=sid, name=name or ANONYMOUS, named=named))
            shown[sid] = name or ANONYMOUS
            aliases[sid] = []
        elif name and name != shown[sid] and name not in aliases[sid]:
            aliases[sid].append(name)  # the same name spelled another way ("tom" / "Tom")
        if r.is_host:
            host_ids.add(sid)
        sid_of.append(sid)

    order = [f"c{i + 1}" for i in range(len(ordered))]
    cid_of_source: dict[str, str] = {}
    for cid, r in zip(order, ordered, strict=True):
        cid_of_source.setdefault(r.source_id, cid)

    # Evidence values are immutable: the ones every comment of the thread has are shared.
    by_author = Evidence(EvidenceTarget.SPEAKER, EvidenceKind.SOURCE,
                         f"author field of the {platform} export", 1.0)
    top_level = (Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                          "top-level comment in the export", 1.0),)
    parents: dict[str, str | None] = {}
    evidence: dict[str, tuple[Evidence, ...]] = {}
    for cid, r in zip(order, ordered, strict=True):
        parent: str | None = None
        if r.parent is None:
            about_parent = r.parent_evidence or top_level
        elif cid_of_source.get(r.parent, cid) != cid:
            parent = cid_of_source[r.parent]
            about_parent = r.parent_evidence or (Evidence(
                EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                f"the export gives comment {r.parent} as parent", 1.0),)
        else:
            why = ("it is the comment itself" if r.parent in cid_of_source
                   else parent_missing.get(r.parent, "it is not in the export"))
            about_parent = (Evidence(EvidenceTarget.PARENT, EvidenceKind.TOP_LEVEL,
                                     f"the export gives comment {r.parent} as parent, but {why}; "
                                     "shown top-level", 1.0),)
        parents[cid] = parent
        evidence[cid] = (by_author, *about_parent, *r.extra_evidence)

    for cid in _cut_cycles(parents, order):
        given = next((e.detail for e in evidence[cid] if e.about is EvidenceTarget.PARENT), "")
        evidence[cid] = (*(e for e in evidence[cid] if e.about is not EvidenceTarget.PARENT),
                         Evidence(EvidenceTarget.PARENT, EvidenceKind.TOP_LEVEL,
                                  f"{given}, but the export's parent links form a cycle here; "
                                  "cut, shown top-level", 1.0))

    comments: list[Comment] = []
    # Quotes are matched against the normalised text of earlier comments: computed
    # only when some comment quotes at all (most threads have no <blockquote>).
    earlier: list[tuple[str, str]] | None = [] if any(r.quotes for r in ordered) else None
    for cid, sid, r in zip(order, sid_of, ordered, strict=True):
        quotes: tuple[Quote, ...] = ()
        if r.quotes:
            sources = [_quote_source(q, earlier) for q in r.quotes]
            quotes = tuple(Quote(q, src, 100.0 if src else 0.0)
                           for q, src in zip(r.quotes, sources, strict=True))
        addressees: tuple[str, ...] = ()
        if r.addressee_names:
            addressees = tuple(dict.fromkeys(by_name[name_key(n)] for n in r.addressee_names
                                             if name_key(n) in by_name))
        comments.append(Comment(
            id=cid, speaker=sid, text=r.text, parent=parents[cid], addressees=addressees,
            quotes=quotes, evidence=evidence[cid], source_id=r.source_id,
            published=r.published, salutation=r.salutation))
        if earlier is not None:
            earlier.append((cid, _norm_text(r.text)))

    speakers = [Speaker(id=s.id, name=s.name, aliases=tuple(aliases[s.id]), named=s.named,
                        host=s.id in host_ids) for s in speakers]
    host = next((s.id for s in speakers if s.host), None)
    return Thread(
        id=thread_id, title=title or None, url=url or None, published=published or None,
        platform=platform, source=source, host=host, speakers=tuple(speakers),
        comments=tuple(comments), meta=tuple((k, str(v)) for k, v in meta.items()),
    )

"""The thread model: frozen values that every stage reads and returns.

Values are immutable (``frozen=True, slots=True``, tuples rather than lists) so a
stage can never change what an earlier stage produced behind its back: each stage
returns a new :class:`Thread` built with :func:`dataclasses.replace`. That makes
stages safe to cache (the dashboard does) and to run in worker processes.

This module does no I/O and imports nothing outside the standard library.
``to_dict`` / ``from_dict`` convert to and from the JSON contract
(``"schema": "threads/1"``); field names there are a promise to users' scripts.

Examples
--------
>>> s = Speaker(id="s1", name="Ann", named=True)
>>> c = Comment(id="c1", speaker="s1", text="Hello.")
>>> t = Thread(id="t", speakers=(s,), comments=(c,))
>>> from_dict(to_dict(t)) == t
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from types import MappingProxyType
from typing import Any

SCHEMA = "threads/1"

__all__ = [
    "SCHEMA",
    "EvidenceKind",
    "EvidenceTarget",
    "RelationLabel",
    "Evidence",
    "Quote",
    "SentenceTone",
    "Tone",
    "Relation",
    "Speaker",
    "Comment",
    "Thread",
    "to_dict",
    "from_dict",
    "replace",
]


class EvidenceTarget(StrEnum):
    """What a piece of evidence is about."""

    SPEAKER = "speaker"
    PARENT = "parent"
    ADDRESSEE = "addressee"


class EvidenceKind(StrEnum):
    """How an attribution or a reply link was found."""

    SOURCE = "source"  # the input said so explicitly (export field, HTML nesting)
    NAME_LINE = "name_line"  # an author line before (or after) the comment
    SIGNATURE = "signature"  # the comment closes with the speaker's signature
    SALUTATION = "salutation"  # "Name -", "Name,": the comment addresses someone
    LATER_SALUTATION = "later_salutation"  # a later comment addresses this one's author by name
    TITLE = "title"  # addressed by a title ("Colonel", "Professor") that names the host
    QUOTE = "quote"  # the comment quotes an earlier comment
    HOST_INLINE = "host_inline"  # the host's answer written inside the comment it answers
    QUESTION = "question"  # answers an open question put to the readers
    DISCOURSE = "discourse"  # opens with a rejoinder ("I thought...", "No,") to the comment before
    SIMILARITY = "similarity"  # shares unusual words with the comment it answers
    EXPLICIT_REPLY = "explicit_reply"  # says it replies to someone's comment
    UNADDRESSED = "unaddressed"  # speaks to someone who is not in the thread
    ANONYMOUS = "anonymous"  # no name can be supported: a stable anonymous speaker
    TOP_LEVEL = "top_level"  # nothing ties the comment to an earlier one


class RelationLabel(StrEnum):
    """How a reply stands toward the comment it answers."""

    AGREE = "agree"
    DISAGREE = "disagree"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a comment has the speaker, parent or addressee it has."""

    about: EvidenceTarget
    kind: EvidenceKind
    detail: str = ""
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class Quote:
    """A span of someone else's words inside a comment.

    ``source`` is the id of the comment it was found in, or ``None`` when it
    quotes something outside the thread (a politician, an article).
    ``score`` is the fuzzy match ratio in [0, 100] (people misquote).
    """

    text: str
    source: str | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class SentenceTone:
    text: str
    compound: float


@dataclass(frozen=True, slots=True)
class Tone:
    """VADER scores of the commenter's own words, plus incivility."""

    compound: float = 0.0
    pos: float = 0.0
    neu: float = 0.0
    neg: float = 0.0
    incivility: float = 0.0
    incivility_terms: tuple[str, ...] = ()
    sentences: tuple[SentenceTone, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """A reply's stance toward its parent: label, score in [-1, 1], cues."""

    label: RelationLabel
    score: float = 0.0
    cues: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    """Someone who comments. ``named`` is False for a stable anonymous speaker."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    named: bool = True
    host: bool = False
    camp: str | None = None
    camp_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """One comment. ``text`` holds the commenter's own words only.

    A closing signature and an opening salutation are kept out of ``text`` and
    stored in ``signature`` / ``salutation`` so scoring sees only the argument.
    """

    id: str
    speaker: str
    text: str
    parent: str | None = None
    addressees: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    tone: Tone | None = None
    relation: Relation | None = None
    source_id: str | None = None
    published: str | None = None
    salutation: str | None = None
    signature: str | None = None

    def evidence_for(self, about: EvidenceTarget) -> tuple[Evidence, ...]:
        return tuple(e for e in self.evidence if e.about is about)


@dataclass(frozen=True, slots=True)
class Thread:
    """A comment section: the post's metadata, its speakers and comments in page order."""

    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    platform: str | None = None
    source: str | None = None
    host: str | None = None
    speakers: tuple[Speaker, ...] = ()
    comments: tuple[Comment, ...] = ()
    meta: tuple[tuple[str, str], ...] = field(default=())
    # Lookup tables built on first use (see _Index): not part of the value, never compared,
    # printed or pickled. A thread is immutable, so they never go stale; replace() makes a
    # new thread with none.
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> tuple:
        return tuple(getattr(self, f.name) for f in _THREAD_FIELDS)

    def __setstate__(self, state: tuple) -> None:
        for f, value in zip(_THREAD_FIELDS, state, strict=True):
            object.__setattr__(self, f.name, value)
        object.__setattr__(self, "_index", None)

    def _lookup(self) -> _Index:
        index = self._index
        if index is None:
            index = _Index(self)
            object.__setattr__(self, "_index", index)
        return index

    def speaker(self, speaker_id: str) -> Speaker:
        """The first speaker with this id (``KeyError`` if none)."""
        return self._lookup().first_speaker[speaker_id]

    def comment(self, comment_id: str) -> Comment:
        """The first comment with this id (``KeyError`` if none)."""
        return self._lookup().first_comment[comment_id]

    def speakers_by_id(self) -> Mapping[str, Speaker]:
        """Speakers by id (the last of equal ids), read-only."""
        return self._lookup().speakers

    def comments_by_id(self) -> Mapping[str, Comment]:
        """Comments by id (the last of equal ids), read-only."""
        return self._lookup().comments

    def children(self) -> dict[str | None, list[Comment]]:
        """Comments grouped by parent id (``None`` for top-level), in page order."""
        out: dict[str | None, list[Comment]] = {}
        for c in self.comments:
            out.setdefault(c.parent, []).append(c)
        return out

    def meta_dict(self) -> dict[str, str]:
        return dict(self.meta)

    def depths(self) -> dict[str, int]:
        """Reply depth of every comment (0 for top level); safe against cycles and orphans."""
        by_id = self.comments_by_id()
        depth: dict[str, int] = {}
        for c in self.comments:
            d, seen, p = 0, {c.id}, c.parent
            while p is not None and p in by_id and p not in seen:
                seen.add(p)
                d += 1
                p = by_id[p].parent
            depth[c.id] = d
        return depth

    def tree_order(self) -> list[Comment]:
        """Comments as a threaded page shows them: depth-first, siblings in page order.

        Comments caught in a parent cycle come last rather than being dropped.
        """
        children = self.children()
        by_id = self.comments_by_id()
        out: list[Comment] = []
        seen: set[str] = set()
        roots = [c for c in self.comments if c.parent is None or c.parent not in by_id]
        stack = list(reversed(roots))
        while stack:
            c = stack.pop()
            if c.id in seen:
                continue
            seen.add(c.id)
            out.append(c)
            stack.extend(reversed(children.get(c.id, [])))
        out.extend(c for c in self.comments if c.id not in seen)
        return out


# --- JSON contract ---------------------------------------------------------


def _evidence_to_dict(e: Evidence) -> dict[str, Any]:
    return {"about": e.about.value, "kind": e.kind.value, "detail": e.detail,
            "confidence": e.confidence}


def _tone_to_dict(t: Tone) -> dict[str, Any]:
    return {
        "compound": t.compound, "pos": t.pos, "neu": t.neu, "neg": t.neg,
        "incivility": t.incivility, "incivility_terms": list(t.incivility_terms),
        "sentences": [{"text": s.text, "compound": s.compound} for s in t.sentences],
    }


def _comment_to_dict(c: Comment) -> dict[str, Any]:
    return {
        "id": c.id,
        "speaker": c.speaker,
        "text": c.text,
        "parent": c.parent,
        "addressees": list(c.addressees),
        "quotes": [{"text": q.text, "source": q.source, "score": q.score} for q in c.quotes],
        "evidence": [_evidence_to_dict(e) for e in c.evidence],
        "tone": None if c.tone is None else _tone_to_dict(c.tone),
        "relation": None if c.relation is None else {
            "label": c.relation.label.value, "score": c.relation.score,
            "cues": list(c.relation.cues)},
        "source_id": c.source_id,
        "published": c.published,
        "salutation": c.salutation,
        "signature": c.signature,
    }


def _speaker_to_dict(s: Speaker) -> dict[str, Any]:
    return {"id": s.id, "name": s.name, "aliases": list(s.aliases), "named": s.named,
            "host": s.host, "camp": s.camp, "camp_confidence": s.camp_confidence}


class _Index:
    """Id lookups of one thread, built once on first use.

    Lookups used to scan the tuples (or build a dict per call); a view that shows
    each comment's parent did that once per comment, quadratic on a big thread.
    """

    __slots__ = ("comments", "speakers", "first_comment", "first_speaker")

    def __init__(self, thread: Thread) -> None:
        comments = {c.id: c for c in thread.comments}
        speakers = {s.id: s for s in thread.speakers}
        self.comments: Mapping[str, Comment] = MappingProxyType(comments)
        self.speakers: Mapping[str, Speaker] = MappingProxyType(speakers)
        # comment()/speaker() return the first of equal ids, the mappings the last;
        # they differ only when ids repeat, which readers avoid.
        self.first_comment = comments if len(comments) == len(thread.comments) else _first(thread.comments)
        self.first_speaker = speakers if len(speakers) == len(thread.speakers) else _first(thread.speakers)


def _first(items: Iterable[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        out.setdefault(item.id, item)
    return out


_THREAD_FIELDS = tuple(f for f in fields(Thread) if f.name != "_index")


def to_dict(thread: Thread) -> dict[str, Any]:
    """The JSON contract for a thread (``threads parse``)."""
    return {
        "schema": SCHEMA,
        "thread": {
            "id": thread.id, "title": thread.title, "url": thread.url,
            "published": thread.published, "platform": thread.platform,
            "source": thread.source, "host": thread.host, "meta": dict(thread.meta),
        },
        "speakers": [_speaker_to_dict(s) for s in thread.speakers],
        "comments": [_comment_to_dict(c) for c in thread.comments],
    }


def _evidence_from(d: Mapping[str, Any]) -> Evidence:
    return Evidence(EvidenceTarget(d["about"]), EvidenceKind(d["kind"]), d.get("detail", ""),
                    float(d.get("confidence", 1.0)))


def _tone_from(d: Mapping[str, Any] | None) -> Tone | None:
    if d is None:
        return None
    return Tone(
        compound=float(d.get("compound", 0.0)), pos=float(d.get("pos", 0.0)),
        neu=float(d.get("neu", 0.0)), neg=float(d.get("neg", 0.0)),
        incivility=float(d.get("incivility", 0.0)),
        incivility_terms=tuple(d.get("incivility_terms", ())),
        sentences=tuple(SentenceTone(s["text"], float(s["compound"]))
                        for s in d.get("sentences", ())),
    )


def _relation_from(d: Mapping[str, Any] | None) -> Relation | None:
    if d is None:
        return None
    return Relation(RelationLabel(d["label"]), float(d.get("score", 0.0)), tuple(d.get("cues", ())))


def _tuple(items: Iterable[Any] | None) -> tuple[Any, ...]:
    return tuple(items or ())


def from_dict(data: Mapping[str, Any]) -> Thread:
    """Rebuild a :class:`Thread` from :func:`to_dict` output.

    Raises ``ValueError`` when the schema is not ``threads/1``.
    """
    if data.get("schema") != SCHEMA:
        raise ValueError(f"unsupported schema {data.get('schema')!r}; expected {SCHEMA!r}")
    t = data.get("thread", {})
    speakers = tuple(
        Speaker(id=s["id"], name=s["name"], aliases=_tuple(s.get("aliases")),
                named=bool(s.get("named", True)), host=bool(s.get("host", False)),
                camp=s.get("camp"), camp_confidence=s.get("camp_confidence"))
        for s in data.get("speakers", ())
    )
    comments = tuple(
        Comment(
            id=c["id"], speaker=c["speaker"], text=c["text"], parent=c.get("parent"),
            addressees=_tuple(c.get("addressees")),
            quotes=tuple(Quote(q["text"], q.get("source"), float(q.get("score", 0.0)))
                         for q in c.get("quotes", ())),
            evidence=tuple(_evidence_from(e) for e in c.get("evidence", ())),
            tone=_tone_from(c.get("tone")), relation=_relation_from(c.get("relation")),
            source_id=c.get("source_id"), published=c.get("published"),
            salutation=c.get("salutation"), signature=c.get("signature"),
        )
        for c in data.get("comments", ())
    )
    return Thread(
        id=t.get("id") or "thread", title=t.get("title"), url=t.get("url"),
        published=t.get("published"), platform=t.get("platform"), source=t.get("source"),
        host=t.get("host"), speakers=speakers, comments=comments,
        meta=tuple((str(k), str(v)) for k, v in (t.get("meta") or {}).items()),
    )

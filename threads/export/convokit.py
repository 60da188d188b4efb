"""A thread as a ConvoKit corpus folder, written without the (heavy) convokit package.

The five files ConvoKit's ``Corpus(filename=FOLDER)`` loads:

- ``utterances.jsonl``: one comment a line: ``id``, ``conversation_id`` (the id of
  the top-level comment the reply chain starts from), ``text``, ``speaker``,
  ``reply-to`` (parent id or null), ``timestamp`` (Unix seconds from the comment's
  date, or null), ``meta`` (our scores, below), ``vectors`` (``[]``);
- ``speakers.json``: ``{speaker id: {"meta": {name, aliases, named, host, camp,
  camp_confidence}, "vectors": []}}``;
- ``conversations.json``: ``{conversation id: {"meta": {thread_id, title, url,
  comments}, "vectors": []}}``;
- ``corpus.json``: the thread's metadata (``thread_id``, ``title``, ``url``, ``published``,
  ``platform``, ``source``, ``host``, ``meta``, ``schema``);
- ``index.json``: the type of every meta field as ConvoKit records it
  (``{"tone_compound": ["<class 'float'>"]}``; null values are not indexed), ``version``
  and ``vectors``.

Utterance ``meta``: ``position``, ``tone_compound`` / ``tone_pos`` / ``tone_neu`` /
``tone_neg`` / ``incivility`` / ``incivility_terms``, ``relation`` / ``relation_score`` /
``relation_cues``, ``parent_evidence`` / ``parent_confidence`` (the strongest reason
for the reply link), the full ``evidence`` and ``quotes`` lists, ``addressees``,
``published`` (the date as found), ``source_id``, ``salutation``, ``signature``. Unscored
values are null. :mod:`threads.readers.convokit` reads all of it back.

Not supported: per-sentence tone (only the comment's scores are kept), ConvoKit
vectors and binary ("bin") metadata.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path
from typing import Any

from threads.model import SCHEMA, Comment, EvidenceTarget, Thread, to_dict

__all__ = ["CORPUS_FILES", "corpus_files", "write_corpus", "conversation_roots", "timestamp_of"]

CORPUS_FILES = ("utterances.jsonl", "speakers.json", "conversations.json", "corpus.json", "index.json")
INDEX_VERSION = 1


def timestamp_of(published: str | None) -> int | None:
    """Unix seconds of an ISO 8601 date (UTC when no zone is given), or None.

    Examples
    --------
    >>> timestamp_of("2017-03-01T12:00:00+00:00"), timestamp_of("last Tuesday")
    (1488369600, None)
    """
    if not published:
        return None
    try:
        when = _dt.datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    return int(when.timestamp())


def conversation_roots(thread: Thread) -> dict[str, str]:
    """Each comment's conversation: the id of the top of its reply chain.

    A parent id that is not in the thread ends the chain. In a (broken) reply cycle
    every member gets the earliest comment of the cycle, so a cycle stays one
    conversation.
    """
    by_id = thread.comments_by_id()
    position = {c.id: i for i, c in enumerate(thread.comments)}
    roots: dict[str, str] = {}
    for c in thread.comments:
        chain = [c.id]
        seen = {c.id}
        p = c.parent
        cycle = False
        while p is not None and p in by_id:
            if p in seen:
                cycle = True
                break
            chain.append(p)
            seen.add(p)
            p = by_id[p].parent
        if cycle:
            loop = chain[chain.index(p):]
            roots[c.id] = min(loop, key=position.__getitem__)
        else:
            roots[c.id] = chain[-1]
    return roots


def _utterance_meta(c: Comment, position: int, as_dict: dict[str, Any]) -> dict[str, Any]:
    tone, rel = c.tone, c.relation
    parent_ev = max(c.evidence_for(EvidenceTarget.PARENT), key=lambda e: e.confidence, default=None)
    return {
        "position": position,
        "tone_compound": None if tone is None else tone.compound,
        "tone_pos": None if tone is None else tone.pos,
        "tone_neu": None if tone is None else tone.neu,
        "tone_neg": None if tone is None else tone.neg,
        "incivility": None if tone is None else tone.incivility,
        "incivility_terms": [] if tone is None else list(tone.incivility_terms),
        "relation": None if rel is None else rel.label.value,
        "relation_score": None if rel is None else rel.score,
        "relation_cues": [] if rel is None else list(rel.cues),
        "parent_evidence": None if parent_ev is None else parent_ev.kind.value,
        "parent_confidence": None if parent_ev is None else parent_ev.confidence,
        "evidence": as_dict["evidence"],
        "quotes": as_dict["quotes"],
        "addressees": list(c.addressees),
        "published": c.published,
        "source_id": c.source_id,
        "salutation": c.salutation,
        "signature": c.signature,
    }


def _index(metas: list[dict[str, Any]]) -> dict[str, list[str]]:
    """ConvoKit's meta index: the Python types seen per field, nulls left out."""
    out: dict[str, list[str]] = {}
    for meta in metas:
        for k, v in meta.items():
            if v is None:
                continue
            types = out.setdefault(k, [])
            t = str(type(v))
            if t not in types:
                types.append(t)
    return out


def _json(data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # a lone surrogate (from a \ud800 escape in some JSON input) has no UTF-8 form:
        # write this record with \u escapes, which every JSON reader turns back into it
        return json.dumps(data, ensure_ascii=True, allow_nan=False).encode("ascii")


def corpus_files(thread: Thread) -> dict[str, bytes]:
    """The five corpus files of ``thread``, by file name."""
    contract = to_dict(thread)
    roots = conversation_roots(thread)
    ids = set(roots)
    lines: list[bytes] = []
    utt_metas: list[dict[str, Any]] = []
    conv_size: dict[str, int] = {}
    for i, (c, cd) in enumerate(zip(thread.comments, contract["comments"], strict=True)):
        meta = _utterance_meta(c, i, cd)
        utt_metas.append(meta)
        root = roots[c.id]
        conv_size[root] = conv_size.get(root, 0) + 1
        lines.append(_json({
            "id": c.id,
            "conversation_id": root,
            "text": c.text,
            "speaker": c.speaker,
            # ConvoKit looks every reply-to up: a parent outside the thread would break it.
            "reply-to": c.parent if c.parent in ids and c.parent != c.id else None,
            "timestamp": timestamp_of(c.published),
            "meta": meta,
            "vectors": [],
        }))

    used = {c.speaker for c in thread.comments}
    speakers: dict[str, dict[str, Any]] = {}
    for s in contract["speakers"]:
        speakers[s["id"]] = {"meta": {k: v for k, v in s.items() if k != "id"}, "vectors": []}
    for sid in sorted(used - set(speakers)):  # a comment by a speaker the thread does not list
        speakers[sid] = {"meta": {"name": sid, "aliases": [], "named": False, "host": False,
                                  "camp": None, "camp_confidence": None}, "vectors": []}

    conversations = {
        root: {"meta": {"thread_id": thread.id, "title": thread.title, "url": thread.url,
                        "comments": n}, "vectors": []}
        for root, n in conv_size.items()
    }
    t = contract["thread"]
    corpus = {"thread_id": t["id"], "title": t["title"], "url": t["url"], "published": t["published"],
              "platform": t["platform"], "source": t["source"], "host": t["host"], "meta": t["meta"],
              "schema": SCHEMA}
    index = {
        "utterances-index": _index(utt_metas),
        "speakers-index": _index([s["meta"] for s in speakers.values()]),
        "conversations-index": _index([c["meta"] for c in conversations.values()]),
        "overall-index": _index([corpus]),
        "version": INDEX_VERSION,
        "vectors": [],
    }
    return {
        "utterances.jsonl": b"".join(line + b"\n" for line in lines),
        "speakers.json": _json(speakers),
        "conversations.json": _json(conversations),
        "corpus.json": _json(corpus),
        "index.json": _json(index),
    }


def write_corpus(thread: Thread, folder: Path) -> None:
    """Write the corpus files of ``thread`` into the existing ``folder``."""
    for name, data in corpus_files(thread).items():
        (folder / name).write_bytes(data)

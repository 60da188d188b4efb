"""ConvoKit corpus folders read back as threads (the pair of ``threads export --format convokit``).

A ConvoKit corpus is a folder: ``utterances.jsonl`` (one utterance a line, with
``id``, ``speaker``, ``conversation_id``, ``reply-to``, ``timestamp``, ``text``, ``meta``)
and, optionally, ``speakers.json``, ``conversations.json``, ``corpus.json``,
``index.json``. Each conversation becomes one thread, except that conversations our
own export marked with the same ``thread_id`` (one blog post's top-level comments
and their replies) are joined back into that one thread.

- ``reply-to`` gives the parent, with :attr:`~threads.model.EvidenceKind.SOURCE`
  evidence; a ``reply-to`` naming an utterance outside the conversation (or the
  utterance itself) is dropped and the comment made top-level, with evidence
  that says why.
- Speakers come from ``speakers.json`` (``name``, ``host``, ``camp``, ... in their meta)
  or, when absent, from the utterances' ``speaker`` ids.
- Scores our export wrote into ``meta`` (tone, relation, evidence, quotes) are
  restored; a corpus from elsewhere gives an unscored thread.

Not supported: the old ``utterances.json`` (one JSON list) layout, binary ("bin")
metadata and vectors; utterances are kept in file order (not sorted by timestamp).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from threads.encoding import decode
from threads.errors import ParseError
from threads.formats import Format
from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Quote,
    Relation,
    RelationLabel,
    Speaker,
    Thread,
    Tone,
)

FORMAT = Format.CONVOKIT
UTTERANCES = "utterances.jsonl"

log = logging.getLogger(__name__)


def detect(peek: str) -> bool:
    """A corpus is a folder, never a single file: see :func:`detect_dir`."""
    return False


def detect_dir(path: Path) -> bool:
    """True when ``path`` is a folder holding ``utterances.jsonl``."""
    return Path(path).is_dir() and (Path(path) / UTTERANCES).is_file()


def _load_json(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(decode(path.read_bytes(), str(path)))
    except ValueError as err:
        raise ParseError(f"{path}: not valid JSON: {err}") from err


def _meta_of(entry: Any) -> dict[str, Any]:
    """The meta dict of a speakers.json / conversations.json entry (new or old layout)."""
    if not isinstance(entry, dict):
        return {}
    if "meta" in entry and isinstance(entry["meta"], dict) and set(entry) <= {"meta", "vectors"}:
        return entry["meta"]
    return entry


def _utterances(path: Path) -> list[dict[str, Any]]:
    text = decode((path / UTTERANCES).read_bytes(), str(path / UTTERANCES))
    out = []
    # split on "\n" only: str.splitlines() would also cut at U+2028, U+0085 and other
    # characters that JSON leaves raw inside strings
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            u = json.loads(line)
        except ValueError as err:
            raise ParseError(f"{path / UTTERANCES}: line {n} is not valid JSON: {err}") from err
        if not isinstance(u, dict) or u.get("id") is None:
            raise ParseError(f"{path / UTTERANCES}: line {n} is not an utterance (no id)")
        if u.get("speaker", u.get("user")) is None:
            raise ParseError(f"{path / UTTERANCES}: utterance {u['id']!r} (line {n}) has no speaker")
        out.append(u)
    return out


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


def _float(v: Any, default: float = 0.0) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _tone(meta: dict[str, Any]) -> Tone | None:
    if meta.get("tone_compound") is None:
        return None
    return Tone(compound=_float(meta.get("tone_compound")), pos=_float(meta.get("tone_pos")),
                neu=_float(meta.get("tone_neu")), neg=_float(meta.get("tone_neg")),
                incivility=_float(meta.get("incivility")),
                incivility_terms=tuple(str(t) for t in meta.get("incivility_terms") or ()))


def _relation(meta: dict[str, Any]) -> Relation | None:
    try:
        label = RelationLabel(meta.get("relation"))
    except ValueError:
        return None
    return Relation(label, _float(meta.get("relation_score")),
                    tuple(str(c) for c in meta.get("relation_cues") or ()))


def _evidence(meta: dict[str, Any]) -> tuple[Evidence, ...] | None:
    """The evidence list our export stored, or None if absent or unreadable."""
    raw = meta.get("evidence")
    if not isinstance(raw, list):
        return None
    try:
        return tuple(Evidence(EvidenceTarget(e["about"]), EvidenceKind(e["kind"]), str(e.get("detail", "")),
                              _float(e.get("confidence"), 1.0)) for e in raw)
    except (KeyError, TypeError, ValueError):
        return None


def _quotes(meta: dict[str, Any]) -> tuple[Quote, ...]:
    out = []
    for q in meta.get("quotes") or ():
        if isinstance(q, dict) and isinstance(q.get("text"), str):
            out.append(Quote(q["text"], _opt_str(q.get("source")), _float(q.get("score"))))
    return tuple(out)


def _published(u: dict[str, Any], meta: dict[str, Any]) -> str | None:
    if isinstance(meta.get("published"), str):
        return meta["published"]
    ts = u.get("timestamp")
    if isinstance(ts, (int, float)) and not isinstance(ts, bool):
        try:
            return _dt.datetime.fromtimestamp(ts, _dt.UTC).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _comment(u: dict[str, Any], ids: set[str], where: Path) -> Comment:
    cid = str(u["id"])
    meta = u.get("meta") if isinstance(u.get("meta"), dict) else {}
    reply_to = u.get("reply-to", u.get("reply_to"))
    parent = _opt_str(reply_to)
    stored = _evidence(meta)
    if stored is not None:
        evidence = stored
    else:
        evidence = (Evidence(EvidenceTarget.SPEAKER, EvidenceKind.SOURCE, "speaker in utterances.jsonl"),)
        if parent is not None:
            evidence += (Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE,
                                  "reply-to in utterances.jsonl"),)
    if parent is not None and (parent not in ids or parent == cid):
        log.info("%s: utterance %s replies to %s, not in its conversation; made top-level",
                 where, cid, parent)
        evidence = tuple(e for e in evidence if e.about is not EvidenceTarget.PARENT) + (
            Evidence(EvidenceTarget.PARENT, EvidenceKind.TOP_LEVEL,
                     f"reply-to {parent} is not an utterance of this conversation", 1.0),)
        parent = None
    text = u.get("text")
    return Comment(
        id=cid, speaker=str(u.get("speaker", u.get("user"))), text="" if text is None else str(text),
        parent=parent, addressees=tuple(str(a) for a in meta.get("addressees") or ()),
        quotes=_quotes(meta), evidence=evidence, tone=_tone(meta), relation=_relation(meta),
        source_id=_opt_str(meta["source_id"]) if "source_id" in meta else cid,
        published=_published(u, meta),
        salutation=_opt_str(meta.get("salutation")), signature=_opt_str(meta.get("signature")),
    )


def _speaker(sid: str, meta: dict[str, Any]) -> Speaker:
    name = meta.get("name")
    camp = meta.get("camp")
    conf = meta.get("camp_confidence")
    return Speaker(
        id=sid, name=name if isinstance(name, str) else sid,
        aliases=tuple(str(a) for a in meta.get("aliases") or ()),
        named=bool(meta.get("named", True)), host=bool(meta.get("host", False)),
        camp=None if camp is None else str(camp),
        camp_confidence=None if conf is None else _float(conf),
    )


def read_threads(path: Path) -> Iterator[Thread]:
    """One thread per conversation of the corpus in folder ``path``.

    Raises :class:`~threads.errors.ParseError` on a malformed ``utterances.jsonl``
    or JSON side file.
    """
    path = Path(path)
    if not detect_dir(path):
        raise ParseError(f"{path}: not a ConvoKit corpus folder (no {UTTERANCES})")
    utterances = _utterances(path)
    speakers_raw = _load_json(path / "speakers.json")
    if speakers_raw is None:
        speakers_raw = _load_json(path / "users.json")
    speakers_meta = {str(k): _meta_of(v) for k, v in (speakers_raw or {}).items()} \
        if isinstance(speakers_raw, dict) else {}
    convs_raw = _load_json(path / "conversations.json")
    convs_meta = {str(k): _meta_of(v) for k, v in convs_raw.items()} if isinstance(convs_raw, dict) else {}
    corpus_raw = _load_json(path / "corpus.json")
    corpus_meta: dict[str, Any] = corpus_raw if isinstance(corpus_raw, dict) else {}

    # Group utterances into threads: by our thread_id when the conversation has one,
    # else one thread per conversation; threads in order of first appearance.
    groups: dict[str, list[dict[str, Any]]] = {}
    group_convs: dict[str, list[str]] = {}
    for u in utterances:
        conv = _opt_str(u.get("conversation_id", u.get("root"))) or str(u["id"])
        tid = convs_meta.get(conv, {}).get("thread_id")
        key = str(tid) if tid is not None else conv
        groups.setdefault(key, []).append(u)
        convs = group_convs.setdefault(key, [])
        if conv not in convs:
            convs.append(conv)

    for key, utts in groups.items():
        ids = {str(u["id"]) for u in utts}
        comments = tuple(_comment(u, ids, path) for u in utts)
        first_conv = convs_meta.get(group_convs[key][0], {})
        ours = corpus_meta.get("thread_id") is not None and str(corpus_meta["thread_id"]) == key
        info = corpus_meta if ours else {}
        order: list[str] = list(speakers_meta) if ours else []
        for c in comments:
            if c.speaker not in order:
                order.append(c.speaker)
        speakers = tuple(_speaker(sid, speakers_meta.get(sid, {})) for sid in order)
        host = _opt_str(info.get("host"))
        if host not in order:
            host = next((s.id for s in speakers if s.host), None)
        meta = info.get("meta") if isinstance(info.get("meta"), dict) else {}
        title = info.get("title", first_conv.get("title"))
        url = info.get("url", first_conv.get("url"))
        yield Thread(
            id=key, title=_opt_str(title), url=_opt_str(url), published=_opt_str(info.get("published")),
            platform=_opt_str(info.get("platform")) if ours else "convokit",
            source=_opt_str(info.get("source")) if ours else str(path),
            host=host, speakers=speakers, comments=comments,
            meta=tuple((str(k), str(v)) for k, v in meta.items()),
        )

"""Where every commenter stands: camps, claims, stances and per-speaker figures.

The last stage of :func:`threads.pipeline.analyze`. It reads what earlier stages
set on the thread (reply links, ``Comment.tone``, ``Comment.relation``) and adds:

- camps, by structural balance on the signed speaker graph
  (:mod:`threads.score.balance`): each speaker with at least one agreeing or
  disagreeing reply, given or received, gets a camp label and a confidence;
  speakers with none get ``camp = None`` rather than a guess;
- claims (given by the user, or proposed from the most disputed comments) and
  every speaker's stance on each (:mod:`threads.score.claims`);
- per-speaker figures: comments, replies given and received, mean tone and
  incivility, agreement given and received.

Not supported: camps that change over the course of a thread, and speakers
merged across threads. Everything is deterministic: the same thread gives the
same camps, labels and claims.

Examples
--------
>>> from threads.model import Comment, Relation, RelationLabel, Speaker, Thread
>>> t = Thread(id="t", speakers=(Speaker("a", "Ann"), Speaker("b", "Bob")), comments=(
...     Comment("c1", "a", "Taxes should go up."),
...     Comment("c2", "b", "No, they should not.", parent="c1",
...             relation=Relation(RelationLabel.DISAGREE, -0.8))))
>>> result = positions(t)
>>> [(s.name, s.camp) for s in result.thread.speakers]
[('Ann', 'A'), ('Bob', 'B')]
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from threads.model import RelationLabel, Thread, replace, to_dict
from threads.score.balance import Camp, SignedEdge, Targets, camps, signed_edges, thread_targets
from threads.score.claims import (
    Claim,
    Lexicon,
    Stance,
    StanceLabel,
    propose_claims,
    stances,
    user_claims,
)

log = logging.getLogger(__name__)

__all__ = ["Camp", "Claim", "Stance", "StanceLabel", "SignedEdge", "SpeakerStats", "Analysis",
           "positions", "analysis_to_dict", "speaker_stats"]


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    """One speaker's figures.

    A reply is a comment with a parent by someone else or an addressee. ``*_given`` count
    the speaker's replies by relation label (a reply with no relation counts as neutral);
    ``*_received`` count replies aimed at the speaker (one per reply and target; an
    addressee who is not the parent's author receives it as neutral, since a relation
    is a stance toward the parent).
    ``tone`` and ``incivility`` are means over the speaker's scored comments (``None``
    when none was scored).
    """

    speaker: str
    comments: int = 0
    replies_given: int = 0
    replies_received: int = 0
    tone: float | None = None
    incivility: float | None = None
    agree_given: int = 0
    disagree_given: int = 0
    neutral_given: int = 0
    agree_received: int = 0
    disagree_received: int = 0
    neutral_received: int = 0
    camp: str | None = None
    camp_confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """The full analysis: the thread (speakers' ``camp`` set) and what was found in it.

    ``edges`` is the signed speaker graph the camps were drawn from (one edge per
    ordered pair of speakers, in order of first reply).
    """

    thread: Thread
    camps: tuple[Camp, ...] = ()
    claims: tuple[Claim, ...] = ()
    stances: tuple[Stance, ...] = ()
    stats: tuple[SpeakerStats, ...] = ()
    edges: tuple[SignedEdge, ...] = ()

    def stats_for(self, speaker_id: str) -> SpeakerStats:
        for s in self.stats:
            if s.speaker == speaker_id:
                return s
        raise KeyError(speaker_id)

    def stances_for(self, speaker_id: str) -> tuple[Stance, ...]:
        return tuple(s for s in self.stances if s.speaker == speaker_id)

    def camp(self, label: str) -> Camp:
        for c in self.camps:
            if c.label == label:
                return c
        raise KeyError(label)


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


_GIVEN = {label: f"{label.value}_given" for label in RelationLabel}
_RECEIVED = {label: f"{label.value}_received" for label in RelationLabel}


def speaker_stats(thread: Thread, targets: Sequence[Targets] | None = None) -> tuple[SpeakerStats, ...]:
    """Per-speaker figures, in the thread's speaker order (camps as set on the speakers).

    ``targets``: :func:`~threads.score.balance.thread_targets` of the thread, when already worked out.
    """
    rows: dict[str, dict[str, Any]] = {
        s.id: {"comments": 0, "replies_given": 0, "replies_received": 0, "tone": [], "incivility": [],
               "agree_given": 0, "disagree_given": 0, "neutral_given": 0,
               "agree_received": 0, "disagree_received": 0, "neutral_received": 0}
        for s in thread.speakers}
    if targets is None:
        targets = thread_targets(thread)
    for c, answered in zip(thread.comments, targets, strict=True):
        row = rows.get(c.speaker)
        if row is None:
            continue
        row["comments"] += 1
        if c.tone is not None:
            row["tone"].append(c.tone.compound)
            row["incivility"].append(c.tone.incivility)
        if not answered:
            continue
        row["replies_given"] += 1
        row[_GIVEN[c.relation.label if c.relation is not None else RelationLabel.NEUTRAL]] += 1
        for t, received, _ in answered:
            if t in rows:
                rows[t]["replies_received"] += 1
                rows[t][_RECEIVED[received]] += 1
    out = []
    for s in thread.speakers:
        row = rows[s.id]
        row["tone"] = _mean(row["tone"])
        row["incivility"] = _mean(row["incivility"])
        out.append(SpeakerStats(s.id, camp=s.camp, camp_confidence=s.camp_confidence, **row))
    return tuple(out)


def _first_seen(thread: Thread) -> list[str]:
    order: list[str] = []
    seen: set[str] = set()
    for c in thread.comments:
        if c.speaker not in seen:
            seen.add(c.speaker)
            order.append(c.speaker)
    order.extend(s.id for s in thread.speakers if s.id not in seen)
    return order


def positions(thread: Thread, claims: tuple[str, ...] = ()) -> Analysis:
    """Place every speaker: camps, stances on claims, figures.

    Parameters
    ----------
    thread
        A thread with reply links, and ideally ``tone`` and ``relation`` set on its
        comments (:func:`threads.score.tone.score_tone`,
        :func:`threads.score.relations.score_relations`). Without relations there is
        no signed edge, so no camps and no proposed claims.
    claims
        Claims to place every speaker against. When empty, the thread's most disputed
        comments are turned into claims (``Claim.proposed`` is then true).

    Returns
    -------
    Analysis
        With the thread's speakers' ``camp`` / ``camp_confidence`` set.
    """
    targets = thread_targets(thread)
    edges = signed_edges(thread, targets)
    found, assignment = camps(_first_seen(thread), edges)
    speakers = tuple(
        replace(s, camp=assignment[s.id][0], camp_confidence=round(assignment[s.id][1], 4))
        if s.id in assignment else replace(s, camp=None, camp_confidence=None)
        for s in thread.speakers)
    scored = replace(thread, speakers=speakers)
    lex = Lexicon.of_thread(thread)
    chosen = user_claims(scored, claims, lex) if claims else propose_claims(scored, lex)
    found = tuple(replace(c, confidence=round(c.confidence, 4)) for c in found)
    log.info("%d speakers, %d camps, %d claims", len(speakers), len(found), len(chosen))
    return Analysis(thread=scored, camps=found, claims=chosen, stances=stances(scored, chosen, lex),
                    stats=speaker_stats(scored, targets), edges=edges)


def _stats_to_dict(s: SpeakerStats) -> dict[str, Any]:
    return {
        "comments": s.comments, "replies_given": s.replies_given, "replies_received": s.replies_received,
        "tone": s.tone, "incivility": s.incivility,
        "agree_given": s.agree_given, "disagree_given": s.disagree_given,
        "neutral_given": s.neutral_given, "agree_received": s.agree_received,
        "disagree_received": s.disagree_received, "neutral_received": s.neutral_received,
        "camp": s.camp, "camp_confidence": s.camp_confidence,
    }


def analysis_to_dict(analysis: Analysis) -> dict[str, Any]:
    """The JSON contract of ``threads analyze``.

    :func:`threads.model.to_dict` of the thread, each speaker entry with an added
    ``"stats"`` object, plus top-level ``"camps"``, ``"claims"``, ``"stances"`` and
    ``"speaker_edges"`` (the signed speaker graph).
    """
    out = to_dict(analysis.thread)
    stats = {s.speaker: s for s in analysis.stats}
    for entry in out["speakers"]:
        s = stats.get(entry["id"])
        if s is not None:
            entry["stats"] = _stats_to_dict(s)
    out["camps"] = [{"label": c.label, "members": list(c.members), "confidence": c.confidence}
                    for c in analysis.camps]
    out["claims"] = [{"id": k.id, "text": k.text, "proposed": k.proposed, "sources": list(k.sources)}
                     for k in analysis.claims]
    out["stances"] = [{"speaker": s.speaker, "claim": s.claim, "stance": s.stance.value,
                       "score": s.score, "comments": list(s.comments)} for s in analysis.stances]
    out["speaker_edges"] = [
        {"source": e.source, "target": e.target, "replies": e.replies, "agree": e.agree,
         "disagree": e.disagree, "neutral": e.neutral, "positive": round(e.positive, 4),
         "negative": round(e.negative, 4), "sign": e.sign}
        for e in analysis.edges]
    return out

"""Two commenters side by side (``threads compare FILE A B``).

Names are resolved leniently, since users type what they remember: a speaker's
name or alias in any case, its id, its initials ("MR" for "The Midnight Rider":
the initials of the words after a leading article; "TMR": of all the words), or a
whole word or start of the name ("midnight"). A name that fits nobody, or fits
several speakers equally well, raises :class:`~threads.errors.NameNotFound` with
the names the thread knows.

Not supported: comparing more than two commenters at once, and names that are
misspelt (no fuzzy matching: a wrong guess is worse than a clear error).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from threads.errors import InputError, NameNotFound
from threads.model import RelationLabel, Speaker, Thread
from threads.score.balance import signed_targets
from threads.score.claims import Claim, Stance
from threads.score.positions import Analysis, SpeakerStats

__all__ = ["Trait", "Exchange", "Characteristic", "Side", "Comparison", "resolve_speaker", "compare",
           "comparison_to_dict", "comparison_as_text"]

ARTICLES = frozenset({"the", "a", "an"})
MAX_NAMES_SHOWN = 40
EXCERPT = 160


class Trait(StrEnum):
    """Why a comment is shown as characteristic of its author."""

    STRONGEST_TONE = "strongest tone"
    MOST_REPLIED = "most replied-to"


@dataclass(frozen=True, slots=True)
class Exchange:
    """A comment of one of the two answering or addressing the other."""

    comment: str
    speaker: str
    to: str
    label: RelationLabel | None
    score: float | None
    text: str


@dataclass(frozen=True, slots=True)
class Characteristic:
    """A comment that stands out for its author: strongest tone, most replies, or both."""

    comment: str
    traits: tuple[Trait, ...]
    tone: float | None
    replies: int
    text: str


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two commenters: figures, stances, replies to the other, standout comments."""

    speaker: Speaker
    stats: SpeakerStats
    stances: tuple[Stance, ...]
    agree_to_other: int
    disagree_to_other: int
    neutral_to_other: int
    characteristic: tuple[Characteristic, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Two commenters side by side; ``same_camp`` is ``None`` when either has no camp."""

    a: Side
    b: Side
    exchanges: tuple[Exchange, ...]
    same_camp: bool | None
    claims: tuple[Claim, ...]


# --- names -----------------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.casefold().split()).strip(" .,:;-\"'")


def _initials(name: str) -> set[str]:
    words = re.findall(r"\w+", name.casefold())
    if len(words) < 2:
        return set()
    out = {"".join(w[0] for w in words)}
    if words[0] in ARTICLES and len(words) > 2:
        out.add("".join(w[0] for w in words[1:]))
    return out


def _label(s: Speaker) -> str:
    return s.name + (f" ({', '.join(s.aliases)})" if s.aliases else "")


def known_names(thread: Thread) -> str:
    """The thread's speakers as a user would type them, for error messages."""
    names = [_label(s) for s in thread.speakers]
    shown = ", ".join(names[:MAX_NAMES_SHOWN])
    return shown + (f" ... ({len(names)} in all)" if len(names) > MAX_NAMES_SHOWN else "")


def resolve_speaker(thread: Thread, name: str) -> Speaker:
    """The speaker ``name`` means: by name or alias (any case), id, initials, or a word of the name.

    Raises
    ------
    NameNotFound
        When nobody fits, or several speakers fit equally well; the message lists the known names.

    Examples
    --------
    >>> t = Thread(id="t", speakers=(Speaker("s1", "The Midnight Rider"), Speaker("s2", "b")))
    >>> resolve_speaker(t, "MR").name, resolve_speaker(t, "B").name, resolve_speaker(t, "midnight").id
    ('The Midnight Rider', 'b', 's1')
    """
    key = _norm(name)
    compact = re.sub(r"[\W_]+", "", key)
    tiers = (
        lambda s: key in {_norm(n) for n in (s.name, *s.aliases)},
        lambda s: key == s.id.casefold(),
        lambda s: bool(compact) and any(compact in _initials(n) for n in (s.name, *s.aliases)),
        lambda s: len(key) >= 3 and any(
            _norm(n).startswith(key) or key in re.findall(r"\w+", _norm(n)) for n in (s.name, *s.aliases)),
    )
    where = thread.title or thread.source or thread.id
    for fits in tiers:
        found = [s for s in thread.speakers if fits(s)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            could = ", ".join(_label(s) for s in found)
            raise NameNotFound(f"{name!r} is ambiguous in {where}: it could be {could}; "
                               f"known names: {known_names(thread)}")
    raise NameNotFound(f"no speaker called {name!r} in {where}; known names: {known_names(thread) or 'none'}")


# --- the comparison --------------------------------------------------------------------------------


def _excerpt(text: str, width: int = EXCERPT) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def _characteristic(analysis: Analysis, speaker: str) -> tuple[Characteristic, ...]:
    thread = analysis.thread
    by_id = thread.comments_by_id()
    mine = [c for c in thread.comments if c.speaker == speaker]
    replies = {c.id: 0 for c in mine}
    for c in thread.comments:
        if c.parent in replies and c.speaker != speaker:
            replies[c.parent] += 1
    picks: dict[str, list[Trait]] = {}
    # Ties go to the earlier comment: max() keeps the first of equal keys.
    toned = [c for c in mine if c.tone is not None and c.tone.compound != 0]
    if toned:
        best = max(toned, key=lambda c: abs(c.tone.compound))
        picks.setdefault(best.id, []).append(Trait.STRONGEST_TONE)
    if any(replies.values()):
        best = max(mine, key=lambda c: replies[c.id])
        picks.setdefault(best.id, []).append(Trait.MOST_REPLIED)
    out = []
    for c in mine:
        if c.id in picks:
            out.append(Characteristic(c.id, tuple(picks[c.id]),
                                      None if by_id[c.id].tone is None else by_id[c.id].tone.compound,
                                      replies[c.id], _excerpt(c.text)))
    return tuple(out)


def _side(analysis: Analysis, me: Speaker, other: Speaker) -> Side:
    by_id = analysis.thread.comments_by_id()
    counts = {label: 0 for label in RelationLabel}
    for c in analysis.thread.comments:
        if c.speaker != me.id:
            continue
        for t, label, _ in signed_targets(c, by_id):
            if t == other.id:
                counts[label] += 1
    return Side(me, analysis.stats_for(me.id), analysis.stances_for(me.id), counts[RelationLabel.AGREE],
                counts[RelationLabel.DISAGREE], counts[RelationLabel.NEUTRAL],
                _characteristic(analysis, me.id))


def compare(analysis: Analysis, name_a: str, name_b: str) -> Comparison:
    """Two commenters side by side: their exchanges, agreement, tone, camps, stances, standout comments.

    Parameters
    ----------
    analysis
        From :func:`threads.score.positions.positions` (or :func:`threads.pipeline.analyze`).
    name_a, name_b
        Names as a user types them (see :func:`resolve_speaker`).

    Raises
    ------
    NameNotFound
        A name fits nobody, or several speakers.
    InputError
        Both names mean the same speaker.
    """
    thread = analysis.thread
    a = resolve_speaker(thread, name_a)
    b = resolve_speaker(thread, name_b)
    if a.id == b.id:
        raise InputError(f"{name_a!r} and {name_b!r} are both {a.name}: name two different commenters")
    by_id = thread.comments_by_id()
    exchanges = []
    for c in thread.comments:
        if c.speaker not in (a.id, b.id):
            continue
        other = b.id if c.speaker == a.id else a.id
        for t, label, _ in signed_targets(c, by_id):
            if t == other:
                rel = c.relation
                exchanges.append(Exchange(c.id, c.speaker, other, None if rel is None else label,
                                          None if rel is None or label is not rel.label else rel.score,
                                          _excerpt(c.text)))
    same = None if a.camp is None or b.camp is None else a.camp == b.camp
    return Comparison(_side(analysis, a, b), _side(analysis, b, a), tuple(exchanges), same, analysis.claims)


def _side_to_dict(s: Side) -> dict[str, Any]:
    st = s.stats
    return {
        "speaker": {"id": s.speaker.id, "name": s.speaker.name, "aliases": list(s.speaker.aliases),
                    "host": s.speaker.host, "camp": s.speaker.camp,
                    "camp_confidence": s.speaker.camp_confidence},
        "stats": {k: getattr(st, k) for k in SpeakerStats.__dataclass_fields__ if k != "speaker"},
        "to_other": {"agree": s.agree_to_other, "disagree": s.disagree_to_other,
                     "neutral": s.neutral_to_other},
        "stances": [{"claim": x.claim, "stance": x.stance.value, "score": x.score,
                     "comments": list(x.comments)} for x in s.stances],
        "characteristic": [{"comment": c.comment, "traits": [t.value for t in c.traits], "tone": c.tone,
                            "replies": c.replies, "text": c.text} for c in s.characteristic],
    }


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON of ``threads compare --json``."""
    return {
        "a": _side_to_dict(comparison.a),
        "b": _side_to_dict(comparison.b),
        "same_camp": comparison.same_camp,
        "claims": [{"id": k.id, "text": k.text, "proposed": k.proposed, "sources": list(k.sources)}
                   for k in comparison.claims],
        "exchanges": [{"comment": e.comment, "speaker": e.speaker, "to": e.to,
                       "label": None if e.label is None else e.label.value, "score": e.score,
                       "text": e.text} for e in comparison.exchanges],
    }


def _num(x: float | None, signed: bool = True) -> str:
    return "-" if x is None else (f"{x:+.2f}" if signed else f"{x:.2f}")


def comparison_as_text(comparison: Comparison, width: int = 100) -> str:
    """A readable side-by-side: figures in two columns, then exchanges, stances and standout comments."""
    a, b = comparison.a, comparison.b
    col = max(24, (width - 33) // 2)

    def row(label: str, left: str, right: str) -> str:
        return f"{label:<31}{left:<{col}}  {right}".rstrip()

    def camp(s: Side) -> str:
        if s.speaker.camp is None:
            return "none (no signed replies)"
        return f"{s.speaker.camp} (confidence {s.speaker.camp_confidence:.2f})"

    def who(s: Side) -> str:
        return textwrap.shorten(_label(s.speaker) + (" [host]" if s.speaker.host else ""), col,
                                placeholder="…")

    names = {a.speaker.id: a.speaker.name, b.speaker.id: b.speaker.name}
    sa, sb = a.stats, b.stats
    lines = [row("", who(a), who(b)), "-" * min(width, 31 + 2 * col)]
    lines += [
        row("camp", camp(a), camp(b)),
        row("comments", str(sa.comments), str(sb.comments)),
        row("replies given / received", f"{sa.replies_given} / {sa.replies_received}",
            f"{sb.replies_given} / {sb.replies_received}"),
        row("agree/disagree/neutral given", f"{sa.agree_given} / {sa.disagree_given} / {sa.neutral_given}",
            f"{sb.agree_given} / {sb.disagree_given} / {sb.neutral_given}"),
        row("... received", f"{sa.agree_received} / {sa.disagree_received} / {sa.neutral_received}",
            f"{sb.agree_received} / {sb.disagree_received} / {sb.neutral_received}"),
        row("mean tone", _num(sa.tone), _num(sb.tone)),
        row("mean incivility", _num(sa.incivility, False), _num(sb.incivility, False)),
        row("to the other: agree/dis/neu", f"{a.agree_to_other} / {a.disagree_to_other} / "
            f"{a.neutral_to_other}", f"{b.agree_to_other} / {b.disagree_to_other} / {b.neutral_to_other}"),
    ]
    same = {True: "yes", False: "no", None: "unknown (one of them has no camp)"}[comparison.same_camp]
    lines += ["", f"Same camp: {same}"]
    if comparison.claims:
        lines += ["", "Stances on claims:"]
        for k in comparison.claims:
            sa_k = next((x for x in a.stances if x.claim == k.id), None)
            sb_k = next((x for x in b.stances if x.claim == k.id), None)
            tag = " (proposed)" if k.proposed else ""
            lines.append(f"  {k.id}{tag}: {textwrap.shorten(k.text, width - 12, placeholder=' …')}")

            def st(x: Stance | None) -> str:
                if x is None:
                    return "-"
                return f"{x.stance.value} ({x.score:+.2f})" + (f" in {', '.join(x.comments)}"
                                                               if x.comments else "")

            lines.append(row("", st(sa_k), st(sb_k)))
    lines += ["", f"Exchanges between them ({len(comparison.exchanges)}):"]
    if not comparison.exchanges:
        lines.append("  none: neither answers or addresses the other")
    for e in comparison.exchanges:
        label = "no relation" if e.label is None else e.label.value + (
            "" if e.score is None else f" {e.score:+.2f}")
        lines.append(f"  {e.comment} {names[e.speaker]} -> {names[e.to]} [{label}]")
        lines += textwrap.wrap(e.text, width - 6, initial_indent="      ", subsequent_indent="      ")
    lines += ["", "Most characteristic comments:"]
    for s in (a, b):
        if not s.characteristic:
            lines.append(f"  {s.speaker.name}: none stands out (no tone scores and no replies)")
        for c in s.characteristic:
            why = ", ".join(
                f"{t.value} ({c.tone:+.2f})" if t is Trait.STRONGEST_TONE and c.tone is not None
                else f"{t.value} ({c.replies} {'reply' if c.replies == 1 else 'replies'})"
                for t in c.traits)
            lines.append(f"  {s.speaker.name}, {c.comment}: {why}")
            lines += textwrap.wrap(c.text, width - 6, initial_indent="      ", subsequent_indent="      ")
    return "\n".join(lines) + "\n"

"""How well the plain-text reader recovers who answered whom (``threads eval-reconstruction``).

Threads whose reply structure is known (platform exports, Hacker News JSON,
saved threaded pages: every parent decided by the source, evidence ``SOURCE``)
are flattened to plain text the way a copy off the page would look, read back
with :func:`threads.readers.text.read_text`, and the reply links it finds are
compared with the known ones.

Flattening (:func:`flatten`): comments in the order a threaded page shows them
(depth-first: each comment followed by its replies, siblings oldest first), two
blank lines between comments and one between a comment's paragraphs, nesting
lost. For a seeded share of comments the author's name survives, in one style
per thread (WordPress ``Name says:`` and date above, Typepad ``Posted by: Name |
date`` below, or the bare name above); for the others it is dropped, as in the
seed thread. Quoted passages stay in the text. The random choices depend only
on the seed and the thread id, so a run is reproducible.

Alignment (:func:`align`): each reconstructed comment is matched to the original
comment whose text contains it best (rapidfuzz partial ratio, near its expected
position first), so a comment the reader split in two, or two it merged, still
align. The first piece of an original carries its reply decision.

Scoring: a *link* is a (reply, parent) pair of original comments. Top-level
comments contribute no pair: calling a reply top-level costs recall, giving a
top-level comment a parent costs precision. Precision is undefined (``None``)
when a method predicts no link at all. Two baselines are scored on the same
flattened order: *reply to the previous comment* (every comment but the first
answers the one shown just before it) and *all top-level* (no links).

Only the public contract of the text reader is used (``read_text(text,
source=...)`` returning a :class:`~threads.model.Thread`), never its internals.
Not supported: scoring speaker attribution or quotes (links only).
"""

from __future__ import annotations

import logging
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from threads.errors import ParseError
from threads.model import Comment, EvidenceKind, EvidenceTarget, Thread

log = logging.getLogger(__name__)

DEFAULT_SEED = 0
DEFAULT_NAME_SHARE = 0.5  # share of comments whose author line survives the copy
MIN_COMMENTS = 2
MIN_ALIGN_SCORE = 70.0
_WS = re.compile(r"\s+")


class Method(StrEnum):
    """Who predicts the reply links."""

    TEXT_READER = "text_reader"  # threads.readers.text.read_text on the flattened text
    PREVIOUS = "previous_comment"  # baseline: each comment answers the one shown before it
    TOP_LEVEL = "all_top_level"  # baseline: no comment answers another


METHOD_LABELS = {
    Method.TEXT_READER: "plain-text reader",
    Method.PREVIOUS: "reply to previous comment",
    Method.TOP_LEVEL: "all top-level",
}

Link = tuple[str, str]  # (reply id, parent id), ids of the original thread


@dataclass(frozen=True, slots=True)
class LinkScores:
    """Counts behind precision and recall of predicted reply links.

    >>> s = LinkScores(true_positives=2, predicted=4, gold=3)
    >>> (s.precision, round(s.recall, 3), round(s.f1, 3))
    (0.5, 0.667, 0.571)
    >>> LinkScores(0, 0, 3).precision is None
    True
    """

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if r is None:
            return None
        if not p or not r:
            return 0.0
        return 2 * p * r / (p + r)

    def __add__(self, other: LinkScores) -> LinkScores:
        return LinkScores(self.true_positives + other.true_positives, self.predicted + other.predicted,
                          self.gold + other.gold)

    def to_dict(self) -> dict[str, Any]:
        return {"true_positives": self.true_positives, "predicted": self.predicted, "gold": self.gold,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}


def score_links(predicted: Iterable[Link], gold: Iterable[Link]) -> LinkScores:
    """Compare two sets of (reply, parent) pairs.

    >>> score_links({("c2", "c1"), ("c3", "c2")}, {("c2", "c1"), ("c3", "c1")})
    LinkScores(true_positives=1, predicted=2, gold=2)
    """
    p, g = set(predicted), set(gold)
    return LinkScores(len(p & g), len(p), len(g))


def gold_links(thread: Thread) -> set[Link]:
    """The thread's own reply links: one pair per comment that has a parent."""
    return {(c.id, c.parent) for c in thread.comments if c.parent is not None}


def structure_known(thread: Thread) -> bool:
    """Whether every parent decision in ``thread`` came from the source itself.

    True for exports and threaded pages (evidence ``SOURCE``, or a top-level
    repair at full confidence); False for anything a reader inferred.
    """
    if not thread.comments:
        return False
    for c in thread.comments:
        ev = c.evidence_for(EvidenceTarget.PARENT)
        if not ev:
            return False
        for e in ev:
            if e.kind is EvidenceKind.SOURCE:
                continue
            if e.kind is EvidenceKind.TOP_LEVEL and e.confidence >= 1.0:
                continue
            return False
    return True


def page_order(thread: Thread) -> list[Comment]:
    """Comments as a threaded page shows them: depth-first, siblings in thread order."""
    return thread.tree_order()


def baseline_links(order: Sequence[Comment], method: Method) -> set[Link]:
    """The links a baseline predicts for comments shown in ``order``.

    >>> cs = [Comment(id=i, speaker="s1", text="") for i in ("c1", "c2", "c3")]
    >>> sorted(baseline_links(cs, Method.PREVIOUS))
    [('c2', 'c1'), ('c3', 'c2')]
    >>> baseline_links(cs, Method.TOP_LEVEL)
    set()
    """
    if method is Method.PREVIOUS:
        return {(b.id, a.id) for a, b in zip(order, order[1:], strict=False)}
    if method is Method.TOP_LEVEL:
        return set()
    raise ValueError(f"not a baseline: {method}")


class HeaderStyle(StrEnum):
    """How a copied page shows a comment's author (one style per thread, as on a real page)."""

    WORDPRESS = "wordpress"  # "Name says:" and the date above the words
    TYPEPAD = "typepad"  # "Posted by: Name | date" below the words
    BARE = "bare"  # the name alone on the line above the words


@dataclass(frozen=True, slots=True)
class Flattened:
    """A thread copied to plain text: the text and the comments in the order shown."""

    text: str
    order: tuple[Comment, ...]
    named: frozenset[str]  # ids of comments whose author line was kept
    style: HeaderStyle


def _when(published: str | None, style: HeaderStyle) -> str:
    from datetime import datetime

    if not published:
        return ""
    try:
        dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return ""
    hour = dt.strftime("%I").lstrip("0") or "12"
    if style is HeaderStyle.WORDPRESS:
        return (f"{dt.strftime('%B')} {dt.day}, {dt.year} at {hour}:{dt.strftime('%M')} "
                f"{dt.strftime('%p').lower()}")
    return f"{dt.day} {dt.strftime('%B %Y at %I:%M %p')}"


def flatten(thread: Thread, seed: int = DEFAULT_SEED, name_share: float = DEFAULT_NAME_SHARE,
            style: HeaderStyle | None = None) -> Flattened:
    """``thread`` as text copied off its page (see the module docstring); reproducible per seed.

    Comments are separated by two blank lines, a comment's paragraphs by one (as
    a page copy spaces them); ``style`` (default: drawn with the seed) says how
    the kept author lines look.

    >>> from threads.model import Speaker
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"), Speaker("s2", "Bob")),
    ...            comments=(Comment("c1", "s1", "Tea is best."),
    ...                      Comment("c2", "s2", "No, coffee.", parent="c1")))
    >>> print(flatten(t, name_share=1.0, style=HeaderStyle.BARE).text)
    Ann
    Tea is best.
    <BLANKLINE>
    <BLANKLINE>
    Bob
    No, coffee.
    <BLANKLINE>
    """
    rng = random.Random(f"{seed}:{thread.id}")
    chosen = style if style is not None else rng.choice(list(HeaderStyle))
    names = {s.id: s.name for s in thread.speakers}
    order = page_order(thread)
    blocks: list[str] = []
    named: set[str] = set()
    for c in order:
        body = c.text.strip()
        if c.salutation and not body.startswith(c.salutation):
            body = f"{c.salutation}\n{body}"
        if c.signature:
            body = f"{body}\n{c.signature}"
        body = body or "…"
        name = names.get(c.speaker) if rng.random() < name_share else None
        if not name:
            blocks.append(body)
            continue
        named.add(c.id)
        when = _when(c.published, chosen)
        if chosen is HeaderStyle.WORDPRESS:
            blocks.append(f"{name} says:\n" + (f"{when}\n" if when else "") + f"\n{body}")
        elif chosen is HeaderStyle.TYPEPAD:
            blocks.append(f"{body}\n\nPosted by: {name}" + (f" | {when}" if when else ""))
        else:
            blocks.append(f"{name}\n{body}")
    return Flattened("\n\n\n".join(blocks) + "\n", tuple(order), frozenset(named), chosen)


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def align(originals: Sequence[Comment], pieces: Sequence[Comment]) -> dict[str, str]:
    """Map each reconstructed comment id to the original comment id it came from.

    Pieces are tried against originals near their expected position first (the
    reader keeps page order), then against all; a match needs a rapidfuzz
    partial ratio of at least ``MIN_ALIGN_SCORE``.

    >>> o = [Comment("a", "s", "The first comment here."), Comment("b", "s", "A second one, longer.")]
    >>> p = [Comment("c1", "s", "first comment here"), Comment("c2", "s", "A second one, longer.")]
    >>> align(o, p)
    {'c1': 'a', 'c2': 'b'}
    """
    texts = [_norm(c.text) for c in originals]
    out: dict[str, str] = {}
    pointer = 0

    def score(i: int, piece: str) -> tuple[float, float]:
        """(partial ratio of the shorter text inside the longer, length coverage)."""
        orig = texts[i]
        if not orig or not piece:
            return 0.0, 0.0
        short, long_ = (piece, orig) if len(piece) <= len(orig) else (orig, piece)
        return fuzz.partial_ratio(short, long_), len(short) / len(long_)

    for p in pieces:
        piece = _norm(p.text)
        if not piece:
            continue
        window = range(max(0, pointer - 2), min(len(texts), pointer + 6))
        best = max(window, key=lambda i: (score(i, piece), -abs(i - pointer)), default=None)
        if best is None or score(best, piece)[0] < MIN_ALIGN_SCORE:
            best = max(range(len(texts)), key=lambda i: score(i, piece), default=None)
        if best is not None and score(best, piece)[0] >= MIN_ALIGN_SCORE:
            out[p.id] = originals[best].id
            pointer = best
    return out


def reconstructed_links(rebuilt: Thread, alignment: dict[str, str]) -> set[Link]:
    """The reader's links, in original ids; each original's first piece carries its decision."""
    first_piece: dict[str, Comment] = {}
    for c in rebuilt.comments:
        orig = alignment.get(c.id)
        if orig is not None and orig not in first_piece:
            first_piece[orig] = c
    links: set[Link] = set()
    for orig, c in first_piece.items():
        if c.parent is None:
            continue
        parent = alignment.get(c.parent)
        if parent is not None and parent != orig:
            links.add((orig, parent))
    return links


@dataclass(frozen=True, slots=True)
class ThreadEvaluation:
    """One thread's result: sizes, alignment and the scores of every method."""

    file: str
    thread_id: str
    title: str | None
    comments: int
    gold_links: int
    reconstructed_comments: int
    aligned_comments: int
    named_comments: int
    scores: tuple[tuple[Method, LinkScores], ...]

    def score(self, method: Method) -> LinkScores:
        return dict(self.scores)[method]

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "thread_id": self.thread_id, "title": self.title,
                "comments": self.comments, "gold_links": self.gold_links,
                "reconstructed_comments": self.reconstructed_comments,
                "aligned_comments": self.aligned_comments, "named_comments": self.named_comments,
                "scores": {m.value: s.to_dict() for m, s in self.scores}}


@dataclass(frozen=True, slots=True)
class ReconstructionReport:
    """Every evaluated thread, the settings that produced them, and micro-averaged totals."""

    threads: tuple[ThreadEvaluation, ...]
    seed: int = DEFAULT_SEED
    name_share: float = DEFAULT_NAME_SHARE
    skipped: tuple[tuple[str, str], ...] = field(default=())  # (file or thread, why)

    def totals(self, file: str | None = None) -> dict[Method, LinkScores]:
        out = {m: LinkScores(0, 0, 0) for m in Method}
        for t in self.threads:
            if file is None or t.file == file:
                for m, s in t.scores:
                    out[m] = out[m] + s
        return out

    def files(self) -> list[str]:
        return list(dict.fromkeys(t.file for t in self.threads))

    def to_dict(self) -> dict[str, Any]:
        return {
            "settings": {"seed": self.seed, "name_share": self.name_share, "order": "threaded page",
                         "link": "a (reply, parent) pair; top-level comments contribute no pair"},
            "totals": {m.value: s.to_dict() for m, s in self.totals().items()},
            "files": {f: {"threads": sum(1 for t in self.threads if t.file == f),
                          "totals": {m.value: s.to_dict() for m, s in self.totals(f).items()}}
                      for f in self.files()},
            "threads": [t.to_dict() for t in self.threads],
            "skipped": [{"what": w, "why": y} for w, y in self.skipped],
        }


def evaluate_thread(thread: Thread, file: str = "", seed: int = DEFAULT_SEED,
                    name_share: float = DEFAULT_NAME_SHARE) -> ThreadEvaluation:
    """Flatten ``thread``, read it back with the plain-text reader, and score every method."""
    from threads.readers.text import read_text

    flat = flatten(thread, seed=seed, name_share=name_share)
    gold = gold_links(thread)
    rebuilt = read_text(flat.text, source=f"{file}#{thread.id} (flattened)")
    alignment = align(flat.order, rebuilt.comments)
    scores = (
        (Method.TEXT_READER, score_links(reconstructed_links(rebuilt, alignment), gold)),
        (Method.PREVIOUS, score_links(baseline_links(flat.order, Method.PREVIOUS), gold)),
        (Method.TOP_LEVEL, score_links(baseline_links(flat.order, Method.TOP_LEVEL), gold)),
    )
    return ThreadEvaluation(
        file=file, thread_id=thread.id, title=thread.title, comments=len(thread.comments),
        gold_links=len(gold), reconstructed_comments=len(rebuilt.comments),
        aligned_comments=len(set(alignment.values())), named_comments=len(flat.named), scores=scores)


def evaluate_files(files: Iterable[str | Path], seed: int = DEFAULT_SEED,
                   name_share: float = DEFAULT_NAME_SHARE) -> ReconstructionReport:
    """Evaluate every thread of known structure (at least two comments) in ``files``.

    Raises :class:`~threads.errors.ParseError` when no file holds such a thread;
    files that hold none are listed in the report's ``skipped``.
    """
    from threads import pipeline

    results: list[ThreadEvaluation] = []
    skipped: list[tuple[str, str]] = []
    for f in files:
        name = str(f)
        found = 0
        for thread in pipeline.load_all(f):
            if len(thread.comments) < MIN_COMMENTS:
                continue
            if not structure_known(thread):
                skipped.append((f"{name}#{thread.id}", "reply links inferred by a reader, not given by "
                                "the source"))
                continue
            found += 1
            results.append(evaluate_thread(thread, file=name, seed=seed, name_share=name_share))
        if not found:
            skipped.append((name, f"no thread with {MIN_COMMENTS}+ comments whose reply links the "
                            "source gives"))
        log.info("%s: %d threads evaluated", name, found)
    if not results:
        raise ParseError("no thread of known structure to evaluate in " + ", ".join(map(str, files))
                         + " (use exports or threaded pages: WordPress, Disqus, Blogger, Hacker News)")
    return ReconstructionReport(tuple(results), seed=seed, name_share=name_share, skipped=tuple(skipped))


def _fmt(value: float | None) -> str:
    return "   n/a" if value is None else f"{value:6.3f}"


def report_as_text(report: ReconstructionReport) -> str:
    """A table for people: totals per method, then per file."""
    out: list[str] = []
    comments = sum(t.comments for t in report.threads)
    gold = sum(t.gold_links for t in report.threads)
    aligned = sum(t.aligned_comments for t in report.threads)
    out.append(f"Reply links recovered from flattened threads (seed {report.seed}, author line kept on "
               f"{report.name_share:.0%} of comments)")
    out.append(f"{len(report.threads)} threads in {len(report.files())} files, {comments} comments, "
               f"{gold} reply links in the originals; {aligned} comments "
               f"({aligned / comments:.0%}) found again in the reconstruction")
    out.append("")

    def table(totals: dict[Method, LinkScores], indent: str = "") -> None:
        out.append(f"{indent}{'method':<28}{'precision':>10}{'recall':>8}{'F1':>8}{'links':>8}")
        for m in Method:
            s = totals[m]
            out.append(f"{indent}{METHOD_LABELS[m]:<28}{_fmt(s.precision):>10}{_fmt(s.recall):>8}"
                       f"{_fmt(s.f1):>8}{s.predicted:>8}")

    table(report.totals())
    for f in report.files():
        n = sum(1 for t in report.threads if t.file == f)
        out.append("")
        out.append(f"{f}: {n} threads")
        table(report.totals(f), indent="  ")
    if report.skipped:
        out.append("")
        out.append(f"skipped: {len(report.skipped)} (" + "; ".join(
            f"{w}: {y}" for w, y in report.skipped[:3]) + (" ..." if len(report.skipped) > 3 else "") + ")")
    out.append("")
    out.append("A link is a (reply, parent) pair; top-level comments contribute no pair. "
               "Precision n/a: no link predicted.")
    return "\n".join(out)

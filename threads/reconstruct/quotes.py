"""Find where a comment quotes an earlier one, allowing for misquotation.

Quoted spans are text in double quotation marks (straight, curly or guillemets)
and lines starting with ``>``. Each span is looked up through an index of word
trigrams over the earlier comments (so the search stays near-linear in the size
of the thread), and candidates are confirmed with rapidfuzz's ``partial_ratio``,
which tolerates the typos and small edits people make when they quote.

Not supported: quotations without any quotation marks (a paraphrase is found, if
at all, by content similarity in :mod:`threads.reconstruct.replies`).
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from threads.reconstruct.textutil import words

QUOTED = re.compile(r"[\"“„«]\s*(?P<q>[^\"“”„«»]{6,}?)\s*[\"”»]", re.DOTALL)
GT_LINE = re.compile(r"^\s*>(?!\s*[\w.\-]{1,30}\s*$)\s?(?P<q>.+)$", re.MULTILINE)
MIN_WORDS = 3
MATCH = 85.0
COMMON = 200  # trigrams in more comments than this are not used to find a quotation's source


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


def quoted_spans(text: str) -> list[Span]:
    """Spans of ``text`` in quotation marks or ``>``-quoted lines, three words or longer.

    >>> [s.text for s in quoted_spans('He said "the buses are in the desert" today.')]
    ['the buses are in the desert']
    """
    spans = [Span(m.group("q").strip(), m.start(), m.end()) for m in QUOTED.finditer(text)]
    spans += [Span(m.group("q").strip(), m.start(), m.end()) for m in GT_LINE.finditer(text)]
    return [s for s in spans if len(words(s.text)) >= MIN_WORDS]


def _shingles(ws: list[str], n: int = 3) -> set[tuple[str, ...]]:
    if len(ws) < n:
        return {tuple(ws)} if ws else set()
    return {tuple(ws[i:i + n]) for i in range(len(ws) - n + 1)}


class QuoteIndex:
    """Word-trigram index over comments added so far, in page order."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._texts: list[str] = []
        self._ids: list[str] = []

    def add(self, comment_id: str, text: str) -> None:
        k = len(self._texts)
        self._texts.append(text)
        self._ids.append(comment_id)
        for sh in _shingles(words(text)):
            self._index[sh].append(k)

    def find(self, quote: str, limit: int = 5) -> tuple[str, float] | None:
        """The earlier comment ``quote`` most likely comes from, with the match score."""
        qws = words(quote)
        counts: Counter[int] = Counter()
        for sh in _shingles(qws):
            posting = self._index.get(sh, ())
            if len(posting) > COMMON:
                continue  # a trigram half the thread uses ("one of the") says nothing about the source
            for k in posting:
                counts[k] += 1
        if not counts:
            return None
        # Most shared trigrams first, the latest comment first among equals: people quote
        # what they just read. Ranking by (count, position) rather than Counter order keeps
        # the result independent of set iteration order, which varies with the hash seed.
        candidates = heapq.nsmallest(limit, counts.items(), key=lambda kv: (-kv[1], -kv[0]))
        best: tuple[float, int] | None = None
        low = quote.lower()
        for k, _ in candidates:
            score = fuzz.partial_ratio(low, self._texts[k].lower())
            if score >= MATCH and (best is None or (score, k) > best):
                best = (score, k)
        return None if best is None else (self._ids[best[1]], float(best[0]))


def strip_spans(text: str, spans: list[Span]) -> str:
    """``text`` with the given spans removed (the commenter's own words)."""
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s.start):
        if s.start < pos:
            continue
        out.append(text[pos:s.start])
        pos = s.end
    out.append(text[pos:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()

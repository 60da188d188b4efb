"""Tone of each comment: VADER on the commenter's own words, sentence by sentence, plus incivility.

:func:`score_tone` sets ``Comment.tone`` for every comment:

1. typographic quotes and apostrophes become ASCII (VADER knows only ``'``:
   "isn’t good" would otherwise score as "good");
2. the words of others are removed: the text of ``Comment.quotes``, lines that
   start with ``>``, and passages in double quotation marks that are long or that
   repeat an earlier comment (the parent, a quoted comment or one of the
   comments just before);
3. what is left is split into sentences, each scored with VADER
   (:mod:`threads.score.vader`, identical to vaderSentiment 3.3.2 but faster);
4. the comment's ``compound``/``pos``/``neu``/``neg`` are the means of its
   sentences' scores weighted by sentence length in words, so a long comment
   does not saturate at +-1 the way VADER on the whole text does (VADER agrees
   with people far better on short spans than on opinion prose);
5. :func:`~threads.score.incivility.incivility` scores the same own words.

Threads above :data:`PARALLEL_MIN_COMMENTS` comments are scored on all cores with
``concurrent.futures.ProcessPoolExecutor`` (one analyzer per worker process).

Sentences are split with a regular expression, not pysbd: pysbd handles more
odd cases but costs about 2 ms per 100-word comment, several times the cost of
scoring it. The regex knows common abbreviations ("Mr.", "U.S.", "e.g."),
initials and decimal numbers, and treats line breaks as boundaries.

Not supported: sarcasm and irony (VADER reads words, not intent), non-English
text (the lexicon is English), and quotations in single quotes (indistinguishable
from apostrophes); a short quotation in double quotes that matches no nearby
comment is kept as the commenter's own words (it is usually a scare quote).
"""

from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import operator
import os
import re
import string
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Protocol, TypeVar

from threads.gcpause import gc_paused
from threads.model import Comment, SentenceTone, Thread, Tone, replace
from threads.score.incivility import incivility
from threads.score.vader import FastAnalyzer, Scores
from threads.score.vader import analyzer as fast_analyzer

__all__ = [
    "score_tone",
    "tone_of",
    "own_words",
    "split_sentences",
    "normalize_quotes",
    "PARALLEL_MIN_COMMENTS",
]

log = logging.getLogger(__name__)

#: Threads with more comments than this are scored in worker processes; below it the
#: cost of starting workers and shipping texts is larger than the gain.
PARALLEL_MIN_COMMENTS = 3000
#: A passage in double quotes with at least this many words is someone else's words.
LONG_QUOTE_WORDS = 8
#: A shorter quoted passage is removed when it repeats an earlier comment and has this many words.
MATCHED_QUOTE_WORDS = 2
#: How many comments before this one are searched for a quoted passage.
QUOTE_WINDOW = 50


_T = TypeVar("_T")


class Analyzer(Protocol):
    def polarity_scores(self, text: str) -> dict[str, float]: ...


_TYPOGRAPHIC = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
})

_TYPOGRAPHIC_PAIRS = tuple((chr(k), v) for k, v in _TYPOGRAPHIC.items())


def normalize_quotes(text: str) -> str:
    """Typographic quotes and apostrophes to ASCII.

    >>> normalize_quotes("This isn\u2019t \u201cgood\u201d.")
    'This isn\\'t "good".'
    """
    if text.isascii():  # O(1) in CPython; most comments
        return text
    # One str.replace per mark present: the same result as str.translate, many times faster
    # (translate with a dict looks up every character in Python objects).
    for mark, ascii_mark in _TYPOGRAPHIC_PAIRS:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text


# --- sentences ---------------------------------------------------------------

_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof st sr jr gen col lt sgt capt maj cmdr adm gov sen rep pres rev fr
vs etc al eg ie cf approx dept est fig inc ltd co corp no nos vol pp ed eds jan feb mar apr
jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
u.s u.k u.n e.g i.e a.m p.m d.c u.s.a
""".split())
# A candidate boundary: end punctuation, closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?]+[\"')\]]*\s+|\n\s*")
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences (line breaks always end one).

    >>> split_sentences("Mr. Smith went to the U.S. yesterday. He said no! Why? See e.g. 3.5 kg")
    ['Mr. Smith went to the U.S. yesterday.', 'He said no!', 'Why?', 'See e.g. 3.5 kg']
    """
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        mark = m.group()
        line_break = "\n" in mark
        if not line_break:
            nxt = text[end:end + 1]
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"'(["):
                continue  # "e.g. the", "3.5 kg": a lower-case word does not start a sentence
        chunk = text[start:m.start() + len(mark.rstrip())]
        if not line_break and mark[0] == "." and mark.count(".") == 1:
            before = chunk.rstrip("\"')]")
            # The word holds no space, so searching from the last one finds the same match.
            w = _LAST_WORD.search(before, before.rfind(" ") + 1)
            if w is not None:
                word = w.group(1).lower()
                if word in _ABBREVIATIONS or (len(word) == 1 and w.group(1).isupper()):
                    continue  # "Mr. Smith", "J. Smith"
                if "." in word and nxt.islower():
                    continue
        piece = chunk.strip()
        if piece:
            out.append(piece)
        start = end
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


# --- own words ---------------------------------------------------------------

_DOUBLE_QUOTED = re.compile(r'"([^"\n]{1,3000}?)"')
_QUOTE_LINE = re.compile(r"^[ \t]*>.*$", re.MULTILINE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_BLANKS = re.compile(r"[ \t]+")
_LINE_BREAK = re.compile(r" *\n *")


# Bytes other than a-z and 0-9 to spaces: _NON_WORD as a translation table.
_NON_WORD_TO_SPACE = bytes(c if chr(c) in string.ascii_lowercase + string.digits else 0x20
                           for c in range(256))


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    # Cached: the same earlier comments are searched for the quotes of each of the next 50.
    text = normalize_quotes(text).lower()
    if text.isascii():
        # The same words as the substitution below at twice its speed: one C pass of
        # bytes.translate, where re.sub builds a piece for every gap between words.
        return " ".join(text.encode("ascii").translate(_NON_WORD_TO_SPACE).decode("ascii").split())
    return _NON_WORD.sub(" ", text).strip()


@lru_cache(maxsize=4096)
def _lower(text: str) -> str:
    # Cached like _norm (the same window of earlier comments serves the next 50), and
    # far cheaper to build: one C pass, no translation or splitting.
    return text.lower()


@lru_cache(maxsize=4096)
def _padded_norm(text: str) -> str:
    # " words " of an earlier comment, so a quoted passage matches whole words only.
    return " " + _norm(text) + " "


def own_words(text: str, quotes: Iterable[str] = (), earlier: Sequence[str] = ()) -> str:
    """``text`` without the words of others.

    Parameters
    ----------
    text : str
        A comment's text.
    quotes : iterable of str
        Quoted spans found by the reader or reconstruction (``Comment.quotes``).
    earlier : sequence of str
        Texts of earlier comments a quotation may come from (the parent first).

    Examples
    --------
    >>> own_words('"We never did that." No, you did.', earlier=["We never did that, ever."])
    'No, you did.'
    """
    text = normalize_quotes(text)
    for q in sorted({normalize_quotes(q).strip() for q in quotes if q and q.strip()}, key=len, reverse=True):
        text = text.replace(q, " ")
    if ">" in text:  # most comments quote no line
        text = _QUOTE_LINE.sub(" ", text)

    def drop(m: re.Match[str]) -> str:
        inner = _norm(m.group(1))
        words = len(inner.split())
        if words == 0:
            return " "  # the quote marks left around a removed Comment.quotes span
        if words >= LONG_QUOTE_WORDS:
            return " "
        if words >= MATCHED_QUOTE_WORDS and earlier:
            needle = " " + inner + " "
            # _norm only turns characters other than a-z and 0-9 into spaces, so each word
            # of an earlier comment's normalised text is in its lower-cased text: a comment
            # whose lower-cased text lacks the passage's longest word cannot hold the
            # passage, and most comments of the window are never normalised.
            longest = max(inner.split(), key=len)
            if any(longest in _lower(e) and needle in _padded_norm(e) for e in earlier):
                return " "
        return m.group(0)

    if '"' in text:
        text = _DOUBLE_QUOTED.sub(drop, text)
    # Tidy what removal left behind, keeping line breaks (they end sentences).
    if "  " in text or "\t" in text:  # else each match is one space, replaced by itself
        text = _BLANKS.sub(" ", text)
    if " \n" in text or "\n " in text:  # else each match is a bare line break, replaced by itself
        text = _LINE_BREAK.sub("\n", text)
    return text.strip()


# --- scoring -----------------------------------------------------------------


def tone_of(text: str, analyzer: Analyzer | None = None) -> Tone:
    """Tone of a text that is already the commenter's own words.

    Parameters
    ----------
    text : str
        Own words (see :func:`own_words`).
    analyzer : object with ``polarity_scores``, optional
        Defaults to the process's fast VADER.

    Examples
    --------
    >>> t = tone_of("This isn\u2019t good at all. Thanks anyway!")
    >>> [s.compound < 0 for s in t.sentences]
    [True, False]
    """
    return _tone(_tone_row(normalize_quotes(text), _scorer(analyzer or fast_analyzer())))


def _scorer(sia: Analyzer) -> Callable[[str], Scores]:
    """``(neg, neu, pos, compound)`` of a sentence: the fast analyzer's own method, or
    the values of any other analyzer's ``polarity_scores`` dict."""
    if isinstance(sia, FastAnalyzer):
        return sia.scores

    def scores(sentence: str) -> Scores:
        d = sia.polarity_scores(sentence)
        return d["neg"], d["neu"], d["pos"], d["compound"]

    return scores


# A comment's tone as plain values: compound, pos, neu, neg, incivility, incivility terms,
# sentence texts, sentence compounds. Workers send these rather than Tone objects:
# pickling a list of tuples of floats and strings is about twenty times cheaper than
# pickling (and unpickling) the same values as slotted dataclasses.
_Row = tuple[float, float, float, float, float, tuple[str, ...], tuple[str, ...], tuple[float, ...]]


def _tone_row(text: str, scores: Callable[[str], Scores]) -> _Row:
    # The tone of a text whose quotes are already ASCII (own_words returns such text).
    sentences = split_sentences(text)
    compounds: list[float] = []
    total = acc_compound = acc_pos = acc_neu = acc_neg = 0.0
    for sentence in sentences:
        neg, neu, pos, compound = scores(sentence)
        weight = float(len(sentence.split()))
        compounds.append(compound)
        total += weight
        acc_compound += weight * compound
        acc_pos += weight * pos
        acc_neu += weight * neu
        acc_neg += weight * neg
    score, terms = incivility(text)
    if total == 0:
        return 0.0, 0.0, 0.0, 0.0, score, terms, (), ()
    return (round(acc_compound / total, 4), round(acc_pos / total, 3), round(acc_neu / total, 3),
            round(acc_neg / total, 3), score, terms, tuple(sentences), tuple(compounds))


def _tone(row: _Row) -> Tone:
    compound, pos, neu, neg, score, terms, texts, compounds = row
    return Tone(compound, pos, neu, neg, score, terms, tuple(map(SentenceTone, texts, compounds)))


# What own_words needs of one comment: its text, the texts of its quotes, and the
# indices of the comments a quotation may come from beside the window before it
# (its parent, then the sources of its quotes).
_Spec = tuple[str, tuple[str, ...], tuple[int, ...]]


def _specs(thread: Thread) -> list[_Spec]:
    index = {c.id: k for k, c in enumerate(thread.comments)}  # the last of equal ids, as comments_by_id
    out: list[_Spec] = []
    for c in thread.comments:
        extra = [index[c.parent]] if c.parent is not None and c.parent in index else []
        extra += [index[q.source] for q in c.quotes if q.source is not None and q.source in index]
        out.append((c.text, tuple(q.text for q in c.quotes), tuple(extra)))
    return out


def _own_text(specs: Sequence[_Spec], i: int) -> str:
    text, quotes, extra = specs[i]
    # Only a comment with double quotes needs the earlier texts; skip building them otherwise.
    if '"' in text or "\u201c" in text or "\u201d" in text:
        earlier = [specs[k][0] for k in extra]
        earlier += [specs[k][0] for k in range(max(0, i - QUOTE_WINDOW), i)]
    else:
        earlier = []
    return own_words(text, quotes, earlier)


def _own_texts(thread: Thread) -> list[str]:
    specs = _specs(thread)
    return [_own_text(specs, i) for i in range(len(specs))]


# Set in each worker process by _init_worker: the specs of the whole thread, so a
# worker is sent index ranges and strips quotations itself (in parallel) instead of
# the parent doing it for every comment first.
_WORKER_SPECS: list[_Spec] = []


def _init_worker(specs: list[_Spec] | None = None) -> None:
    global _WORKER_SPECS
    fast_analyzer()  # build once per worker, before the first chunk arrives
    _WORKER_SPECS = specs or []


def _rows_of_texts(texts: list[str]) -> list[_Row]:
    scores = fast_analyzer().scores
    return [_tone_row(normalize_quotes(t), scores) for t in texts]


def _own_rows(specs: Sequence[_Spec], start: int, stop: int) -> list[_Row]:
    # own_words returns ASCII quotes, so tone_of's normalisation is skipped.
    scores = fast_analyzer().scores
    return [_tone_row(_own_text(specs, i), scores) for i in range(start, stop)]


def _worker_range(bounds: tuple[int, int]) -> list[_Row]:
    return _own_rows(_WORKER_SPECS, *bounds)


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[k:k + size] for k in range(0, len(items), size)]


def _chunk_size(n: int, workers: int) -> int:
    # Several chunks per worker keep both busy when comment lengths vary.
    return max(200, n // (workers * 8) + 1)


def default_workers(n: int) -> int:
    """All cores for more than :data:`PARALLEL_MIN_COMMENTS` items, else one.

    Inside a worker process (a batch run already spreads threads over the cores, and
    daemonic workers may not start children) scoring stays in that process.
    """
    if n <= PARALLEL_MIN_COMMENTS or multiprocessing.parent_process() is not None:
        return 1
    return os.cpu_count() or 1


def pool_context() -> multiprocessing.context.BaseContext | None:
    """The start method for scoring pools: ``fork`` on Linux, else the platform's default.

    The scorers hand a whole thread to their workers through the pool's initializer;
    forked workers inherit it in place, while spawned ones (the default in a process
    that was itself spawned, on macOS, and from Python 3.14 on) would each unpickle a
    copy of it: at 100,000 comments that doubled the relations stage's time and memory.
    """
    if sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _collect(parts: Iterable[list[_Row]]) -> list[Tone]:
    with gc_paused():
        return [_tone(row) for part in parts for row in part]


def _in_workers(workers: int, work: Callable[[_T], list[_Row]], tasks: list[_T],
                initargs: tuple = ()) -> list[Tone]:
    """Run ``work`` on each task in a process pool and build the tones, in task order.

    The parent's objects are moved out of the collector's reach first (``gc.freeze``)
    so that forked workers never write to their pages (no copy-on-write of the whole
    thread) and the workers' collections skip them; they are handed back to the
    collector once the workers are done (unless something else had frozen objects).
    """
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=_init_worker,
                                 initargs=initargs) as pool:
            return _collect(pool.map(work, tasks))
    finally:
        if not frozen_before:
            gc.unfreeze()


def tones(texts: list[str], workers: int | None = None) -> list[Tone]:
    """Tone of many own-words texts, in worker processes when there are many.

    Parameters
    ----------
    texts : list of str
        Own words of each comment.
    workers : int, optional
        Worker processes; default all cores when ``len(texts)`` exceeds
        :data:`PARALLEL_MIN_COMMENTS`, else scoring stays in this process.
        ``workers=1`` always stays in process.
    """
    if workers is None:
        workers = default_workers(len(texts))
    if workers <= 1 or len(texts) < 2:
        return _collect([_rows_of_texts(texts)])
    log.info("scoring tone of %d comments in %d processes", len(texts), workers)
    return _in_workers(workers, _rows_of_texts, _chunks(texts, _chunk_size(len(texts), workers)))


def _thread_tones(thread: Thread, workers: int | None) -> list[Tone]:
    specs = _specs(thread)
    n = len(specs)
    if workers is None:
        workers = default_workers(n)
    if workers <= 1 or n < 2:
        return _collect([_own_rows(specs, 0, n)])
    size = _chunk_size(n, workers)
    log.info("scoring tone of %d comments in %d processes", n, workers)
    # The specs go to each worker once (inherited, not pickled, where processes fork).
    return _in_workers(workers, _worker_range, [(k, min(n, k + size)) for k in range(0, n, size)], (specs,))


def score_tone(thread: Thread, workers: int | None = None) -> Thread:
    """Set ``Comment.tone`` on every comment of ``thread``.

    Parameters
    ----------
    thread : Thread
        Any thread; comments keep their order and every other field.
    workers : int, optional
        Worker processes (see :func:`tones`); by default all cores for threads above
        :data:`PARALLEL_MIN_COMMENTS` comments, one process otherwise.

    Returns
    -------
    Thread
        A new thread whose comments carry a :class:`~threads.model.Tone`.

    Examples
    --------
    >>> from threads.model import Comment, Thread
    >>> t = Thread(id="t", comments=(Comment("c1", "s1", "Thank you, great point."),))
    >>> score_tone(t).comments[0].tone.compound > 0.5
    True
    """
    if not thread.comments:
        return thread
    scored = _thread_tones(thread, workers)
    return replace(thread, comments=_with_tones(thread.comments, scored))


def _with_tones(comments: Sequence[Comment], tones: Sequence[Tone]) -> tuple[Comment, ...]:
    """``tuple(replace(c, tone=t) ...)`` at half the cost.

    ``dataclasses.replace`` reads the fields one by one in Python and passes them by
    keyword; one ``attrgetter`` call reads them all in C and the copy is built
    positionally, which holds while every field of :class:`Comment` is a positional
    ``__init__`` parameter (checked; otherwise, and for subclasses, ``replace`` runs).
    """
    fields = dataclasses.fields(Comment)
    positional = all(f.init and not f.kw_only for f in fields)
    names = [f.name for f in fields]
    at = names.index("tone")
    read = operator.attrgetter(*names)
    out: list[Comment] = []
    with gc_paused():
        for c, t in zip(comments, tones, strict=True):
            if positional and type(c) is Comment:
                values = read(c)
                out.append(Comment(*values[:at], t, *values[at + 1:]))
            else:
                out.append(replace(c, tone=t))
    return tuple(out)

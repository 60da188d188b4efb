"""Tone scoring speed on a synthetic 100,000-comment thread.

    PYTHONPATH=. python bench/bench_tone.py [--comments 100000] [--seed 7]

Comments of about 90 words are put together from real sentences of the shared corpora
(Reddit pairs, Hacker News, WordPress exports) with a seeded RNG, so the text looks like
comments and the run is repeatable. Prints comments per second for:

* VADER alone on each whole comment: stock vaderSentiment, then the fast analyzer;
* VADER alone sentence by sentence (as score_tone uses it): stock, then fast;
* full tone scoring (sentences + incivility) with the stock analyzer, one process;
* the same with the fast analyzer, one process, then on every core (ProcessPoolExecutor,
  as score_tone does for big threads);
* score_tone end to end (own-words extraction included, default workers).

Every fast result is checked against the stock one (identical dicts / tones).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.corpus_texts import all_texts
from threads.model import Comment, Speaker, Thread
from threads.score.tone import _own_texts, normalize_quotes, score_tone, split_sentences, tone_of, tones
from threads.score.vader import analyzer

CORPORA = Path(os.environ.get("THREADS_CORPORA")
               or Path(__file__).resolve().parents[2] / "shared" / "corpora")


def synthetic_thread(n: int, seed: int, corpora: Path = CORPORA) -> Thread:
    """``n`` comments of ~90 words from real sentences; about half reply to an earlier comment."""
    sentences = [s for t in all_texts(corpora) for s in split_sentences(normalize_quotes(t))
                 if 3 <= len(s.split()) <= 60]
    if not sentences:
        sys.exit(f"no corpus texts under {corpora}; set THREADS_CORPORA")
    rng = random.Random(seed)
    speakers = tuple(Speaker(f"s{k}", f"Commenter {k}") for k in range(2000))
    comments = []
    for i in range(n):
        target = max(15, int(rng.gauss(90, 30)))
        words: list[str] = []
        while sum(len(s.split()) for s in words) < target:
            words.append(rng.choice(sentences))
        parent = f"c{rng.randrange(i)}" if i and rng.random() < 0.5 else None
        comments.append(Comment(f"c{i}", f"s{rng.randrange(len(speakers))}", " ".join(words),
                                parent=parent))
    return Thread(id="bench", speakers=speakers, comments=tuple(comments))


class Clock:
    """Wall time and CPU time (this process and finished children) of a block."""

    def __enter__(self) -> Clock:
        self.wall = time.perf_counter()
        self.cpu = time.process_time() + _children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() + _children_cpu() - self.cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rate(label: str, n: int, clock: Clock) -> None:
    # CPU time tells the cost when other work shares the cores; wall time what a user waits.
    print(f"{label:<48} {clock.wall:7.1f} s wall {n / clock.wall:9,.0f}/s"
          f"   {clock.cpu:7.1f} s CPU {n / clock.cpu:9,.0f}/CPU-s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    thread = synthetic_thread(args.comments, args.seed)
    n = len(thread.comments)
    words = sum(len(c.text.split()) for c in thread.comments)
    print(f"{n:,} comments, {words / n:.0f} words on average, built in {time.perf_counter() - t0:.1f} s;"
          f" {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    texts = _own_texts(thread)

    stock, quick = SentimentIntensityAnalyzer(), analyzer()
    plain = [normalize_quotes(t) for t in texts]
    for label, sia in (("stock", stock), ("fast", quick)):
        with Clock() as clock:
            whole = [sia.polarity_scores(t) for t in plain]
        rate(f"VADER on whole comments, {label}", n, clock)
        if sia is stock:
            reference = whole
        else:
            assert whole == reference, "fast and stock VADER differ"
    split = [split_sentences(t) for t in plain]
    for label, sia in (("stock", stock), ("fast", quick)):
        with Clock() as clock:
            for sentences in split:
                for sentence in sentences:
                    sia.polarity_scores(sentence)
        rate(f"VADER sentence by sentence, {label}", n, clock)

    with Clock() as clock:
        slow = [tone_of(t, analyzer=stock) for t in texts]
    rate("tone (sentences + incivility), stock, 1 process", n, clock)

    with Clock() as clock:
        fast = tones(texts, workers=1)
    rate("tone, fast, 1 process", n, clock)
    assert fast == slow, "fast and stock scores differ"

    cores = os.cpu_count() or 1
    with Clock() as clock:
        par = tones(texts, workers=cores)
    rate(f"tone, fast, {cores} processes", n, clock)
    assert par == fast

    with Clock() as clock:
        score_tone(thread)
    rate("score_tone end to end (default workers)", n, clock)
    print("load average at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

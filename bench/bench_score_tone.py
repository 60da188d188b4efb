"""CPU and wall time of the tone stage (``score_tone``) on a loaded WordPress export.

    PYTHONPATH=. python bench/bench_score_tone.py FILE [--cache DIR] [--workers N] [--repeat K]
                                                 [--save TONES.pkl] [--check TONES.pkl] [--steps]

The export is read once with ``threads.pipeline.load`` and the thread is pickled under
``--cache`` (default: the system temporary directory), so later runs time the tone stage
alone. CPU time is this process plus its finished children (the worker processes), which
stays steady when other work shares the cores; wall time is what a user waits.
``--save`` writes the tones (one per comment) and ``--check`` compares a run with saved
ones, to confirm a change leaves every score as it was. ``--steps`` first prints the CPU
time of each step of the stage in this process (own words, sentence splitting, VADER,
incivility, and the rest), to show where a change can still gain.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from threads.model import Thread
from threads.pipeline import load
from threads.score import tone
from threads.score.incivility import incivility
from threads.score.tone import score_tone
from threads.score.vader import analyzer

_T = TypeVar("_T")


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def cached_thread(path: Path, cache: Path) -> Thread:
    """The thread of ``path``, unpickled from ``cache`` when an earlier run stored it."""
    key = hashlib.sha1(f"{path.resolve()}:{path.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    stored = cache / f"threads-bench-{path.name}-{key}.pkl"
    if stored.exists():
        with stored.open("rb") as fh:
            return pickle.load(fh)
    thread = load(path)
    with stored.open("wb") as fh:
        pickle.dump(thread, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return thread


def _timed(label: str, work: Callable[[], _T]) -> _T:
    cpu = _cpu()
    result = work()
    print(f"  {label:<28} {_cpu() - cpu:6.2f} s CPU")
    return result


def print_steps(thread: Thread) -> None:
    """CPU seconds of each step of ``score_tone`` run one after the other in this process.

    "tone rows" is the three steps before it done together, as ``score_tone`` does them
    comment by comment; what it costs beyond their sum is the weighting and rounding.
    """
    print("steps, in this process:")
    specs = _timed("specs", lambda: tone._specs(thread))
    own = _timed("own words", lambda: [tone._own_text(specs, i) for i in range(len(specs))])
    sentences = _timed("split sentences", lambda: [tone.split_sentences(text) for text in own])
    scores = analyzer().scores
    _timed("VADER on each sentence", lambda: [[scores(s) for s in ss] for ss in sentences])
    _timed("incivility", lambda: [incivility(text) for text in own])
    rows = _timed("tone rows (the three above)", lambda: [tone._tone_row(text, scores) for text in own])
    tones = _timed("Tone objects", lambda: tone._collect([rows]))
    _timed("comments with tones", lambda: tone._with_tones(thread.comments, tones))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--workers", type=int, default=None, help="default: as score_tone decides")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--save", type=Path, help="write the tones to this pickle")
    ap.add_argument("--check", type=Path, help="compare the tones with this pickle")
    ap.add_argument("--steps", action="store_true", help="first time each step in this process")
    args = ap.parse_args(argv)

    thread = cached_thread(args.file, args.cache)
    print(f"{len(thread.comments):,} comments; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.steps:
        print_steps(thread)
    scored = thread
    for _ in range(args.repeat):
        cpu, wall = _cpu(), time.perf_counter()
        scored = score_tone(thread, workers=args.workers)
        wall, cpu = time.perf_counter() - wall, _cpu() - cpu
        print(f"score_tone: {wall:6.2f} s wall  {cpu:6.2f} s CPU (self + workers)")
    result = [c.tone for c in scored.comments]
    if args.save:
        with args.save.open("wb") as fh:
            pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    if args.check:
        with args.check.open("rb") as fh:
            expected = pickle.load(fh)
        same = result == expected
        print("tones identical to", args.check, "->", same)
        if not same:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Relation scoring speed on a real export, the stage alone.

    PYTHONPATH=. python bench/bench_relations.py FILE [--cache DIR] [--workers N] [--profile]

Loads the thread in FILE (e.g. a synthetic WXR export of 100,000 comments), scores its tone
and pickles the result under ``--cache`` (reused on later runs, so only the relations stage
is timed), then times :func:`~threads.score.relations.score_relations` and prints wall time
and CPU seconds of this process and its worker processes (``getrusage`` self + children).
With ``--profile`` it runs in one process under cProfile and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pickle
import pstats
import resource
import time
from pathlib import Path

from threads import pipeline
from threads.model import Thread
from threads.score.relations import score_relations
from threads.score.tone import score_tone


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def toned_thread(path: Path, cache: Path) -> Thread:
    """The thread in ``path`` with tone scored, from ``cache`` when it was pickled before."""
    key = hashlib.sha1(f"{path.resolve()}:{path.stat().st_mtime_ns}".encode()).hexdigest()[:12]
    pick = cache / f"{path.name}.{key}.toned.pickle"
    if pick.is_file():
        return pickle.loads(pick.read_bytes())
    thread = score_tone(pipeline.load(path))
    cache.mkdir(parents=True, exist_ok=True)
    pick.write_bytes(pickle.dumps(thread, protocol=pickle.HIGHEST_PROTOCOL))
    return thread


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/threads-bench"))
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--profile", action="store_true", help="one process under cProfile")
    args = ap.parse_args()

    thread = toned_thread(args.file, args.cache)
    replies = sum(c.parent is not None for c in thread.comments)
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        score_relations(thread, workers=1)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    wall, (own, kids) = time.perf_counter(), _cpu()
    score_relations(thread, workers=args.workers)
    wall = time.perf_counter() - wall
    own, kids = _cpu()[0] - own, _cpu()[1] - kids
    cpu = own + kids
    print(f"{args.file.name}: {len(thread.comments):,} comments, {replies:,} replies")
    print(f"score_relations: {wall:.2f} s wall, {cpu:.2f} s CPU ({own:.2f} s this process, "
          f"{kids:.2f} s workers), {cpu / max(replies, 1) * 1e3:.3f} ms CPU per reply")


if __name__ == "__main__":
    main()

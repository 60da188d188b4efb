"""CPU seconds and peak memory of reading one export into a Thread (run on demand).

    PYTHONPATH=. python bench/read_export.py [FILE ...] [--comments 100000] [--profile]

Reads each FILE with :func:`threads.pipeline.load` in a fresh child process, so
the figures are those of the read alone, and prints comments, CPU seconds
(user + system: steadier than wall time on a shared machine) and the child's
peak resident memory. Without FILE, a synthetic WordPress export of
``--comments`` comments is written first (bench_scale's generator: sentences
from the real threads in the corpora). ``--profile`` prints the child's top
cProfile entries instead (the figures then include the profiler's overhead).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import resource, sys
from threads import pipeline
if sys.argv[2] == "profile":
    import cProfile, pstats
    prof = cProfile.Profile()
    thread = prof.runcall(pipeline.load, sys.argv[1])
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
else:
    thread = pipeline.load(sys.argv[1])
use = resource.getrusage(resource.RUSAGE_SELF)
cpu = use.ru_utime + use.ru_stime
print(f"{len(thread.comments)} comments  {cpu:.2f} CPU s  {use.ru_maxrss / 1024:.0f} MB peak")
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--comments", type=int, default=100_000,
                    help="size of the synthetic export read when no FILE is given")
    ap.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = args.files
        if not files:
            sys.path.insert(0, str(ROOT))
            from bench.bench_scale import Synth, corpus_sentences, write_wxr

            files = [Path(tmp) / f"wxr_{args.comments}.xml"]
            write_wxr(files[0], [Synth(args.comments, corpus_sentences())])
        for path in files:
            _measure(path, args.profile)


def _measure(path: Path, profile: bool) -> None:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path), "profile" if profile else "time"],
                         cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                         text=True, check=True).stdout
    print(out if profile else f"{path.name}: {out.strip()}")


if __name__ == "__main__":
    main()

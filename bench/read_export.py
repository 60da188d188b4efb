"""CPU seconds and peak memory of reading one export into a Thread (run on demand).

    PYTHONPATH=. python bench/read_export.py [FILE ...] [--profile]

Reads each FILE (default: the 100,000-comment synthetic WordPress export, if
present) with :func:`threads.pipeline.load` in a fresh child process, so the
figures are those of the read alone, and prints comments, CPU seconds
(user + system: steadier than wall time on a shared machine) and the child's
peak resident memory. ``--profile`` prints the child's top cProfile entries
instead (the figures then include the profiler's overhead).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = Path("/work/ref/wxr_100000.xml")

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
    ap.add_argument("--profile", action="store_true", help="print the top cProfile entries")
    args = ap.parse_args()
    files = args.files or [DEFAULT]
    for path in files:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(path),
                              "profile" if args.profile else "time"],
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                             text=True, check=True).stdout
        print(f"{path.name}: {out.strip()}" if not args.profile else out)


if __name__ == "__main__":
    main()

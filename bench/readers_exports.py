"""Speed and memory of the export readers on a large synthetic export (run on demand).

    PYTHONPATH=. python bench/readers_exports.py [--mb 200] [--corpora ../shared/corpora]

Builds a WordPress export of about ``--mb`` megabytes by repeating the posts of
the mythz blog export (fresh post and comment ids for every copy), and a Disqus
export the same way from the tl3shi export, then reads every thread of each in
a child process and prints threads, comments, CPU seconds, MB per CPU second and
the child's peak resident memory. Streaming means the peak stays far below the file size.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import resource, sys
from threads import pipeline
threads = comments = 0
for t in pipeline.load_all(sys.argv[1]):
    threads += 1
    comments += len(t.comments)
use = resource.getrusage(resource.RUSAGE_SELF)
cpu = use.ru_utime + use.ru_stime  # CPU seconds: steadier than wall time on a shared machine
print(threads, comments, f"{cpu:.2f}", f"{use.ru_maxrss / 1024:.0f}")
"""


def _wxr(src: Path, dest: Path, mb: int) -> None:
    text = src.read_text(encoding="utf-8")
    head = text[:text.index("<item>")]
    items = re.findall(r"<item>.*?</item>", text, re.S)
    body = "".join(items)
    n = 0
    with dest.open("w", encoding="utf-8") as out:
        out.write(head)
        while dest.stat().st_size < mb * 1_000_000 or n == 0:
            n += 1
            copy = re.sub(r"<wp:post_id>(\d+)</wp:post_id>",
                          lambda m, n=n: f"<wp:post_id>{n}{m.group(1)}</wp:post_id>", body)
            # fresh comment ids per copy; a parent of 0 (top-level) stays 0
            copy = re.sub(r"<wp:comment_(id|parent)>(\d+)</wp:comment_\1>",
                          lambda m, n=n: m.group(0) if m.group(2) == "0" else
                          f"<wp:comment_{m.group(1)}>{n}{m.group(2)}</wp:comment_{m.group(1)}>", copy)
            out.write(copy)
            out.flush()
        out.write("</channel>\n</rss>\n")


def _disqus(src: Path, dest: Path, mb: int) -> None:
    text = src.read_text(encoding="utf-8")
    start = text.index("<thread ")
    end = text.rindex("</disqus>")
    head, body = text[:start], text[start:end]
    n = 0
    with dest.open("w", encoding="utf-8") as out:
        out.write(head)
        while dest.stat().st_size < mb * 1_000_000 or n == 0:
            n += 1
            # fresh ids and titles per copy, so copies are other articles, not the same one twice
            copy = re.sub(r'dsq:id="(\d+)"', lambda m, n=n: f'dsq:id="{n}x{m.group(1)}"', body)
            out.write(re.sub(r"<title>([^<]*)</title>",
                             lambda m, n=n: f"<title>{m.group(1)} #{n}</title>", copy))
            out.flush()
        out.write("</disqus>\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=int, default=200, help="size of each synthetic export")
    ap.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [("wxr", _wxr, args.corpora / "wxr-mythz-blog" / "wordpress-export.xml"),
                ("disqus", _disqus, args.corpora / "disqus-tl3shi-blog" / "disqus.xml")]
        print(f"{'format':<8}{'MB':>8}{'threads':>10}{'comments':>10}{'CPU s':>9}{'MB/s':>8}"
              f"{'peak RSS MB':>13}")
        for name, build, src in jobs:
            dest = Path(tmp) / f"{name}.xml"
            build(src, dest, args.mb)
            size = dest.stat().st_size / 1e6
            t0 = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", _CHILD, str(dest)], capture_output=True, text=True,
                                 cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=True)
            wall = time.perf_counter() - t0
            threads, comments, secs, peak = out.stdout.split()
            print(f"{name:<8}{size:>8.0f}{threads:>10}{comments:>10}{float(secs):>9.1f}"
                  f"{size / float(secs):>8.1f}{peak:>13}   (wall {wall:.1f}s)")
            dest.unlink()


if __name__ == "__main__":
    main()

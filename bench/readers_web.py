"""How long the saved-page and Hacker News readers take on the real corpora (run on demand).

    PYTHONPATH=. python bench/readers_web.py [--repeat N]

Prints, per input, its size, the comments read and the median wall time of N reads
(after one warm-up read, so imports and selector compilation are not counted), then
the same for a big page made by repeating the foxyfolksy comment list until the
page is about 3.6 MB.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.conftest import CORPORA  # noqa: E402
from threads.readers import hn, html  # noqa: E402

INPUTS = [
    ("html-wp-lemire/lemire.me.json.html", html),
    ("html-wp-foxyfolksy/foxyfolksy.com.buttercream.html", html),
    ("html-wp-netzpolitik/netzpolitik.org.abmahnungen.html", html),
    ("html-blogger-derpapierplanet/derpapierplanet.de.juni.html", html),
    ("hn-algolia-thread/hn-item-49220339.json", hn),
]


def timed(fn, repeat: int) -> tuple[float, int]:
    n = len(fn().comments)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), n


def big_page(target_bytes: int = 3_600_000) -> str:
    page = (CORPORA / INPUTS[1][0]).read_text(encoding="utf-8")
    start = page.index('<ol class="comment-list">') + len('<ol class="comment-list">')
    end = page.index("</ol><!-- .comment-list -->", start)
    comments = page[start:end]
    copies = max(1, (target_bytes - len(page)) // len(comments) + 1)
    return page[:start] + comments * copies + page[end:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'input':58} {'bytes':>9} {'comments':>8} {'median s':>9}")
    for rel, mod in INPUTS:
        path = CORPORA / rel
        if not path.exists():
            print(f"{rel:58} (not available)")
            continue
        secs, n = timed(lambda p=path, m=mod: next(m.read_threads(p)), args.repeat)
        print(f"{rel:58} {path.stat().st_size:9d} {n:8d} {secs:9.3f}")
    if (CORPORA / INPUTS[1][0]).exists():
        page = big_page()
        secs, n = timed(lambda: html.read_html(page), max(1, args.repeat // 2))
        print(f"{'foxyfolksy comments repeated (synthetic)':58} {len(page.encode()):9d} {n:8d} {secs:9.3f}")
        start = time.perf_counter()
        html.parse_page(page)
        print(f"{'  of which lxml parsing':58} {'':9} {'':8} {time.perf_counter() - start:9.3f}")


if __name__ == "__main__":
    main()

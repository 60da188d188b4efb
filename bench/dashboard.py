"""How fast the dashboard opens a big thread: each step in Python, then the real page in Chromium.

    PYTHONPATH=. python bench/dashboard.py                  # 2,000 comments (about a minute)
    PYTHONPATH=. python bench/dashboard.py --sizes 500 2000 --no-browser

The input is the seeded synthetic WordPress export of bench/bench_scale.py (texts
sampled from the real threads in ../shared/corpora). Python figures: load,
analyze, each graph, its layout and its ECharts spec (with the spec's JSON
size). Browser figures (needs /usr/bin/chromium and playwright): time from
opening the page to the Overview being idle, then from clicking each tab to the
script being idle with its chart drawn.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _timed(fn, *args, **kwargs):
    t0 = time.perf_counter()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - t0


def python_figures(path: Path) -> None:
    from dashboard import charts, data
    from dashboard.views import graph as view
    from threads import pipeline
    from threads.graph import comment_graph, speaker_graph

    thread, t_load = _timed(pipeline.load, path)
    analysis, t_an = _timed(pipeline.analyze, thread)
    print(f"  load {t_load:6.2f} s   analyze {t_an:6.2f} s   "
          f"({len(thread.comments)} comments, {len(thread.speakers)} speakers)")
    for kind, build_graph, elements in (("speakers", speaker_graph, view._speaker_elements),
                                        ("comments", comment_graph, view._comment_elements)):
        g, t_g = _timed(build_graph, analysis, min_confidence=0.0)
        pos, t_l = _timed(data.layout.__wrapped__, "", None, kind, 0.0, g, analysis.thread)
        (nodes, edges), t_e = _timed(elements, analysis.thread, g)
        spec, t_s = _timed(charts.graph_spec, nodes, edges, pos, None, len(nodes) > view.BIG)
        size = len(json.dumps(spec))
        print(f"  {kind:8s} graph {t_g:5.2f} s  layout {t_l:5.2f} s  elements {t_e:5.2f} s  "
              f"spec {t_s:5.2f} s  ({g.number_of_nodes()} nodes, {g.number_of_edges()} edges, "
              f"{size / 1e6:.2f} MB JSON)")


def browser_figures(path: Path) -> None:
    from tests.test_browser import CHROMIUM, offline_page, streamlit_server, wait_idle

    if not CHROMIUM.exists():
        print("  browser: skipped (no /usr/bin/chromium)")
        return
    blocked: list[str] = []
    t0 = time.perf_counter()
    with streamlit_server(ROOT / "dashboard" / "app.py", str(path)) as url, \
            offline_page(url, blocked) as page:
        page.get_by_text("Most heated exchanges").first.wait_for(timeout=300_000)
        print(f"  browser: page open to Overview idle {time.perf_counter() - t0:6.2f} s "
              "(server start, load and analyze included)")
        for tab, toggle in (("Reply graph", None), ("Reply graph", "Reply tree"), ("Thread", None),
                            ("Commenters", None)):
            t1 = time.perf_counter()
            if toggle:
                page.get_by_text(toggle, exact=True).click()
            else:
                page.get_by_role("tab", name=tab).click()
            wait_idle(page, timeout=300_000)
            if tab == "Reply graph":
                page.locator("[data-testid='stEChartsChart'] canvas").first.wait_for(timeout=300_000)
            print(f"  browser: {toggle or tab:12s} idle after {time.perf_counter() - t1:6.2f} s")
    print(f"  browser: requests outside 127.0.0.1: {len(blocked)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    from bench.bench_scale import Synth, corpus_sentences, write_wxr

    sentences = corpus_sentences()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"synthetic-{n}.xml"
            write_wxr(path, [Synth(n, sentences)])
            print(f"{n} comments ({path.stat().st_size / 1e6:.1f} MB WXR)")
            python_figures(path)
            if not args.no_browser:
                browser_figures(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

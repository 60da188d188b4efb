"""End to end in a real browser: Debian's Chromium driven by Playwright, fully offline.

The dashboard is started with ``streamlit run`` on a free local port; every
request the page makes to anything but 127.0.0.1 is aborted and recorded (the
test asserts there were none). A click on a node of the reply graph (at the
pixel the chart's own spec and the canvas size give) must select that
commenter. Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard import charts
from tests.conftest import ROOT, SEED_THREAD

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
APP = ROOT / "dashboard" / "app.py"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: Path, *args: str) -> Iterator[str]:
    """``streamlit run script -- args`` on a free port; yields its URL once healthy."""
    port = _free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--browser.gatherUsageStats=false",
           "--server.fileWatcherType=none", "--", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                raise RuntimeError(f"streamlit did not start: {out[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (as Streamlit's own e2e tests do)."""
    try:  # a rerun may not have started yet when we get here
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='running']", timeout=1500)
    except Exception:  # noqa: BLE001 - it already finished, or never needed to run
        pass
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']",
                           timeout=timeout)
    page.wait_for_timeout(400)  # let the last deltas paint


@contextlib.contextmanager
def offline_page(url: str, blocked: list[str]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})

            def guard(route) -> None:
                req_url = route.request.url
                if req_url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                    route.continue_()
                else:
                    blocked.append(req_url)
                    route.abort()

            page.route("**/*", guard)
            page.goto(url)
            wait_idle(page)
            yield page
        finally:
            browser.close()


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_idle(page)
    page.wait_for_timeout(1200)  # charts finish drawing


def seed_graph_spec() -> dict:
    """The speaker graph's spec as the app builds it for the seed (same layout, same order)."""
    from dashboard import charts, data
    from dashboard.views import graph as view
    from threads import pipeline
    from threads.graph import speaker_graph

    analysis = pipeline.analyze(pipeline.load(SEED_THREAD))
    g = speaker_graph(analysis, min_confidence=0.0)
    pos = data.layout.__wrapped__("", None, "speakers", 0.0, g, analysis.thread)
    nodes, edges = view._speaker_elements(analysis.thread, g)
    return charts.graph_spec(nodes, edges, pos)


def clickable(spec: dict, width: float, height: float) -> list[int]:
    """Nodes whose centre no other node or label covers (labels run right of their node)."""
    nodes = spec["series"][0]["data"]
    xy = [charts.pixel(spec, i, width, height) for i in range(len(nodes))]
    free = []
    for i, (x, y) in enumerate(xy):
        covered = False
        for j, (xj, yj) in enumerate(xy):
            if j == i:
                continue
            r = nodes[j]["symbolSize"] / 2
            if (x - xj) ** 2 + (y - yj) ** 2 < (r + 4) ** 2:
                covered = True
            if nodes[j]["label"]["show"]:
                left = xj + r + 2
                if left - 3 <= x <= left + 8 * len(charts.label_of(nodes[j])) and abs(y - yj) <= 10:
                    covered = True
        if not covered:
            free.append(i)
    assert len(free) >= 2, "no node of the seed graph can be clicked unambiguously"
    return free


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium; "
                    "./scripts/test does it as root)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    return CHROMIUM


def test_click_a_node_selects_the_commenter_offline(chromium: Path) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    blocked: list[str] = []
    with streamlit_server(APP, str(SEED_THREAD)) as url, offline_page(url, blocked) as page:
        assert page.get_by_text("Most heated exchanges").count() >= 1
        page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)

        open_tab(page, "Reply graph")
        chart = page.locator("[data-testid='stEChartsChart']").first
        chart.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # entry animation
        box = chart.locator("canvas").first.bounding_box()
        assert box is not None
        spec = seed_graph_spec()
        nodes = spec["series"][0]["data"]
        free = clickable(spec, box["width"], box["height"])
        target = max(free, key=lambda i: nodes[i]["symbolSize"])  # the biggest node
        name = charts.label_of(nodes[target])
        x, y = charts.pixel(spec, target, box["width"], box["height"])
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(500)
        page.mouse.click(box["x"] + x, box["y"] + y)
        wait_idle(page)
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "graph_selected.png"), full_page=True)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert f"Selected: {name}" in " ".join(sidebar.split())
        assert page.get_by_role("heading", name=f"Selected: {name}").count() == 1

        # a second node right after: the selection follows the latest click
        second = min(free, key=lambda i: (i == target, -nodes[i]["symbolSize"]))
        x2, y2 = charts.pixel(spec, second, box["width"], box["height"])
        page.mouse.click(box["x"] + x2, box["y"] + y2)
        wait_idle(page)
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert f"Selected: {charts.label_of(nodes[second])}" in " ".join(sidebar.split())
        page.screenshot(path=str(ARTIFACTS / "graph_second.png"), full_page=True)

        open_tab(page, "Thread")
        page.screenshot(path=str(ARTIFACTS / "thread.png"), full_page=True)
        open_tab(page, "Commenters")
        page.screenshot(path=str(ARTIFACTS / "commenters.png"), full_page=True)
        open_tab(page, "Compare")
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
        open_tab(page, "Claims")
        page.screenshot(path=str(ARTIFACTS / "claims.png"), full_page=True)
        open_tab(page, "Data")
        page.screenshot(path=str(ARTIFACTS / "data.png"), full_page=True)
    assert blocked == [], f"the page tried to reach the network: {blocked[:5]}"


def test_markup_in_names_and_comments_stays_text_in_the_browser(chromium: Path, tmp_path: Path) -> None:
    """A comment with <script> and <img onerror> and a name with <b> run nothing and show as typed."""
    import json

    from tests.handmade import analysed_thread
    from threads.model import to_dict

    path = tmp_path / "markup.json"
    path.write_text(json.dumps(to_dict(analysed_thread())), encoding="utf-8")
    blocked: list[str] = []
    dialogs: list[str] = []
    with streamlit_server(APP, str(path)) as url, offline_page(url, blocked) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        open_tab(page, "Thread")
        body = page.locator("[data-testid='stMain']").inner_text()
        assert '<script>alert("x")</script>' in body
        assert "<img src=x onerror=" in body
        assert "<b>Mallory</b>" in body
        assert page.locator("[data-testid='stMain'] script, [data-testid='stMain'] img").count() == 0

        open_tab(page, "Reply graph")
        chart = page.locator("[data-testid='stEChartsChart']").first
        box = chart.locator("canvas").first.bounding_box()
        assert box is not None
        from dashboard import data
        from dashboard.views import graph as view
        from threads import pipeline
        from threads.graph import speaker_graph

        analysis = pipeline.analyze(pipeline.load(path))
        g = speaker_graph(analysis, min_confidence=0.0)
        pos = data.layout.__wrapped__("", None, "speakers", 0.0, g, analysis.thread)
        spec = charts.graph_spec(*view._speaker_elements(analysis.thread, g), pos)
        i = next(i for i, d in enumerate(spec["series"][0]["data"]) if charts.label_of(d) == "<b>Mallory</b>")
        x, y = charts.pixel(spec, i, box["width"], box["height"])
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(800)
        tooltip = chart.locator("div", has_text="Mallory").last
        assert "<b>Mallory</b>" in tooltip.inner_text()
        page.screenshot(path=str(ARTIFACTS / "markup_tooltip.png"))
        assert chart.locator("b", has_text="Mallory").count() == 1  # our own bold title, not theirs
    assert dialogs == []
    assert blocked == []

"""End to end in a real browser: Debian's Chromium driven by Playwright, fully offline.

The dashboard is started with ``streamlit run`` on a free local port; every
request the page makes to anything but 127.0.0.1 is aborted and recorded (the
test asserts there were none). A click on a node of the reply graph (at the
pixel the chart's own spec and the canvas size give) must select that
commenter. Screenshots land in tests/artifacts/ for a person to look at.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

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


def node_pixel(page, node_name: str) -> tuple[float, float]:
    """Where ECharts drew the node called ``node_name``: asked of the chart instance itself."""
    return page.evaluate(
        """(name) => {
            for (const el of document.querySelectorAll('[_echarts_instance_]')) {
                const chart = window.echarts ? window.echarts.getInstanceByDom(el) : null;
                if (!chart) continue;
                const opt = chart.getOption();
                const data = opt.series[0].data || [];
                const i = data.findIndex(d => d.name === name);
                if (i < 0) continue;
                const xy = chart.convertToPixel({seriesIndex: 0}, [data[i].x, data[i].y]);
                const r = el.getBoundingClientRect();
                return [r.left + xy[0], r.top + xy[1]];
            }
            return null;
        }""", node_name)


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
        canvas = page.locator("[data-testid='stEChartsChart'] canvas, .stEChartsChart canvas").first
        canvas.wait_for(timeout=30_000)
        page.wait_for_timeout(1500)  # entry animation
        spec_names = page.evaluate(
            """() => { const el = document.querySelector('[_echarts_instance_]');
                       const c = window.echarts && window.echarts.getInstanceByDom(el);
                       return c ? c.getOption().series[0].data.map(d => d.name) : null; }""")
        target = spec_names[0] if spec_names else None
        xy = node_pixel(page, target) if target else None
        if xy is None:
            # ECharts is not exposed on window: locate the node from the canvas size and our layout.
            xy = _pixel_from_spec(page, canvas)
            target = xy[2]
        page.mouse.click(xy[0], xy[1])
        wait_idle(page)
        page.wait_for_timeout(800)
        page.screenshot(path=str(ARTIFACTS / "graph_selected.png"), full_page=True)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert f"Selected: {target}" in sidebar.inner_text().replace("\n", " ")
        assert page.get_by_text(f"Selected: {target}").count() >= 1

        open_tab(page, "Thread")
        page.screenshot(path=str(ARTIFACTS / "thread.png"), full_page=True)
        open_tab(page, "Commenters")
        page.screenshot(path=str(ARTIFACTS / "commenters.png"), full_page=True)
        open_tab(page, "Compare")
        page.screenshot(path=str(ARTIFACTS / "compare.png"), full_page=True)
    assert blocked == [], f"the page tried to reach the network: {blocked[:5]}"


def _pixel_from_spec(page, canvas) -> tuple[float, float, str]:
    """The first node's pixel, mapping the spec's coordinates onto the canvas box.

    ECharts fits the nodes' bounding box into the series box, keeping the aspect
    ratio, and centres it; the series box is the canvas unless the spec sets one.
    """
    spec_json = page.evaluate("() => window.__threads_graph_spec || null")
    box = canvas.bounding_box()
    assert box is not None
    spec = json.loads(spec_json) if spec_json else None
    assert spec is not None, "cannot find the graph's spec in the page"
    data = spec["series"][0]["data"]
    xs, ys = [d["x"] for d in data], [d["y"] for d in data]
    w, h = max(xs) - min(xs) or 1, max(ys) - min(ys) or 1
    scale = min(box["width"] / w, box["height"] / h)
    d = data[0]
    return (box["x"] + box["width"] / 2 + (d["x"] - (min(xs) + w / 2)) * scale,
            box["y"] + box["height"] / 2 + (d["y"] - (min(ys) + h / 2)) * scale, d["name"])

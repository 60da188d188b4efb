"""The dashboard run headless with Streamlit's AppTest, on the seed and on real corpora.

Each view is opened through the tabs' session-state key; the tests assert what a
user would see (metrics, the graph's nodes, the selection, escaped text, error
messages), not just the absence of exceptions.
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from tests.apptest import assert_clean, open_app
from tests.conftest import ROOT, SEED_THREAD, SEEDS, corpus
from tests.handmade import MALICIOUS, analysed_thread
from threads import pipeline
from threads.model import to_dict

VIEWS = ["Overview", "Reply graph", "Thread", "Commenters", "Compare", "Claims", "Data"]


def run(view: str | None = None, argv_file: Path | None = None, state: dict | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> AppTest:
    """Run the app once (opened on ``argv_file`` as the command line would) at ``view``."""
    assert argv_file is None or monkeypatch is not None
    return open_app(argv_file, view, state, monkeypatch)


@pytest.fixture(scope="module")
def seed_analysis():
    return pipeline.analyze(pipeline.load(SEED_THREAD))


def speaker_id(analysis, name: str) -> str:
    return next(s.id for s in analysis.thread.speakers if s.name == name)


def graph_spec(at: AppTest) -> dict:
    specs = [json.loads(e.proto.spec) for e in at.get("echarts_chart")]
    return next(s for s in specs if s.get("series") and s["series"][0]["type"] == "graph")


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders_on_the_seed(view: str, seed_analysis) -> None:
    at = run(view)
    assert_clean(at)
    assert at.selectbox(key="seed").value == SEED_THREAD
    if view == "Overview":
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Comments"] == str(len(seed_analysis.thread.comments))
        assert metrics["Commenters"] == str(len(seed_analysis.thread.speakers))
        assert any("Most heated exchanges" in s.value for s in at.subheader)
    if view == "Thread":
        bodies = " ".join(h.proto.body for h in at.get("html"))
        first = html.escape(" ".join(seed_analysis.thread.comments[0].text.split()[:6]))
        assert first in " ".join(bodies.split())


def test_overview_lists_the_fiercest_disagreement(seed_analysis) -> None:
    from dashboard.data import heated

    hot = heated(seed_analysis.thread, 1)
    at = run("Overview")
    assert_clean(at)
    if hot:
        who = seed_analysis.thread.speaker(hot[0].comment.speaker).name
        cards = [h.proto.body for h in at.get("html") if "→" in h.proto.body]
        assert cards and who.replace("&", "&amp;") in cards[0]


def test_graph_has_one_node_per_speaker_of_the_speaker_graph(seed_analysis) -> None:
    from threads.graph import speaker_graph

    at = run("Reply graph")
    assert_clean(at)
    spec = graph_spec(at)
    g = speaker_graph(seed_analysis, min_confidence=0.0)
    data = spec["series"][0]["data"]
    assert {d["id"] for d in data} == {str(n) for n in g.nodes}
    names = {s.id: s.name for s in seed_analysis.thread.speakers}
    assert all(charts.label_of(d) == names[d["id"]] for d in data if d["id"] in names)
    assert len({d["name"] for d in data}) == len(data)  # ECharts selects by name
    assert len(spec["series"][0]["links"]) == g.number_of_edges()
    assert spec["series"][0]["layout"] == "none"
    jj = next(d for d in data if charts.label_of(d) == "JJackson")
    assert "JJackson" in jj["tooltip"]["formatter"]


def test_comment_graph_toggle_shows_every_comment(seed_analysis) -> None:
    at = run("Reply graph", state={"graph_kind": "comments"})
    assert_clean(at)
    data = graph_spec(at)["series"][0]["data"]
    assert {d["id"] for d in data} == {c.id for c in seed_analysis.thread.comments}


def test_a_selection_in_session_state_shows_in_every_view(seed_analysis) -> None:
    sid = speaker_id(seed_analysis, "JJackson")
    at = run("Reply graph", state={"selected_speaker": sid})
    assert_clean(at)
    data = graph_spec(at)["series"][0]["data"]
    assert [charts.label_of(d) for d in data if d.get("selected")] == ["JJackson"]
    assert any(s.value == "Selected: JJackson" for s in at.subheader)
    assert any("JJackson" in m.value for m in at.sidebar.markdown)

    at = run("Compare", state={"selected_speaker": sid})
    assert_clean(at)
    assert at.selectbox(key=f"cmp_a_{sid}").value == sid

    at = run("Thread", state={"selected_speaker": sid})
    assert_clean(at)
    assert at.toggle(key="thread_only_selected") is not None


def _click_script(path: str, index: int, kind: str) -> None:
    """Runs inside AppTest: feed the graph view's click handler the event a browser click sends."""
    import streamlit as st

    from dashboard import data
    from dashboard.views import graph as view

    source = data.source_from_path(__import__("pathlib").Path(path))
    loaded = data.load(source)
    g = data.graph(source.digest, loaded.thread.id, kind, 0.0, loaded.analysis)
    build = view._speaker_elements if kind == "speakers" else view._comment_elements
    nodes, _ = build(loaded.thread, g)
    event = {"selection": {"selected": [{"series_index": 0, "series_id": None, "series_name": None,
                                         "data_type": "node", "data_indices": [index]}], "areas": []}}
    view._apply_click(event, nodes, kind, loaded.thread)
    st.write(nodes[index].id)


@pytest.mark.parametrize("kind", ["speakers", "comments"])
def test_a_graph_click_selects_the_speaker(kind: str, seed_analysis) -> None:
    """The chart's selection event, as the browser sends it, becomes the app-wide selection."""
    at = run("Reply graph", state={"graph_kind": kind})
    data = graph_spec(at)["series"][0]["data"]
    i = next(i for i, d in enumerate(data) if charts.label_of(d) == "JJackson")
    click = AppTest.from_function(_click_script, args=(str(SEED_THREAD), i, kind), default_timeout=120)
    click.run()
    assert not click.exception, [e.value for e in click.exception]
    jj = speaker_id(seed_analysis, "JJackson")
    assert click.session_state["selected_speaker"] == jj
    if kind == "comments":
        assert click.session_state["focus_comment"] == data[i]["id"]
    # the selection then shows in the views
    at = run("Compare", state={"selected_speaker": jj})
    assert at.selectbox(key=f"cmp_a_{jj}").value == jj


def test_focus_on_a_comment_opens_its_conversation(seed_analysis) -> None:
    t = seed_analysis.thread
    reply = next(c for c in t.comments if c.parent is not None)
    at = run("Thread", state={"focus_comment": reply.id})
    assert_clean(at)
    assert any(f"#{reply.id}" in i.value.replace("\\", "") for i in at.info)
    assert any(e.proto.expanded for e in at.expander)


def test_commenters_table_has_every_speaker(seed_analysis) -> None:
    at = run("Commenters")
    assert_clean(at)
    df = at.dataframe[0].value
    assert len(df) == len(seed_analysis.thread.speakers)
    assert {"comments", "tone", "incivility", "agree given", "disagree received", "camp"} <= set(df.columns)
    assert df["comments"].sum() == len(seed_analysis.thread.comments)


def test_claims_entered_are_placed(seed_analysis) -> None:
    at = run("Claims")
    assert_clean(at)
    proposed = [c.text for c in seed_analysis.claims]
    cards = " ".join(h.proto.body for h in at.get("html"))
    for text in proposed:  # with no claims typed, the proposed ones are shown
        assert html.escape(text[:60]) in cards
    claim = "The US bombed the convoy."
    at.text_area(key="claims_text").input(claim)
    next(b for b in at.button if b.label == "Place every commenter").click()
    at.run()
    assert_clean(at)
    table = at.dataframe[0].value
    assert claim in table.columns
    assert len(table) == len({s.speaker for s in pipeline.analyze(seed_analysis.thread, [claim]).stances})


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize(("folder", "name"), [
    ("wxr-mythz-blog", "wordpress-export.xml"),  # a whole blog: one thread per post
    ("hn-algolia-thread", "hn-item-49220339.json"),  # 335 comments, 12 deep
])
def test_views_render_on_real_threads(folder: str, name: str, view: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = corpus(folder, name)
    at = run(view, argv_file=path, monkeypatch=monkeypatch)
    assert_clean(at)
    assert Path(at.selectbox(key="seed").value).resolve() == path.resolve()
    threads_in = [t for t in pipeline.load_all(path) if t.comments]
    posts = [sb for sb in at.sidebar.selectbox if sb.key and sb.key.startswith("post_")]
    assert len(posts) == (1 if len(threads_in) > 1 else 0)
    if view == "Overview":
        shown = max(threads_in, key=lambda t: len(t.comments))
        assert {m.label: m.value for m in at.metric}["Comments"] == str(len(shown.comments))


def test_markup_in_a_comment_shows_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(to_dict(analysed_thread())), encoding="utf-8")
    for view in ("Thread", "Overview", "Reply graph", "Compare"):
        at = run(view, argv_file=path, monkeypatch=monkeypatch,
                 state={"selected_speaker": "s6"} if view != "Thread" else None)
        assert_clean(at)
        html_out = " ".join(h.proto.body for h in at.get("html"))
        for spec in (json.loads(e.proto.spec) for e in at.get("echarts_chart")):
            # labels are drawn on the canvas as text; tooltips are HTML and must be escaped
            html_out += " ".join(d["tooltip"]["formatter"] for s in spec["series"]
                                 for d in (s.get("data") or []) + (s.get("links") or [])
                                 if isinstance(d, dict) and "tooltip" in d)
        for raw in ("<script", "<img", "<b>Mallory"):
            assert raw not in html_out, (view, raw)
        if view == "Thread":
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html_out
            assert "&lt;img src=x onerror=" in html_out
            assert "**bold** [link](http://e.com)" in html_out  # no Markdown either
        if view == "Reply graph":
            assert "&lt;b&gt;Mallory&lt;/b&gt;" in html_out  # escaped inside the tooltip
        markdown = " ".join(m.value for m in at.markdown)
        assert "<b>Mallory" not in markdown


def test_malicious_text_is_escaped_in_tooltips() -> None:
    tip = charts.tip(MALICIOUS, [MALICIOUS], MALICIOUS)
    assert "<script" not in tip and "<img" not in tip and "&lt;script&gt;" in tip


@pytest.mark.parametrize(("name", "content", "message"), [
    ("picture.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "picture.png"),
    ("empty.txt", b"", "empty.txt is empty"),
    ("article.txt", (SEEDS / "000_4a2d2465221f63ba.txt").read_bytes(), "no comments"),
    ("blank.txt", b"\n\n   \n", "blank.txt"),
])
def test_a_bad_upload_gives_a_clear_message(name: str, content: bytes, message: str) -> None:
    at = run()
    at.file_uploader[0].upload(name, content, "application/octet-stream")
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    assert message in at.error[0].value
    assert "Traceback" not in at.error[0].value
    assert not at.tabs  # no view on a failed input


@pytest.mark.parametrize("seed", ["000", "001", "003", "004"])
def test_article_seeds_say_they_hold_no_comments(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    at = run(argv_file=path, monkeypatch=monkeypatch)
    assert not at.exception
    assert [e.value for e in at.error] and "no comments" in at.error[0].value


def test_an_upload_replaces_the_seed() -> None:
    at = run()
    text = (SEED_THREAD).read_bytes()
    at.file_uploader[0].upload("copied.txt", text, "text/plain")
    at.run()
    assert_clean(at)
    assert any("copied.txt" in c.value.replace("\\", "") for c in at.caption)


def test_data_view_offers_every_export_format(seed_analysis) -> None:
    from dashboard import data

    at = run("Data")
    assert_clean(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert [f".{f}" if s != ".zip" else f"{f} (zip)" for f, s, _ in data.EXPORT_FORMATS] == labels[1:]
    assert labels[0].startswith("analysis.json")
    for fmt, suffix, _ in data.EXPORT_FORMATS:
        for kind in ("speakers", "comments"):
            blob = data.export_bytes.__wrapped__("", None, kind, fmt, seed_analysis)
            assert blob, (fmt, kind)
            assert (blob[:2] == b"PK") == (suffix == ".zip"), (fmt, kind)


def test_read_in_the_thread_opens_the_exchange(seed_analysis) -> None:
    """Two clicks from the Overview to a heated comment and the evidence behind it."""
    from dashboard.data import heated

    hot = heated(seed_analysis.thread, 1)
    if not hot:
        pytest.skip("the seed has no disagreement today")
    at = run("Overview")
    at.button(key=f"hot-0-{hot[0].comment.id}").click()
    at.run()
    assert_clean(at)
    assert at.session_state["view"] == "Thread"
    assert at.session_state["focus_comment"] == hot[0].comment.id
    assert at.session_state["selected_speaker"] == hot[0].comment.speaker
    opened = [e for e in at.expander if e.proto.expanded]
    assert len(opened) == 1
    bodies = " ".join(h.proto.body for h in at.get("html"))
    assert f"#{hot[0].comment.id}<" in bodies and f"#{hot[0].parent.id}<" in bodies


def test_a_new_input_clears_the_selection(seed_analysis) -> None:
    at = run("Reply graph", state={"selected_speaker": speaker_id(seed_analysis, "JJackson")})
    assert any(s.value == "Selected: JJackson" for s in at.subheader)
    at.file_uploader[0].upload("copy.txt", SEED_THREAD.read_bytes() + b"\n\nOne more comment.\n",
                               "text/plain")
    at.run()
    assert_clean(at)
    assert "selected_speaker" not in at.session_state


def test_pasted_text_is_read_as_a_flattened_page(seed_analysis) -> None:
    at = run("Overview")
    at.text_area(key="paste_text").input(SEED_THREAD.read_text(encoding="utf-8"))
    next(b for b in at.button if b.label == "Read the pasted text").click()
    at.run()
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Comments"] == str(len(seed_analysis.thread.comments))
    assert any("pasted text" in c.value for c in at.caption)


def test_pasting_an_article_says_there_are_no_comments() -> None:
    at = run("Overview")
    at.text_area(key="paste_text").input((SEEDS / "001_032fc5a1be7b3cc9.txt").read_text(encoding="utf-8"))
    next(b for b in at.button if b.label == "Read the pasted text").click()
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] and "pasted text: no comments" in at.error[0].value


def test_a_convokit_folder_opens_from_the_command_line(tmp_path: Path, seed_analysis,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from threads.export import export_thread

    folder = tmp_path / "corpus"
    export_thread(seed_analysis, graph="comments", fmt="convokit", out=folder, force=False,
                  min_confidence=0.0)
    at = run("Overview", argv_file=folder, monkeypatch=monkeypatch)
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Comments"] == str(len(seed_analysis.thread.comments))


# --- the display helpers on a hand-built thread -----------------------------------------------------


def test_heated_exchanges_rank_disagreement_plus_incivility() -> None:
    from dashboard.data import heated, main_opponent

    t = analysed_thread()
    hot = heated(t, 5)
    assert [e.comment.id for e in hot] == ["c4", "c5", "c8"]  # 0.8+0.3 = 0.6+0.5 > 0.7+0.2
    assert (hot[0].comment.speaker, hot[0].parent.speaker) == ("s1", "s5")
    assert main_opponent(t, "s1") == "s5"  # two disagreements between them, either way
    assert main_opponent(t, "s6") == "s2"  # no disagreement: whom they talked to


def test_tree_layout_puts_replies_under_their_parent() -> None:
    import networkx as nx

    from dashboard.data import _tree_positions

    t = analysed_thread()
    g = nx.DiGraph([(c.id, c.parent) for c in t.comments if c.parent])
    g.add_nodes_from(c.id for c in t.comments)
    pos = _tree_positions(g, t)
    assert set(pos) == {c.id for c in t.comments}
    for c in t.comments:
        assert all(-1.0 <= v <= 1.0 for v in pos[c.id])
        if c.parent:
            assert pos[c.id][1] < pos[c.parent][1]  # one level down
    kids = [c.id for c in t.comments if c.parent == "c2"]
    assert min(pos[k][0] for k in kids) <= pos["c2"][0] <= max(pos[k][0] for k in kids)


def test_speaker_layout_fits_every_node_in_the_unit_square() -> None:
    from dashboard.data import layout
    from threads.graph import speaker_graph

    t = analysed_thread()
    g = speaker_graph(t)
    pos = layout.__wrapped__("", None, "speakers", 0.0, g, t)
    assert set(pos) == {s.id for s in t.speakers}
    assert all(-1.0 <= v <= 1.0 for xy in pos.values() for v in xy)
    assert len({(round(x, 3), round(y, 3)) for x, y in pos.values()}) == len(pos)  # no two on one spot


def test_pixel_keeps_nodes_inside_the_drawing_box() -> None:
    nodes = [charts.Node(str(i), f"n{i}", 1.0, charts.NO_CAMP, "") for i in range(3)]
    spec = charts.graph_spec(nodes, [], {"0": (-1.0, -1.0), "1": (1.0, 1.0), "2": (0.0, 0.0)})
    w, h = 900.0, 560.0
    box = charts.GRAPH_BOX
    xy = [charts.pixel(spec, i, w, h) for i in range(3)]
    for x, y in xy:
        assert box["left"] <= x <= w - box["right"] and box["top"] <= y <= h - box["bottom"]
    (x0, y0), (x1, y1), (xm, ym) = xy
    assert x1 - x0 == pytest.approx(y0 - y1)  # square layout stays square: y grows downward
    assert (xm, ym) == pytest.approx(((x0 + x1) / 2, (y0 + y1) / 2))


def test_clashes_count_disagreement_both_ways() -> None:
    from dashboard.data import clashes

    assert clashes(analysed_thread()) == [("s1", "s5", 2, pytest.approx(1.1)),
                                         ("s2", "s4", 1, pytest.approx(0.9))]


def test_speaker_layout_is_the_same_in_every_process() -> None:
    """Set order follows the per-process string hash; the layout must not (the browser test and
    every reload rely on it)."""
    import os
    import subprocess

    # three groups of four speakers: each group is under half the graph, the case where a
    # networkx subgraph view iterates its nodes in set order
    code = ("import json, networkx as nx; from dashboard.data import layout; g = nx.DiGraph(); "
            "[nx.add_cycle(g, [f'{k}-speaker-{i}' for i in range(4)]) for k in 'abc']; "
            "print(json.dumps(layout.__wrapped__('', None, 'speakers', 0.0, g, None)))")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
                           check=True).stdout.strip().splitlines()[-1] for seed in ("1", "2", "3")}
    assert len(outs) == 1

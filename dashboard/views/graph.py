"""Reply graph: who answered whom (speakers) or the reply tree itself (comments).

Positions come from Python (cached), so ECharts only draws; clicking a node
selects that speaker in every view.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import streamlit as st

from dashboard import charts, data, ui
from dashboard.data import Loaded
from threads.model import Thread

BIG = 300  # above this many nodes: small symbols, no labels, no animation
MAX_LISTED = 30  # comments of the selected speaker listed under the graph


def _speaker_elements(t: Thread, g: Any) -> tuple[list[charts.Node], list[charts.Edge]]:
    rows = {r["id"]: r for r in data.speaker_rows(t)}
    first: dict[str, str] = {}
    for c in t.comments:
        first.setdefault(c.speaker, c.text)
    names = t.speakers_by_id()
    nodes = []
    for sid in g.nodes:
        sid = str(sid)
        sp = names.get(sid)
        r = rows.get(sid, {})
        nodes.append(charts.Node(
            id=sid, label=sp.name if sp else sid, size=float(r.get("comments", 1) or 1),
            group=(sp.camp if sp and sp.camp else charts.NO_CAMP),
            tooltip=charts.tip(ui.speaker_label(t, sid), [
                f"{r.get('comments', 0)} comments · camp {sp.camp if sp and sp.camp else '-'}",
                f"disagrees {r.get('disagree given', 0)}× / disagreed with {r.get('disagree received', 0)}×",
                f"agrees {r.get('agree given', 0)}× / agreed with {r.get('agree received', 0)}×",
            ], first.get(sid)),
            show_label=g.number_of_nodes() <= 80))
    pairs: dict[tuple[str, str], Counter[str]] = {}
    for (a, b, label), n in data.pair_counts(t).items():
        pairs.setdefault((a, b), Counter())[label.value] += n
    edges = []
    for u, v, attrs in g.edges(data=True):
        u, v = str(u), str(v)
        counts = dict(pairs.get((u, v)) or {"neutral": int(attrs.get("weight", 1) or 1)})
        text = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        edges.append(charts.Edge(u, v, counts, charts.tip(
            f"{data.speaker_name(t, u)} → {data.speaker_name(t, v)}", [text])))
    return nodes, edges


def _comment_elements(t: Thread, g: Any) -> tuple[list[charts.Node], list[charts.Edge]]:
    by_id = t.comments_by_id()
    replies = Counter(c.parent for c in t.comments if c.parent)
    names = t.speakers_by_id()
    small = g.number_of_nodes() <= 60
    nodes = []
    for cid in g.nodes:
        cid = str(cid)
        c = by_id.get(cid)
        sp = names.get(c.speaker) if c else None
        who = sp.name if sp else cid
        tone = f"tone {c.tone.compound:+.2f}" if c and c.tone else ""
        nodes.append(charts.Node(
            id=cid, label=who, size=1.0 + replies.get(cid, 0),
            group=sp.camp if sp and sp.camp else charts.NO_CAMP,
            tooltip=charts.tip(f"{who} · #{cid}", [
                f"{replies.get(cid, 0)} replies · {ui.relation_key(c) if c else ''} {tone}"],
                c.text if c else None),
            show_label=small))
    edges = []
    for u, v in g.edges():
        u, v = str(u), str(v)
        child = by_id.get(u)
        if child is None or child.parent != v:  # the graph may point parent -> child
            u, v = v, u
            child = by_id.get(u)
        key = ui.relation_key(child) if child else "neutral"
        edges.append(charts.Edge(u, v, {key: 1}))
    return nodes, edges


def _apply_click(event: Any, nodes: list[charts.Node], kind: str, t: Thread) -> None:
    """Turn a node click into the app-wide selection (once per new click)."""
    try:
        groups = event["selection"]["selected"]
    except (KeyError, TypeError):
        return
    picked = [i for grp in groups if grp.get("data_type", "node") == "node"
              for i in grp.get("data_indices", [])]
    if not picked or picked[0] >= len(nodes):
        return
    node = nodes[picked[0]].id
    marker = f"{kind}:{node}"
    if st.session_state.get("_graph_click") == marker:
        return
    st.session_state["_graph_click"] = marker
    if kind == "speakers":
        st.session_state[ui.SELECTED] = node
    else:
        st.session_state[ui.FOCUS] = node
        st.session_state[ui.SELECTED] = t.comment(node).speaker


def render(loaded: Loaded) -> None:
    t = loaded.thread
    src = loaded.source
    post = loaded.thread.id
    top = st.columns([2, 3])
    kind = top[0].segmented_control(
        "Graph", ["speakers", "comments"], default="speakers", key="graph_kind",
        format_func=lambda k: {"speakers": "Who answered whom", "comments": "Reply tree"}[k],
        label_visibility="collapsed", required=True) or "speakers"
    min_conf = 0.0
    if kind == "speakers":
        min_conf = top[1].slider("Keep reply links at least this confident", 0.0, 1.0, 0.0, 0.05,
                                 key="min_confidence")
    g = data.graph(src.digest, post, kind, min_conf, loaded.analysis)
    pos = data.layout(src.digest, post, kind, min_conf, g, t)
    build = _speaker_elements if kind == "speakers" else _comment_elements
    nodes, edges = build(t, g)
    sel = st.session_state.get(ui.SELECTED) if kind == "speakers" else st.session_state.get(ui.FOCUS)
    spec = charts.graph_spec(nodes, edges, pos, selected=sel, big=len(nodes) > BIG)
    st.caption("Node size: comments written (speakers) or replies received (comments); colour: camp. "
               "Edge colour: red disagrees, green agrees, grey neutral; thickness: number of replies. "
               "Scroll to zoom, drag to pan, click a node to select it.")
    event = st.echarts_chart(spec, height=560 if len(nodes) <= BIG else 700, key=f"graph-{kind}",
                             on_select="rerun")
    _apply_click(event, nodes, kind, t)
    _selected_panel(loaded)


def _selected_panel(loaded: Loaded) -> None:
    t = loaded.thread
    sid = st.session_state.get(ui.SELECTED)
    if not sid or sid not in t.speakers_by_id():
        st.info("Click a node to see that commenter's comments here.")
        return
    rows = {r["id"]: r for r in data.speaker_rows(t)}
    r = rows.get(sid, {})
    st.subheader(f"Selected: {ui.md(ui.speaker_label(t, sid))}", anchor=False)
    opp = data.main_opponent(t, sid)
    st.caption(f"{r.get('comments', 0)} comments · disagrees {r.get('disagree given', 0)}× · "
               f"is disagreed with {r.get('disagree received', 0)}× · main opponent: "
               + (ui.md(data.speaker_name(t, opp)) if opp else "none"))
    mine = [c for c in t.comments if c.speaker == sid]
    focus = st.session_state.get(ui.FOCUS)
    for c in mine[:MAX_LISTED]:
        ui.show_comment(t, c, 0, focus=c.id == focus)
    if len(mine) > MAX_LISTED:
        st.caption(f"{len(mine) - MAX_LISTED} more in the Thread view.")

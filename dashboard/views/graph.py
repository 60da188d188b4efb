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
LABELLED = 40  # speaker nodes that carry their name


def _speaker_elements(t: Thread, g: Any) -> tuple[list[charts.Node], list[charts.Edge]]:
    """Nodes and edges from :func:`threads.graph.speaker_graph`'s own attributes."""
    first: dict[str, str] = {}
    for c in t.comments:
        first.setdefault(c.speaker, c.text)
    # label the most active speakers only: a hundred overlapping names read as none
    by_activity = sorted(g.nodes(data="comments", default=0), key=lambda x: -(x[1] or 0))
    labelled = {str(n) for n, _ in by_activity[:LABELLED]}
    nodes = []
    for sid, a in g.nodes(data=True):
        sid = str(sid)
        given = Counter({k: 0 for k in ("agree", "disagree")})
        got = Counter({k: 0 for k in ("agree", "disagree")})
        for _, _, e in g.out_edges(sid, data=True):
            given.update({k: e.get(k, 0) for k in ("agree", "disagree")})
        for _, _, e in g.in_edges(sid, data=True):
            got.update({k: e.get(k, 0) for k in ("agree", "disagree")})
        name = a.get("name", sid) + (" (host)" if a.get("host") else "")
        nodes.append(charts.Node(
            id=sid, label=a.get("name", sid), size=float(a.get("comments", 1) or 1),
            group=a.get("camp") or charts.NO_CAMP,
            tooltip=charts.tip(name, [
                f"{charts.plural(a.get('comments', 0), 'comment')} · camp {a.get('camp') or '-'} · "
                f"mean tone {a.get('mean_tone', 0.0):+.2f}",
                f"disagrees {given['disagree']}× · is disagreed with {got['disagree']}×",
                f"agrees {given['agree']}× · is agreed with {got['agree']}×",
            ], first.get(sid)),
            show_label=sid in labelled))
    edges = []
    for u, v, e in g.edges(data=True):
        counts = {k: int(e.get(k, 0)) for k in ("agree", "disagree", "neutral", "unscored") if e.get(k)}
        if "unscored" in counts:
            counts["neutral"] = counts.get("neutral", 0) + counts.pop("unscored")
        text = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        title = f"{data.speaker_name(t, str(u))} → {data.speaker_name(t, str(v))}"
        n = charts.plural(e.get("weight", 0), "reply", "replies")
        edges.append(charts.Edge(str(u), str(v), counts or {"neutral": int(e.get("weight", 1))},
                                 charts.tip(title, [f"{n}: {text}"])))
    return nodes, edges


def _comment_elements(t: Thread, g: Any) -> tuple[list[charts.Node], list[charts.Edge]]:
    """Nodes and edges from :func:`threads.graph.comment_graph`'s own attributes."""
    replies = Counter(str(v) for _, v, k in g.edges(data="kind") if k == "reply")
    small = g.number_of_nodes() <= 60
    nodes = []
    for cid, a in g.nodes(data=True):
        cid = str(cid)
        who = a.get("speaker_name", cid)
        tone = f" · tone {a.get('compound', 0.0):+.2f}" if a.get("toned") else ""
        nodes.append(charts.Node(
            id=cid, label=who, size=1.0 + replies.get(cid, 0),
            group=a.get("camp") or charts.NO_CAMP,
            tooltip=charts.tip(f"{a.get('label', cid)}", [
                f"{charts.plural(replies.get(cid, 0), 'reply', 'replies')}{tone}"], a.get("excerpt")),
            show_label=small))
    edges = []
    for u, v, e in g.edges(data=True):
        if e.get("kind") == "quote":
            key = "quote"
        else:
            key = e.get("relation") if e.get("relation") in charts.RELATION_COLORS else "neutral"
        score = f" {e.get('score', 0.0):+.2f}" if e.get("scored") else ""
        lines = [f"{e.get('relation') or 'quotes'}{score}"]
        if e.get("evidence"):
            lines.append(f"linked by {str(e['evidence']).replace('_', ' ')} "
                         f"({e.get('confidence', 0.0):.2f})")
        edges.append(charts.Edge(str(u), str(v), {key: 1}, charts.tip(f"#{u} → #{v}", lines)))
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
        st.session_state.pop("_graph_click", None)  # a later click on the same node counts again
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
    min_conf = top[1].slider("Keep reply links at least this confident", 0.0, 1.0, 0.0, 0.05,
                             key="min_confidence",
                             help="Each reply link carries the confidence of the evidence that found it "
                                  "(1.0 when the input said so).")
    g = data.graph(src.digest, post, kind, min_conf, loaded.analysis)
    pos = data.layout(src.digest, post, kind, min_conf, g, t)
    build = _speaker_elements if kind == "speakers" else _comment_elements
    nodes, edges = build(t, g)
    sel = st.session_state.get(ui.SELECTED) if kind == "speakers" else st.session_state.get(ui.FOCUS)
    spec = charts.graph_spec(nodes, edges, pos, selected=sel, big=len(nodes) > BIG)
    if kind == "speakers":
        st.caption("One circle per commenter, as big as the number of comments they wrote, coloured by "
                   "camp. An arrow A → B: A replied to B; red when mostly disagreeing, green agreeing, "
                   "grey neutral; thicker for more replies. Scroll to zoom, drag to pan, click a "
                   "circle to select the commenter.")
    else:
        st.caption("One circle per comment, replies below the comment they answer, bigger with more "
                   "replies, coloured by the commenter's camp. Links: red disagrees, green agrees, "
                   "grey neutral, dashed yellow quotes. Click a circle to open that comment.")
    # A selection made elsewhere (a table row, the clear button) bumps the epoch, so the chart
    # starts afresh instead of re-applying the click it remembers; its own clicks keep the key.
    event = st.echarts_chart(spec, height=560 if len(nodes) <= BIG else 700,
                             key=f"graph-{kind}-{st.session_state.get(ui.EPOCH, 0)}", on_select="rerun")
    _apply_click(event, nodes, kind, t)
    _selected_panel(loaded)


def _selected_panel(loaded: Loaded) -> None:
    t = loaded.thread
    sid = st.session_state.get(ui.SELECTED)
    if not sid or sid not in t.speakers_by_id():
        st.info("Click a node to see that commenter's comments here.")
        return
    rows = {r["id"]: r for r in data.speaker_rows(loaded.analysis)}
    r = rows.get(sid, {})
    st.subheader(f"Selected: {ui.md(ui.speaker_label(t, sid))}", anchor=False)
    opp = data.main_opponent(t, sid)
    n = r.get("comments", 0)
    st.caption(f"{charts.plural(n, 'comment')} · disagrees {r.get('disagree given', 0)}× · "
               f"is disagreed with {r.get('disagree received', 0)}× · main opponent: "
               + (ui.md(data.speaker_name(t, opp)) if opp else "none"))
    mine = [c for c in t.comments if c.speaker == sid]
    focus = st.session_state.get(ui.FOCUS)
    if focus in {c.id for c in mine}:  # the clicked comment first, then the rest of theirs
        mine = [c for c in mine if c.id == focus] + [c for c in mine if c.id != focus]
    for c in mine[:MAX_LISTED]:
        ui.show_comment(t, c, 0, focus=c.id == focus)
    if len(mine) > MAX_LISTED:
        st.caption(f"{len(mine) - MAX_LISTED} more in the Thread view.")

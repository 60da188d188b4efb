"""Overview: what the thread is, who fought whom, the camps, and tone along the thread."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import charts, data, ui
from dashboard.data import Loaded


def _open_comment(comment_id: str, speaker_id: str) -> None:
    ui.select(speaker_id, comment_id)
    st.session_state[ui.VIEW] = "Thread"


def _heading(loaded: Loaded) -> None:
    t = loaded.thread
    meta = t.meta_dict()
    if t.title:
        st.header(ui.md(t.title), anchor=False)
    else:
        st.header("Untitled thread", anchor=False)
        near = [meta[k] for k in ("previous_post", "next_post") if meta.get(k)]
        if near:
            st.caption("Between posts: " + ui.md(" | ".join(near)))
    facts = [x for x in (t.published, t.platform, loaded.source.name) if x]
    if facts:
        st.caption(ui.md(" · ".join(facts)))


def _camps(loaded: Loaded) -> None:
    t = loaded.thread
    analysis = loaded.analysis
    activity = {r["id"]: r["comments"] for r in data.speaker_rows(analysis)}
    groups = [(f"Camp {c.label}", c.label, list(c.members), "") for c in analysis.camps]
    placed = {m for c in analysis.camps for m in c.members}
    loners = [s.id for s in t.speakers if s.id not in placed]
    if loners:
        groups.append(("No camp", charts.NO_CAMP, loners, "never clearly agreed or disagreed with anyone"))
    colors = charts.camp_colors([g[1] for g in groups])
    if not analysis.camps:
        st.info("No camps formed: nobody clearly agreed or disagreed with anybody.")
    for title, label, members, note in groups:
        members = sorted(members, key=lambda s: -activity.get(s, 0))
        names = ", ".join(ui.speaker_label(t, s) for s in members[:10])
        more = f" and {len(members) - 10} more" if len(members) > 10 else ""
        count = charts.plural(len(members), "commenter")
        st.html(f'<div class="th-card" style="border-left-color:{colors.get(label, "#ccc")}">'
                f'<div class="th-head"><b>{html.escape(title)}</b> · {count}'
                f'<span class="th-meta">{html.escape(note)}</span></div>'
                f'<div class="th-body">{html.escape(names + more)}</div></div>')


def render(loaded: Loaded) -> None:
    t = loaded.thread
    _heading(loaded)
    ex = data.exchanges(t)
    n_dis = sum(1 for e in ex if e.label.value == "disagree")
    n_agr = sum(1 for e in ex if e.label.value == "agree")
    a, b, c, d = st.columns(4)
    a.metric("Comments", len(t.comments))
    b.metric("Commenters", len(t.speakers))
    c.metric("Disagreeing replies", n_dis)
    d.metric("Agreeing replies", n_agr)

    left, right = st.columns([3, 2], gap="large")
    with left:
        st.subheader("Most heated exchanges", anchor=False)
        hot = data.heated(t, 5)
        if not hot:
            st.info("No reply in this thread reads as a disagreement.")
        sel = st.session_state.get(ui.SELECTED)
        for i, e in enumerate(hot):
            who = data.speaker_name(t, e.comment.speaker)
            whom = data.speaker_name(t, e.parent.speaker)
            mark = " th-sel" if sel in (e.comment.speaker, e.parent.speaker) else ""
            st.html(
                f'<div class="th-card{mark}"><div class="th-head"><b>{html.escape(who)}</b> → '
                f'<b>{html.escape(whom)}</b>'
                f'{ui.badge(f"disagree {e.score:+.2f}", charts.RELATION_COLORS["disagree"])}'
                f'{ui.badge(f"incivility {e.incivility:.2f}", "#7b2d8e") if e.incivility else ""}</div>'
                f'<div class="th-body">“{html.escape(charts.excerpt(e.comment.text, 220))}”</div></div>')
            st.button("Read it in the thread →", key=f"hot-{i}-{e.comment.id}", type="tertiary",
                      on_click=_open_comment, args=(e.comment.id, e.comment.speaker))
    with right:
        pairs = data.clashes(t, 5)
        if pairs:
            st.subheader("Who clashed most", anchor=False)
            lines = "".join(
                f'<div class="th-head"><b>{html.escape(ui.speaker_label(t, a))}</b> ⇄ '
                f'<b>{html.escape(ui.speaker_label(t, b))}</b> · '
                f'{charts.plural(n, "disagreeing reply", "disagreeing replies")}</div>'
                for a, b, n, _ in pairs)
            st.html(f'<div class="th-card" style="border-left-color:{charts.RELATION_COLORS["disagree"]}">'
                    f"{lines}</div>")
        st.subheader("Camps at a glance", anchor=False)
        st.caption("Commenters who agree with each other and disagree with the other camps.")
        _camps(loaded)

    st.subheader("Tone along the thread", anchor=False)
    st.caption("One bar per comment in page order: above zero reads friendly, below zero hostile; "
               "the colour says how the comment stands toward the one it answers.")
    points = []
    for i, cm in enumerate(t.comments, start=1):
        if cm.tone is None:
            continue
        key = ui.relation_key(cm)
        who = data.speaker_name(t, cm.speaker)
        to = f" → {data.speaker_name(t, t.comment(cm.parent).speaker)}" if (
            cm.parent and cm.parent in t.comments_by_id()) else ""
        points.append((i, cm.tone.compound, key, charts.tip(
            f"#{i} {who}{to}", [f"tone {cm.tone.compound:+.2f} · {charts.RELATION_NAMES[key]}"], cm.text)))
    if points:
        st.echarts_chart(charts.tone_timeline_spec(points), height=300, key="tone-timeline")
    else:
        st.info("This thread has no tone scores.")

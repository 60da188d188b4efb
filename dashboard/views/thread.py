"""Thread: the reconstructed thread as an indented tree, filtered and paginated."""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui
from dashboard.data import Loaded
from threads.render import tree_order

PAGE = 25  # comments per page: each card carries an expander, so keep pages short


def _clear_focus() -> None:
    st.session_state.pop(ui.FOCUS, None)


def render(loaded: Loaded) -> None:
    t = loaded.thread
    names = t.speakers_by_id()
    sel = st.session_state.get(ui.SELECTED)
    focus = st.session_state.get(ui.FOCUS)
    if focus not in t.comments_by_id():
        focus = None

    order = tree_order(t)
    depth = data.depths(t)
    if focus is not None:
        root = data.conversation_root(t, focus)
        chain = {c.id for c in order if data.conversation_root(t, c.id) == root}
        order = [c for c in order if c.id in chain]
        cols = st.columns([4, 1])
        cols[0].info(f"Showing the conversation around comment #{ui.md(focus)} "
                     f"({len(order)} comments).")
        cols[1].button("Show the whole thread", on_click=_clear_focus, key="thread-unfocus")
    else:
        f1, f2, f3 = st.columns(3)
        speaker_ids = [s.id for s in sorted(t.speakers, key=lambda s: s.name.lower())]
        who = f1.multiselect("Speaker", speaker_ids, format_func=lambda s: ui.speaker_label(t, s),
                             key="thread_speakers", placeholder="everyone")
        camps = sorted({s.camp for s in t.speakers if s.camp})
        camp = f2.multiselect("Camp", camps, key="thread_camps", placeholder="any camp",
                              disabled=not camps)
        rel = f3.multiselect("Relation to parent", ["disagree", "agree", "neutral", "top-level"],
                             key="thread_relations", placeholder="any")
        only_sel = False
        if sel in names:
            only_sel = st.toggle(f"Only {ui.md(ui.speaker_label(t, sel))} and the replies to them",
                                 key="thread_only_selected")
        keep = []
        for c in order:
            sp = names.get(c.speaker)
            if who and c.speaker not in who:
                continue
            if camp and (sp is None or sp.camp not in camp):
                continue
            if rel and ui.relation_key(c) not in rel:
                continue
            if only_sel and c.speaker != sel and not (
                    c.parent in t.comments_by_id() and t.comment(c.parent).speaker == sel):
                continue
            keep.append(c)
        if len(keep) != len(order):
            st.caption(f"{len(keep)} of {len(order)} comments match.")
        order = keep
    if not order:
        st.info("No comment matches these filters.")
        return
    pages = max(1, -(-len(order) // PAGE))
    page = 1
    if pages > 1:
        at = next((i for i, c in enumerate(order) if c.id == focus), 0)
        page = st.pagination(pages, default=at // PAGE + 1, key=f"thread_page_{pages}_{focus}",
                             max_visible_pages=9)
    for c in order[(page - 1) * PAGE: page * PAGE]:
        ui.show_comment(t, c, depth.get(c.id, 0), focus=c.id == focus, selected=c.speaker == sel)

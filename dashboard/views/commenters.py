"""Commenters: one sortable row per speaker, and who gave and got disagreement."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, ui
from dashboard.data import Loaded


def _stances(loaded: Loaded) -> dict[str, str]:
    """Speaker id -> a short summary of their stances toward the claims, if the analysis has any."""
    out: dict[str, list[str]] = {}
    for row in data.stance_rows(loaded.analysis):
        if row["stance"] != "unclear":
            out.setdefault(row["speaker_id"], []).append(f"{row['stance']} “{row['claim'][:40]}”")
    return {k: "; ".join(v) for k, v in out.items()}


def render(loaded: Loaded) -> None:
    t = loaded.thread
    rows = data.speaker_rows(loaded.analysis)
    stances = _stances(loaded)
    sel = st.session_state.get(ui.SELECTED)
    table = [{**r, "stances": stances.get(r["id"], "")} for r in rows]
    st.caption("Click a column header to sort; select a row to select that commenter everywhere. "
               "Tone is the mean VADER compound of their comments (-1 hostile, +1 friendly).")
    cols = ["speaker", "camp", "comments", "replies received", "tone", "incivility",
            "agree given", "disagree given", "agree received", "disagree received", "stances"]
    event = st.dataframe(
        table, hide_index=True, width="stretch", column_order=cols, key="commenters_table",
        on_select="rerun", selection_mode="single-row",
        column_config={
            "tone": st.column_config.NumberColumn(format="%+.2f"),
            "incivility": st.column_config.NumberColumn(format="%.2f"),
        })
    try:
        picked = event["selection"]["rows"]
    except (KeyError, TypeError):
        picked = []
    if picked:
        sid = table[picked[0]]["id"]
        if st.session_state.get("_table_click") != sid:
            st.session_state["_table_click"] = sid
            ui.select(sid)
            sel = sid
    if sel in t.speakers_by_id():
        st.caption(f"Selected: {ui.md(ui.speaker_label(t, sel))}")
    st.subheader("Agreement and disagreement, given and received", anchor=False)
    st.echarts_chart(charts.commenters_spec(rows), height=max(260, 22 * min(len(rows), 25) + 80),
                     key="commenters-chart")

"""Claims: each speaker's stance toward claims the user types (or the ones the analysis proposes)."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.data import Loaded


def render(loaded: Loaded) -> None:
    with st.form("claims_form"):
        text = st.text_area("Claims, one per line", key="claims_text", height=110,
                            placeholder="The US bombed the convoy.\nThe deal with ISIS was a mistake.")
        st.form_submit_button("Place every commenter")
    claims = tuple(x.strip() for x in (text or "").splitlines() if x.strip())
    if claims:
        loaded = data.load(loaded.source, loaded.thread.id, claims)
    else:
        st.caption("No claims entered: showing the claims the analysis proposes from the thread.")
    rows = data.stance_rows(loaded.analysis)
    if not rows:
        st.info("No stance could be placed on these claims.")
        return
    claim_names = list(dict.fromkeys(r["claim"] for r in rows))
    table: dict[str, dict[str, object]] = {}
    for r in rows:
        row = table.setdefault(r["speaker_id"], {"speaker": r["speaker"]})
        row[r["claim"]] = f"{r['stance']} {r['score']:+.2f}"
    st.dataframe(list(table.values()), hide_index=True, width="stretch",
                 column_order=["speaker", *claim_names])
    with st.expander("Evidence per stance"):
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_order=["speaker", "claim", "stance", "score", "comments"])

"""Claims: each speaker's stance toward claims the user types (or the ones the analysis proposes)."""

from __future__ import annotations

import html

import streamlit as st

from dashboard import charts, data, ui
from dashboard.data import Loaded


def _claim_card(claim: str, rows: list[dict], proposed_from: str) -> str:
    def names(stance: str) -> str:
        picked = sorted((r for r in rows if r["stance"] == stance), key=lambda r: -abs(r["score"]))
        return ", ".join(f"{r['speaker']} ({r['score']:+.2f})" for r in picked) or "nobody"

    unclear = sum(1 for r in rows if r["stance"] == "unclear")
    return (f'<div class="th-card"><div class="th-head"><b>“{html.escape(charts.excerpt(claim, 300))}”</b>'
            f'<span class="th-meta">{html.escape(proposed_from)}</span></div>'
            f'<div class="th-body">{ui.badge("for", charts.RELATION_COLORS["agree"])} '
            f'{html.escape(names("for"))}<br/>{ui.badge("against", charts.RELATION_COLORS["disagree"])} '
            f'{html.escape(names("against"))}<br/><span class="th-meta">no clear stance: '
            f'{html.escape(charts.plural(unclear, "commenter"))}</span></div></div>')


def render(loaded: Loaded) -> None:
    with st.form("claims_form"):
        text = st.text_area("Claims, one per line", key="claims_text", height=110,
                            placeholder="Type a statement people in the thread argue about, e.g.\n"
                                        "The strike was meant to sabotage the deal.")
        st.form_submit_button("Place every commenter")
    claims = tuple(x.strip() for x in (text or "").splitlines() if x.strip())
    if claims:
        loaded = data.load(loaded.source, loaded.thread.id, claims)
    else:
        st.caption("No claims entered: these are the claims the analysis proposes from the most "
                   "disputed comments.")
    rows = data.stance_rows(loaded.analysis)
    if not rows:
        st.info("No claim to show: type one above.")
        return
    by_claim: dict[str, list[dict]] = {}
    for r in rows:
        by_claim.setdefault(r["claim_id"], []).append(r)
    for claim in loaded.analysis.claims:
        got = by_claim.get(claim.id, [])
        origin = (f"proposed from comment #{', #'.join(claim.sources)}" if claim.proposed and claim.sources
                  else "proposed" if claim.proposed else "")
        st.html(_claim_card(claim.text, got, origin))
    table: dict[str, dict[str, object]] = {}
    names = {c.id: c.text for c in loaded.analysis.claims}
    for r in rows:
        row = table.setdefault(r["speaker_id"], {"speaker": r["speaker"]})
        row[names.get(r["claim_id"], r["claim"])] = f"{r['stance']} {r['score']:+.2f}"
    with st.expander("Every commenter on every claim"):
        st.dataframe(list(table.values()), hide_index=True, width="stretch",
                     column_order=["speaker", *dict.fromkeys(names.values())])
        st.dataframe(rows, hide_index=True, width="stretch",
                     column_order=["speaker", "claim", "stance", "score", "comments"])

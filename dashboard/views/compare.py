"""Compare: two commenters side by side, as ``threads compare`` shows them, with their exchanges."""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui
from dashboard.data import Loaded
from threads.errors import ThreadsError
from threads.score.compare import Side


def _default_pair(loaded: Loaded, ids: list[str]) -> tuple[str, str | None]:
    t = loaded.thread
    a = st.session_state.get(ui.SELECTED)
    if a not in t.speakers_by_id():
        a = ids[0]
    return a, data.main_opponent(t, a)


def _side(loaded: Loaded, side: Side, other: str) -> None:
    s = side.stats
    m1, m2, m3 = st.columns(3)
    m1.metric("Comments", s.comments)
    m2.metric("Mean tone", "-" if s.tone is None else f"{s.tone:+.2f}")
    m3.metric("Camp", side.speaker.camp or "none")
    st.caption(f"To {ui.md(other)}: disagrees {side.disagree_to_other}× · agrees {side.agree_to_other}× · "
               f"neutral {side.neutral_to_other}×. With everyone: disagrees {s.disagree_given}× · "
               f"agrees {s.agree_given}× · is disagreed with {s.disagree_received}×.")
    claims = {c.id: c.text for c in loaded.analysis.claims}
    firm = [x for x in side.stances if x.stance.value != "unclear"]
    if firm:
        st.dataframe([{"stance": x.stance.value, "score": round(x.score, 2),
                       "claim": claims.get(x.claim, x.claim)} for x in firm], hide_index=True,
                     width="stretch", column_config={"claim": st.column_config.TextColumn(width="large")})
    by_id = loaded.thread.comments_by_id()
    for ch in side.characteristic:
        if ch.comment in by_id:
            st.caption(", ".join(t.value for t in ch.traits).capitalize() + ":")
            ui.show_comment(loaded.thread, by_id[ch.comment], 0)


def render(loaded: Loaded) -> None:
    t = loaded.thread
    if len(t.speakers) < 2:
        st.info("This thread has a single commenter: nobody to compare.")
        return
    ids = [r["id"] for r in data.speaker_rows(loaded.analysis)]
    a0, b0 = _default_pair(loaded, ids)
    c1, c2 = st.columns(2)
    # the keys carry the defaults, so a selection made elsewhere re-seeds both pickers
    a = c1.selectbox("First commenter", ids, index=ids.index(a0), key=f"cmp_a_{a0}",
                     format_func=lambda s: ui.speaker_label(t, s))
    rest = [s for s in ids if s != a]
    b_default = b0 if b0 in rest else rest[0]
    b = c2.selectbox("Second commenter (default: the first one's main opponent)", rest,
                     index=rest.index(b_default), key=f"cmp_b_{a}_{b_default}",
                     format_func=lambda s: ui.speaker_label(t, s))
    try:
        result = data.compare(loaded, a, b)
    except ThreadsError as err:
        st.warning(f"Cannot compare these two: {ui.md(str(err))}")
        return
    if result.same_camp is not None:
        st.caption(f"{ui.md(ui.speaker_label(t, a))} and {ui.md(ui.speaker_label(t, b))} are in "
                   + ("the same camp." if result.same_camp else "opposite camps."))
    d1, d2 = st.columns(2, gap="medium")
    with d1:
        _side(loaded, result.a, ui.speaker_label(t, b))
    with d2:
        _side(loaded, result.b, ui.speaker_label(t, a))

    by_id = t.comments_by_id()
    st.subheader(f"Their exchanges ({len(result.exchanges)})", anchor=False)
    if not result.exchanges:
        st.caption("These two never replied to or addressed each other.")
    for ex in result.exchanges:
        c = by_id.get(ex.comment)
        if c is None:
            continue
        parent = by_id.get(c.parent) if c.parent else None
        if parent is not None and parent.speaker == ex.to:
            ui.show_comment(t, parent, 0)
            ui.show_comment(t, c, 1)
        else:
            ui.show_comment(t, c, 0)
    from threads.score.compare import comparison_as_text

    with st.expander("The same comparison as `threads compare` prints it"):
        st.code(comparison_as_text(result), language=None)

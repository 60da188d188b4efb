"""Compare: two commenters side by side, as ``threads compare`` shows them, with their exchanges."""

from __future__ import annotations

import streamlit as st

from dashboard import data, ui
from dashboard.data import Loaded
from threads.errors import ThreadsError


def _default_pair(loaded: Loaded) -> tuple[str, str | None]:
    t = loaded.thread
    rows = data.speaker_rows(t)
    a = st.session_state.get(ui.SELECTED)
    if a not in t.speakers_by_id():
        a = rows[0]["id"]
    b = data.main_opponent(t, a)
    if b is None:
        b = next((r["id"] for r in rows if r["id"] != a), None)
    return a, b


def render(loaded: Loaded) -> None:
    t = loaded.thread
    if len(t.speakers) < 2:
        st.info("This thread has a single commenter: nobody to compare.")
        return
    ids = [r["id"] for r in data.speaker_rows(t)]
    a0, b0 = _default_pair(loaded)
    c1, c2 = st.columns(2)
    # keys carry the defaults so a new selection elsewhere re-seeds both pickers
    a = c1.selectbox("First commenter", ids, index=ids.index(a0), key=f"cmp_a_{a0}",
                     format_func=lambda s: ui.speaker_label(t, s))
    rest = [s for s in ids if s != a]
    b_default = b0 if b0 in rest else rest[0]
    b = c2.selectbox("Second commenter", rest, index=rest.index(b_default), key=f"cmp_b_{a}_{b_default}",
                     format_func=lambda s: ui.speaker_label(t, s))
    rows = {r["id"]: r for r in data.speaker_rows(t)}
    for col, sid in ((c1, a), (c2, b)):
        r = rows[sid]
        sp = t.speaker(sid)
        with col:
            m1, m2, m3 = st.columns(3)
            m1.metric("Comments", r["comments"])
            m2.metric("Mean tone", f"{r['tone']:+.2f}")
            m3.metric("Camp", sp.camp or "-")
            st.caption(f"Disagrees {r['disagree given']}× · agrees {r['agree given']}× · "
                       f"is disagreed with {r['disagree received']}× · agreed with {r['agree received']}×")

    between = [e for e in data.exchanges(t)
               if {e.comment.speaker, e.parent.speaker} == {a, b}]
    st.subheader(f"Their exchanges ({len(between)})", anchor=False)
    if not between:
        st.caption("These two never replied to each other.")
    for e in between:
        ui.show_comment(t, e.parent, 0)
        ui.show_comment(t, e.comment, 1)

    try:
        result = data.compare(loaded, t.speaker(a).name, t.speaker(b).name)
    except ThreadsError as err:
        st.warning(f"Comparison not available: {ui.md(str(err))}")
        return
    except ImportError:
        return
    from threads.score.compare import comparison_as_text

    with st.expander("The same comparison as `threads compare` prints it"):
        st.code(comparison_as_text(result), language=None)

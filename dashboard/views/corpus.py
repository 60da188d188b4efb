"""Corpus: the threads of a batch store as one sortable table, and a commenter followed across them.

A thread is opened in the single-thread tabs from its source file (the store
keeps the path and the thread id); the store itself holds no page to re-read.
"""

from __future__ import annotations

import streamlit as st

from dashboard import charts, data, ui
from threads import store as tstore
from threads.errors import NameNotFound, ThreadsError

OPEN = "corpus_open"  # session-state key: the store key of the thread shown in the thread tabs
PICK = "corpus_pick"  # session-state key: the thread picked in the table or the picker


def open_thread(key: str) -> None:
    """Show the stored thread ``key`` in the thread tabs, starting at the Overview."""
    st.session_state[OPEN] = key
    ui.select(None)  # speaker ids of one thread mean nothing in another
    st.session_state[ui.VIEW] = "Overview"


def _threads(store: data.Store, rows: tuple[tstore.ThreadRow, ...]) -> None:
    by_key = {r.key: r for r in rows}
    table = data.corpus_rows(rows)
    st.subheader("Threads", anchor=False)
    st.caption("Click a column header to sort; select a row (or pick below) and open it in the thread "
               "tabs. Disagreement: share of the labelled replies that disagree with their parent "
               "(None: no reply got a label). Tone: mean VADER compound of the comments "
               "(-1 hostile, +1 friendly).")
    event = st.dataframe(
        table, hide_index=True, width="stretch", key="corpus_table", on_select="rerun",
        selection_mode="single-row",
        column_order=["title", "source file", "platform", "date", "comments", "speakers",
                      "disagreement", "mean tone", "camps"],
        column_config={  # narrow text columns: all nine fit without scrolling sideways
            "title": st.column_config.TextColumn(width="medium"),
            "source file": st.column_config.TextColumn(width="small"),
            "date": st.column_config.TextColumn(width="small"),
            "disagreement": st.column_config.NumberColumn("disagreement %", format="%.0f%%"),
            "mean tone": st.column_config.NumberColumn(format="%+.2f"),
        })
    try:
        picked = event["selection"]["rows"]
    except (KeyError, TypeError):
        picked = []
    if picked:
        key = table[picked[0]]["key"]
        if st.session_state.get("_corpus_click") != key:  # a new click wins over the picker
            st.session_state["_corpus_click"] = key
            st.session_state[PICK] = key
    if st.session_state.get(PICK) not in by_key:
        st.session_state[PICK] = rows[0].key
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    key = left.selectbox("Thread to open", list(by_key), key=PICK,
                         format_func=lambda k: data.thread_label(by_key[k]))
    row = by_key[key]
    try:
        tstore.source_path(row)
        missing = None
    except ThreadsError as err:
        missing = str(err)
    right.button("Open in the thread tabs →", key="corpus_open_button", type="primary",
                 on_click=open_thread, args=(key,), disabled=missing is not None, width="stretch")
    if missing:
        st.warning(f"Cannot open this thread: {missing}")


def _commenter(store: data.Store) -> None:
    st.subheader("A commenter across threads", anchor=False)
    top = data.store_speakers(str(store.path), store.stamp)
    left, right = st.columns(2)
    names = [s.name for s in top]
    counts = {s.name: s for s in top}
    choice = left.selectbox(
        "Most active commenters", names, key="corpus_speaker", index=0 if names else None,
        format_func=lambda n: f"{n} ({charts.plural(counts[n].comments, 'comment')}, "
                              f"{charts.plural(counts[n].threads, 'thread')})",
        placeholder="no named commenter in this store")
    typed = right.text_input("Or type a name", key="corpus_speaker_name",
                             placeholder="as shown in the threads; case does not matter")
    name = (typed or "").strip() or choice
    if not name:
        st.info("This store has no named commenter to follow.")
        return
    try:
        prof = data.speaker_profile(str(store.path), store.stamp, name)
    except NameNotFound as err:
        st.warning(str(err))
        return
    a, b, c, d = st.columns(4)
    a.metric("Threads they wrote in", prof.threads)
    b.metric("Their comments", prof.comments)
    c.metric("Their mean tone", "n/a" if prof.mean_tone is None else f"{prof.mean_tone:+.2f}")
    d.metric("Their clashes", sum(n for _, n in prof.clashes),
             help="Disagreeing replies between them and anyone else, either way.")
    st.caption(f"**{ui.md(prof.name)}**: clashes most with "
               + (ui.md(", ".join(f"{o} ({n})" for o, n in prof.clashes[:3])) if prof.clashes else "nobody")
               + "; agrees most with "
               + (ui.md(", ".join(f"{o} ({n})" for o, n in prof.allies[:3])) if prof.allies else "nobody")
               + ".")
    rows = data.profile_rows(prof)
    st.dataframe(rows, hide_index=True, width="stretch", key="corpus_profile_table",
                 column_config={"mean tone": st.column_config.NumberColumn(format="%+.2f"),
                                "host": st.column_config.CheckboxColumn()})
    points = [(r["thread"], r["comments"], r["mean tone"], charts.tip(
        r["thread"], [r["source file"], charts.plural(r["comments"], "comment"),
                      "tone n/a" if r["mean tone"] is None else f"mean tone {r['mean tone']:+.2f}",
                      f"camp {r['camp']}" if r["camp"] else "no camp"]))
              for r in rows]
    left, right = st.columns(2, gap="large")
    with left:
        st.caption("Their comments per thread; the colour is their mean tone there "
                   "(green friendly, red hostile, grey neutral).")
        st.echarts_chart(charts.speaker_threads_spec(points), height=max(150, 30 * len(points) + 60),
                         key="corpus-speaker-chart")
    with right:
        allies = dict(prof.allies)
        others = [o for o, _ in prof.clashes] + [o for o, _ in prof.allies if o not in dict(prof.clashes)]
        if not others:
            st.caption("No reply between them and anyone else reads as agreement or disagreement.")
        else:
            st.caption("Whom they clash and agree with: replies either way, all threads.")
            st.dataframe([{"with": o, "disagreeing replies": dict(prof.clashes).get(o, 0),
                           "agreeing replies": allies.get(o, 0)} for o in others],
                         hide_index=True, width="stretch", key="corpus_clash_table")

def render(store: data.Store, rows: tuple[tstore.ThreadRow, ...]) -> None:
    st.header(ui.md(store.name), anchor=False)
    st.caption(ui.md(str(store.path)) if store.path.name == store.name else "Uploaded store")
    a, b, c = st.columns(3)
    a.metric("Threads", len(rows))
    b.metric("Comments", sum(r.n_comments for r in rows))
    c.metric("Source files", len({r.source for r in rows}))
    _threads(store, rows)
    _commenter(store)

"""Data: the current input, and every export format as a download."""

from __future__ import annotations

import functools

import streamlit as st

from dashboard import data, ui
from dashboard.data import Loaded
from threads import jsonio


def render(loaded: Loaded) -> None:
    src = loaded.source
    t = loaded.thread
    st.subheader("Input", anchor=False)
    size = "a folder" if src.folder else f"{len(src.data):,} bytes"
    st.caption(f"{ui.md(src.name)} · {size} · {len(t.comments)} comments · "
               f"sha256 {src.digest[:12]}. Pick a seed or upload a file in the sidebar.")
    post = loaded.thread.id
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in src.name.rsplit(".", 1)[0])[:60]

    st.subheader("Analysis", anchor=False)
    from threads.score.positions import analysis_to_dict

    st.download_button("analysis.json (threads/1: structure, tone, relations, camps)",
                       functools.partial(lambda: jsonio.dumps(analysis_to_dict(loaded.analysis))),
                       file_name=f"{stem}.analysis.json", mime="application/json",
                       on_click="ignore", key="dl-analysis", icon=":material/download:")

    st.subheader("Reply graphs", anchor=False)
    kind = st.segmented_control("Graph", ["speakers", "comments"], default="speakers", required=True,
                                key="export_kind",
                                format_func=lambda k: {"speakers": "Speaker graph (who answered whom)",
                                                       "comments": "Comment graph (reply tree)"}[k])
    kind = kind or "speakers"
    for fmt, suffix, what in data.EXPORT_FORMATS:
        cols = st.columns([1, 3])
        label = f".{fmt}" if suffix != ".zip" else f"{fmt} (zip)"
        cols[0].download_button(
            label, functools.partial(data.export_bytes, src.digest, post, kind, fmt, loaded.analysis),
            file_name=f"{stem}.{kind}.{fmt}.zip" if suffix == ".zip" else f"{stem}.{kind}{suffix}",
            on_click="ignore", key=f"dl-{kind}-{fmt}", width="stretch", icon=":material/download:")
        cols[1].caption(what)

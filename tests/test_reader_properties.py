"""Property tests: arbitrary text or bytes never crash the plain-text reader."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threads.errors import ThreadsError
from threads.pipeline import load
from threads.readers.text import read_text

from .conftest import SEED_THREAD

LINES = st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "", "pl", "Colonel -", "b -", "The Porkchop Express", "PE and b",
                     "Thanks. pl", '"quoted words here" indeed', "Posted by: Ann | 1 May 2020",
                     "The comments to this entry are closed.", "> Ann", "@bob hi"]),
), max_size=60)


def _check(thread):
    ids = [c.id for c in thread.comments]
    pos = {cid: i for i, cid in enumerate(ids)}
    speakers = {s.id for s in thread.speakers}
    for i, c in enumerate(thread.comments):
        assert c.speaker in speakers
        if c.parent is not None:
            assert pos[c.parent] < i  # links point back: no cycles, no self-replies
        assert all(a in speakers for a in c.addressees)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LINES)
def test_text_reader_never_crashes_on_arbitrary_lines(lines):
    _check(read_text("\n".join(lines)))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3000))
def test_text_reader_never_crashes_on_arbitrary_text(text):
    _check(read_text(text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000))
def test_load_never_crashes_on_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    try:
        thread = load(path)
    except ThreadsError:
        return
    _check(thread)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_shuffled_seed_blocks_never_crash(data):
    blocks = SEED_THREAD.read_text(encoding="utf-8").split("\n\n\n")
    order = data.draw(st.permutations(range(len(blocks))))
    _check(read_text("\n\n\n".join(blocks[i] for i in order)))

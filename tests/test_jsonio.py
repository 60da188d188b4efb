"""JSON output through orjson reads back exactly as the standard library's would."""

from __future__ import annotations

import json
import math

import pytest

from tests.conftest import SEED_THREAD
from threads import jsonio
from threads.pipeline import analyze, load
from threads.score.positions import analysis_to_dict


def test_seed_analysis_reads_back_equal_to_the_standard_library_text():
    data = analysis_to_dict(analyze(load(SEED_THREAD)))
    ours = jsonio.dumps(data)
    assert json.loads(ours) == json.loads(json.dumps(data, ensure_ascii=False, indent=2)) == data
    # Non-ASCII stays as UTF-8 text (the seed has curly quotes), lines are indented by two.
    text = ours.decode("utf-8")
    assert "\\u20" not in text and "\u2019" in text
    assert text.startswith('{\n  "') and text.endswith("}\n")


def test_compact_and_sorted():
    assert jsonio.dumps({"b": 1, "a": [1.5, None, True]}, indent=False, sort_keys=True) == \
        b'{"a":[1.5,null,true],"b":1}\n'


def test_what_orjson_refuses_falls_back_to_escaped_standard_json():
    data = {"text": "broken \udcff byte", "big": 2 ** 70}
    out = jsonio.dumps(data)
    assert out.isascii()
    assert json.loads(out) == data


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_floats_are_refused_when_asked(bad):
    with pytest.raises(ValueError, match="out of range"):
        jsonio.dumps({"nodes": [{"weight": bad}]}, check_finite=True)
    assert jsonio.dumps({"w": bad}, indent=False) == b'{"w":null}\n'

"""Every export format round-trips through the tool that reads it; writing is all or nothing."""

from __future__ import annotations

import csv
import datetime
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from enum import Enum
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import threads.export as export
from threads.errors import ExportError
from threads.export import FORMATS, build_graph, export_thread
from threads.export.convokit import CORPUS_FILES, conversation_roots, timestamp_of
from threads.export.dot import dot_quote
from threads.export.sanitize import clean_text, clean_value, sanitize
from threads.graph import speaker_graph
from threads.model import Comment, Speaker, Thread, replace, to_dict
from threads.readers import convokit as ck_reader

from .conftest import ROOT, SEED_THREAD
from .handbuilt import BOB_NAME, HOST_NAME, ZOE_CLEAN, scored_thread, unscored

FILE_FORMATS = ("graphml", "gexf", "json", "cyjs", "dot")
GEXF_NS = {"http://www.gexf.net/1.2draft", "http://www.gexf.net/1.3"}


# --- reading every format back -------------------------------------------------------


def read_back(fmt: str, path: Path) -> nx.DiGraph:
    """The exported graph as the consuming tool's reader (or networkx's) sees it."""
    if fmt == "graphml":
        return nx.read_graphml(path)
    if fmt == "gexf":
        return nx.read_gexf(path, node_type=str)
    if fmt == "json":
        return nx.node_link_graph(json.loads(path.read_text("utf-8")), edges="links")
    if fmt == "cyjs":
        g = nx.cytoscape_graph(json.loads(path.read_text("utf-8")))
        for _, d in g.nodes(data=True):  # Cytoscape's own keys, not our attributes
            del d["id"], d["value"]
        return g
    if fmt == "dot":
        return _read_dot(path)
    if fmt == "csv":
        return _read_csv(path)
    raise AssertionError(fmt)


def _read_dot(path: Path) -> nx.DiGraph:
    import pydot

    with warnings.catch_warnings():  # pydot 4 still calls pyparsing's deprecated camelCase API
        warnings.simplefilter("ignore", DeprecationWarning)
        (dot,) = pydot.graph_from_dot_data(path.read_text("utf-8"))
    g = nx.DiGraph()

    def unquote(s: str) -> str:
        if len(s) >= 2 and s[0] == s[-1] == '"':
            out, i, body = [], 0, s[1:-1]
            while i < len(body):  # undo dot_quote: \" -> ", \\ -> \, \n -> newline
                if body[i] == "\\" and i + 1 < len(body):
                    nxt = body[i + 1]
                    out.append({"n": "\n", '"': '"', "\\": "\\"}.get(nxt, "\\" + nxt))
                    i += 2
                else:
                    out.append(body[i])
                    i += 1
            return "".join(out)
        return s

    for n in dot.get_nodes():
        if n.get_name() in ("node", "edge", "graph"):
            continue
        g.add_node(unquote(n.get_name()), **{unquote(k): unquote(v) for k, v in n.get_attributes().items()})
    for e in dot.get_edges():
        g.add_edge(unquote(e.get_source()), unquote(e.get_destination()),
                   **{unquote(k): unquote(v) for k, v in e.get_attributes().items()})
    return g


def _read_csv(folder: Path) -> nx.DiGraph:
    g = nx.DiGraph()
    with (folder / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            g.add_node(row.pop("Id"), label=row.pop("Label"), **row)
    with (folder / "edges.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            assert row.pop("Type") == "Directed"
            g.add_edge(row.pop("Source"), row.pop("Target"), weight=row.pop("Weight"), **row)
    return g


def _as_bool(v) -> bool:
    return v if isinstance(v, bool) else str(v).lower() == "true"


# --- every format, both graphs ---------------------------------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS + ("csv",))
def test_speaker_graph_round_trips(tmp_path, fmt):
    t = scored_thread()
    out = tmp_path / f"speakers.{fmt}"
    assert export_thread(t, "speakers", fmt, out) == out
    g = read_back(fmt, out)
    want = speaker_graph(t)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == want.number_of_edges() == 4
    assert set(g.edges) == set(want.edges)
    s1 = g.nodes["s1"]
    assert s1["name"] == HOST_NAME and s1.get("label", HOST_NAME) == HOST_NAME
    assert g.nodes["s2"]["name"] == BOB_NAME
    assert g.nodes["s4"]["name"] == ZOE_CLEAN  # the control character is gone, the emoji stays
    assert s1["camp"] == "A" and g.nodes["s3"]["camp"] == ""
    assert _as_bool(s1["host"]) is True and _as_bool(g.nodes["s3"]["anonymous"]) is True
    e = g.edges["s2", "s1"]
    assert float(e["weight"]) == 2 and int(e["disagree"]) == 1 and int(e["neutral"]) == 1
    assert float(e["mean_score"]) == pytest.approx(-0.35) and int(e["sign"]) == -1
    if fmt in ("graphml", "json", "cyjs"):  # typed formats keep Python types exactly
        assert e["weight"] == 2 and type(e["weight"]) is int
        assert s1["host"] is True and type(s1["comments"]) is int
        assert g.nodes(data=True)["s1"] == dict(want.nodes["s1"])


@pytest.mark.parametrize("fmt", FILE_FORMATS + ("csv",))
def test_comment_graph_round_trips(tmp_path, fmt):
    t = scored_thread()
    out = tmp_path / f"comments.{fmt}"
    export_thread(t, "comments", fmt, out)
    g = read_back(fmt, out)
    assert list(g.nodes) == [c.id for c in t.comments]
    assert g.number_of_edges() == 6
    assert g.nodes["c1"]["speaker"] == "s1" and g.nodes["c2"]["speaker_name"] == BOB_NAME
    assert float(g.nodes["c2"]["compound"]) == -0.6 and int(g.nodes["c6"]["depth"]) == 3
    assert "\x00" not in g.nodes["c1"]["excerpt"] and "\x07" not in g.nodes["c1"]["excerpt"]
    assert "<script>alert(1)</script>" in g.nodes["c1"]["excerpt"]
    assert "\U0001F389" in g.nodes["c1"]["excerpt"]
    e = g.edges["c2", "c1"]
    assert e["relation"] == "disagree" and e["kind"] == "reply" and _as_bool(e["quote"])
    assert e["evidence"] == "salutation" and float(e["confidence"]) == 0.8
    assert g.edges["c5", "c3"]["kind"] == "quote"


@pytest.mark.parametrize("fmt", FILE_FORMATS + ("csv",))
def test_unscored_thread_exports(tmp_path, fmt):
    t = unscored(scored_thread())
    out = tmp_path / f"u.{fmt}"
    export_thread(t, "speakers", fmt, out)
    g = read_back(fmt, out)
    assert g.number_of_edges() == 4
    assert int(g.edges["s2", "s1"]["unscored"]) == 2 and int(g.edges["s2", "s1"]["sign"]) == 0


def test_gexf_follows_the_1_2_schema_structure(tmp_path):
    out = tmp_path / "s.gexf"
    export_thread(scored_thread(), "comments", "gexf", out)
    root = ET.parse(out).getroot()
    ns = root.tag[1:].split("}")[0]
    assert ns in GEXF_NS and root.get("version") in ("1.2", "1.3")
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    graph = root.find(q("graph"))
    assert graph is not None
    assert graph.get("mode") == "static" and graph.get("defaultedgetype") == "directed"
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for attrs in graph.findall(q("attributes")):
        cls = attrs.get("class")
        assert cls in declared and attrs.get("mode", "static") == "static"
        for a in attrs.findall(q("attribute")):
            assert a.get("id") and a.get("title")
            assert a.get("type") in {"integer", "long", "double", "float", "boolean", "string"}
            declared[cls][a.get("id")] = a.get("type")
    titles = {a.get("title") for a in graph.iter(q("attribute"))}
    assert {"speaker", "speaker_name", "camp", "compound", "depth"} <= titles
    assert {"relation", "confidence", "kind"} <= titles

    parse = {"integer": int, "long": int, "double": float, "float": float, "string": str,
             "boolean": lambda v: {"true": True, "false": False}[v]}
    for cls, tag in (("node", "nodes"), ("edge", "edges")):
        items = graph.find(q(tag))
        assert items is not None
        n = 0
        for item in items:
            for av in item.iter(q("attvalue")):
                ref = av.get("for")
                assert ref in declared[cls], f"attvalue for={ref!r} is not a declared {cls} attribute"
                parse[declared[cls][ref]](av.get("value"))  # raises if the value is not of its type
                n += 1
        assert n > 0
    edge = graph.find(q("edges"))[0]
    assert edge.get("source") and edge.get("target") and edge.get("id") is not None


def test_json_is_d3_node_link(tmp_path):
    out = tmp_path / "s.json"
    export_thread(scored_thread(), "speakers", "json", out)
    data = json.loads(out.read_text("utf-8"))
    assert set(data) >= {"nodes", "links", "directed"} and "edges" not in data
    assert data["directed"] is True
    assert all({"source", "target", "weight"} <= set(link) for link in data["links"])


def test_cyjs_has_cytoscape_elements(tmp_path):
    out = tmp_path / "s.cyjs"
    export_thread(scored_thread(), "speakers", "cyjs", out)
    data = json.loads(out.read_text("utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == 4 and len(edges) == 4
    assert all("id" in n["data"] for n in nodes)
    assert all({"source", "target"} <= set(e["data"]) for e in edges)
    assert {n["data"]["name"] for n in nodes} >= {HOST_NAME, BOB_NAME}


def test_csv_has_gephi_headers(tmp_path):
    out = tmp_path / "tables"
    assert export_thread(scored_thread(), "speakers", "csv", out) == out
    with (out / "nodes.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:2] == ["Id", "Label"] and "name" in header and "camp" in header
    with (out / "edges.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["Source", "Target", "Type", "Weight"]
    assert "weight" not in rows[0] and "agree" in rows[0]
    assert sorted(os.listdir(out)) == ["edges.csv", "nodes.csv"]


def test_dot_quotes_what_graphviz_would_misread(tmp_path):
    assert dot_quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    out = tmp_path / "c.dot"
    export_thread(scored_thread(), "comments", "dot", out)
    text = out.read_text("utf-8")
    assert text.startswith('digraph "comments" {') and text.rstrip().endswith("}")
    assert '"c2" -> "c1"' in text
    assert "\x00" not in text and "<script>" in text  # quoted, so not an HTML-like label
    g = _read_dot(out)
    assert g.nodes["c6"]["excerpt"] == "Fine. Whatever \\ backslash"
    assert g.nodes["s1" if "s1" in g else "c1"]["speaker_name"] == HOST_NAME


# --- ConvoKit ----------------------------------------------------------------------------


def test_convokit_folder_has_the_five_files_in_convokit_shape(tmp_path):
    """An independent check of the files against ConvoKit's documented layout."""
    t = scored_thread()
    out = tmp_path / "corpus"
    assert export_thread(t, "comments", "convokit", out) == out
    assert sorted(os.listdir(out)) == sorted(CORPUS_FILES)
    lines = (out / "utterances.jsonl").read_text("utf-8").splitlines()
    utts = [json.loads(line) for line in lines]
    assert len(utts) == len(t.comments)
    ids = {u["id"] for u in utts}
    speakers = json.loads((out / "speakers.json").read_text("utf-8"))
    convs = json.loads((out / "conversations.json").read_text("utf-8"))
    for u in utts:
        assert set(u) == {"id", "conversation_id", "text", "speaker", "reply-to", "timestamp",
                          "meta", "vectors"}
        assert u["vectors"] == [] and isinstance(u["meta"], dict)
        assert u["reply-to"] is None or u["reply-to"] in ids
        assert u["speaker"] in speakers and u["conversation_id"] in convs
        root = next(v for v in utts if v["id"] == u["conversation_id"])
        assert root["reply-to"] is None  # conversation id = the root comment's id
    by_id = {u["id"]: u for u in utts}
    assert by_id["c6"]["conversation_id"] == "c1" and by_id["c7"]["conversation_id"] == "c5"
    assert by_id["c2"]["reply-to"] == "c1" and by_id["c1"]["timestamp"] == 1488369600
    assert by_id["c2"]["timestamp"] is None  # "March 1, 2017" is not ISO 8601
    assert by_id["c2"]["meta"]["relation"] == "disagree" and by_id["c2"]["meta"]["tone_compound"] == -0.6
    assert by_id["c5"]["meta"]["tone_compound"] is None
    assert set(convs) == {"c1", "c5"} and convs["c1"]["meta"]["comments"] == 5
    assert all(set(v) == {"meta", "vectors"} for v in list(speakers.values()) + list(convs.values()))
    assert speakers["s1"]["meta"]["camp"] == "A" and speakers["s1"]["meta"]["name"] == HOST_NAME
    corpus = json.loads((out / "corpus.json").read_text("utf-8"))
    assert corpus["thread_id"] == "t1" and corpus["title"] == t.title
    index = json.loads((out / "index.json").read_text("utf-8"))
    assert set(index) == {"utterances-index", "speakers-index", "conversations-index",
                          "overall-index", "version", "vectors"}
    ui = index["utterances-index"]
    assert ui["tone_compound"] == ["<class 'float'>"] and ui["relation"] == ["<class 'str'>"]
    assert ui["position"] == ["<class 'int'>"] and ui["quotes"] == ["<class 'list'>"]
    assert index["speakers-index"]["host"] == ["<class 'bool'>"]
    # every meta key of every utterance is indexed (ConvoKit drops unindexed keys when it saves)
    for u in utts:
        assert {k for k, v in u["meta"].items() if v is not None} <= set(ui)


def test_convokit_round_trips_through_our_reader(tmp_path):
    t = scored_thread()
    out = tmp_path / "corpus"
    export_thread(t, "speakers", "convokit", out)  # the corpus is the thread, whichever graph
    assert ck_reader.detect_dir(out) and not ck_reader.detect_dir(tmp_path)
    assert ck_reader.detect("anything") is False
    (back,) = list(ck_reader.read_threads(out))
    # control characters in texts survive JSON; only per-sentence tone is not exported
    assert back == t


def test_convokit_reader_is_used_by_the_pipeline(tmp_path):
    from threads import pipeline

    out = tmp_path / "corpus"
    export_thread(scored_thread(), "comments", "convokit", out)
    assert pipeline.detect(out).value == "convokit"
    back = pipeline.load(out)
    assert [c.parent for c in back.comments] == [c.parent for c in scored_thread().comments]


def test_convokit_reader_on_a_foreign_corpus(tmp_path):
    """A corpus written by someone else: two conversations, speaker meta only, a dangling reply."""
    folder = tmp_path / "reddit"
    folder.mkdir()
    utts = [
        {"id": "a", "speaker": "u1", "conversation_id": "a", "reply-to": None, "timestamp": 1500000000,
         "text": "Root post", "meta": {"score": 3}},
        {"id": "b", "speaker": "u2", "conversation_id": "a", "reply-to": "a", "timestamp": 1500000060,
         "text": "A reply", "meta": {}},
        {"id": "c", "speaker": "u2", "conversation_id": "a", "reply-to": "zzz", "timestamp": None,
         "text": None, "meta": {}},
        {"id": 7, "speaker": "u3", "conversation_id": 7, "reply-to": None, "timestamp": None,
         "text": "Another conversation", "meta": {}},
    ]
    (folder / "utterances.jsonl").write_text("\n".join(json.dumps(u) for u in utts) + "\n", "utf-8")
    (folder / "speakers.json").write_text(json.dumps({"u1": {"meta": {"name": "Alice"}, "vectors": []},
                                                      "u2": {}}), "utf-8")
    threads = list(ck_reader.read_threads(folder))
    assert [t.id for t in threads] == ["a", "7"]
    a = threads[0]
    assert [c.parent for c in a.comments] == [None, "a", None]
    assert a.comment("b").evidence_for(ck_reader.EvidenceTarget.PARENT)[0].kind.value == "source"
    assert a.comment("c").evidence_for(ck_reader.EvidenceTarget.PARENT)[0].kind.value == "top_level"
    assert a.speaker("u1").name == "Alice" and a.speaker("u2").name == "u2"
    assert a.comment("b").published == "2017-07-14T02:41:00+00:00"
    assert a.comment("b").tone is None and a.comment("c").text == ""
    assert a.platform == "convokit"


def test_convokit_reader_reports_bad_lines(tmp_path):
    from threads.errors import ParseError

    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "utterances.jsonl").write_text('{"id": "a", "speaker": "x"}\n{not json\n', "utf-8")
    with pytest.raises(ParseError, match="line 2"):
        list(ck_reader.read_threads(folder))


def test_conversation_roots_survive_orphans_and_cycles():
    t = Thread(id="b", speakers=(Speaker("s1", "A"),), comments=(
        Comment("c1", "s1", "orphan", parent="gone"),
        Comment("c2", "s1", "x", parent="c1"),
        Comment("c3", "s1", "loop a", parent="c4"),
        Comment("c4", "s1", "loop b", parent="c3"),
        Comment("c5", "s1", "into loop", parent="c4"),
    ))
    assert conversation_roots(t) == {"c1": "c1", "c2": "c1", "c3": "c3", "c4": "c3", "c5": "c3"}
    assert timestamp_of("2017-03-01") == 1488326400 and timestamp_of(None) is None


# --- overwriting, failures, stdout -------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_existing_output_is_kept_without_force(tmp_path, fmt):
    out = tmp_path / "out"
    if fmt in ("csv", "convokit"):
        out.mkdir()
        keep = out / ("nodes.csv" if fmt == "csv" else "utterances.jsonl")
        keep.write_text("mine", "utf-8")
    else:
        out.write_text("mine", "utf-8")
        keep = out
    with pytest.raises(ExportError, match="--force") as err:
        export_thread(scored_thread(), "speakers", fmt, out)
    assert str(out) in str(err.value)
    assert keep.read_text("utf-8") == "mine"
    assert export_thread(scored_thread(), "speakers", fmt, out, force=True) == out
    assert not keep.exists() or keep.read_text("utf-8") != "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary left over


def test_force_never_replaces_a_folder_holding_other_files(tmp_path):
    out = tmp_path / "work"
    out.mkdir()
    (out / "thesis.tex").write_text("precious", "utf-8")
    with pytest.raises(ExportError, match="other files"):
        export_thread(scored_thread(), "speakers", "csv", out, force=True)
    assert (out / "thesis.tex").read_text("utf-8") == "precious"
    with pytest.raises(ExportError, match="is a folder"):
        export_thread(scored_thread(), "speakers", "gexf", out, force=True)


@pytest.mark.parametrize("fmt", ["graphml", "csv", "convokit"])
def test_a_failing_writer_leaves_nothing_behind(tmp_path, monkeypatch, fmt):
    def half_then_fail(*args):
        folder = args[-1]
        if isinstance(folder, Path):
            (folder / "nodes.csv").write_text("half", "utf-8")
        raise ValueError("disk on fire")

    if fmt == "graphml":
        monkeypatch.setitem(export._FILE_WRITERS, "graphml", half_then_fail)
    elif fmt == "csv":
        monkeypatch.setattr(export, "write_tables", half_then_fail)
    else:
        monkeypatch.setattr(export, "write_corpus", half_then_fail)
    with pytest.raises(ExportError, match="disk on fire"):
        export_thread(scored_thread(), "speakers", fmt, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []
    # and an older export stays as it was
    (tmp_path / "out").mkdir() if fmt != "graphml" else (tmp_path / "out").write_text("old", "utf-8")
    with pytest.raises(ExportError):
        export_thread(scored_thread(), "speakers", fmt, tmp_path / "out", force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_failing_rename_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    out = tmp_path / "s.gexf"
    out.write_text("old", "utf-8")

    def broken_replace(src, dst):
        raise OSError("rename failed")

    monkeypatch.setattr(export.os, "replace", broken_replace)
    with pytest.raises(ExportError, match="rename failed"):
        export_thread(scored_thread(), "speakers", "gexf", out, force=True)
    assert out.read_text("utf-8") == "old" and list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_dash_writes_to_stdout(capsysbinary, tmp_path, fmt):
    assert export_thread(scored_thread(), "speakers", fmt, "-") is None
    data = capsysbinary.readouterr().out
    path = tmp_path / f"s.{fmt}"
    path.write_bytes(data)
    assert read_back(fmt, path).number_of_edges() == 4
    assert not (tmp_path / "-").exists()


def test_dash_is_refused_for_folder_formats_and_bad_names_are_named(tmp_path):
    for fmt in ("csv", "convokit"):
        with pytest.raises(ExportError, match="folder"):
            export_thread(scored_thread(), "speakers", fmt, "-")
    with pytest.raises(ExportError, match="graphml"):
        export_thread(scored_thread(), "speakers", "xlsx", tmp_path / "x")
    with pytest.raises(ExportError, match="comments"):
        export_thread(scored_thread(), "people", "gexf", tmp_path / "x")
    with pytest.raises(ExportError, match="no such folder"):
        export_thread(scored_thread(), "speakers", "gexf", tmp_path / "nope" / "x.gexf")


def test_min_confidence_reaches_the_file(tmp_path):
    out = tmp_path / "s.graphml"
    export_thread(scored_thread(), "speakers", "graphml", out, min_confidence=0.5)
    assert set(nx.read_graphml(out).edges) == {("s2", "s1"), ("s1", "s2"), ("s1", "s4")}


# --- the sanitiser -------------------------------------------------------------------------


class Mode(Enum):
    A = "a"


def test_sanitiser_types_and_text():
    assert clean_text("a\x00b\x1fc\r\nd\re\ufffe") == "abc\nd\ne"
    assert clean_value(Mode.A) == "a"
    assert clean_value(datetime.datetime(2017, 3, 1, 12)) == "2017-03-01T12:00:00"
    assert clean_value({"b": 1, "a": None}) == '{"a": null, "b": 1}'
    assert clean_value((True, 1.5, "x")) == "true; 1.5; x"
    assert clean_value(2**70) == str(2**70) and clean_value(float("inf")) is None
    assert clean_value(b"caf\xc3\xa9") == "caf\u00e9"
    g = nx.DiGraph(when=datetime.date(2017, 1, 1), nothing=None)
    g.add_node(1, x=1, id="clash", label=None)
    g.add_node("2", x=2.5)
    g.add_node("3", x="three", flag=True)
    g.add_edge(1, "2", weight="heavy", type="t", source="s")
    s = sanitize(g)
    assert list(s.nodes) == ["1", "2", "3"] and s.graph == {"when": "2017-01-01"}
    assert s.nodes["1"] == {"x": "1", "id_attr": "clash"}  # mixed with text: all text
    assert s.nodes["2"]["x"] == "2.5" and s.nodes["3"]["flag"] is True
    assert s.edges["1", "2"] == {"weight_attr": "heavy", "type_attr": "t", "source_attr": "s"}
    h = nx.DiGraph()
    h.add_node("a", v=1)
    h.add_node("b", v=2.5)
    assert sanitize(h).nodes["a"]["v"] == 1.0 and type(sanitize(h).nodes["a"]["v"]) is float
    bad = nx.DiGraph()
    bad.add_nodes_from(["a\x00", "a"])
    with pytest.raises(ExportError, match="same"):
        sanitize(bad)


_leaf = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
         | st.text() | st.dates() | st.datetimes() | st.sampled_from(list(Mode)) | st.binary(max_size=8))
_value = st.recursive(_leaf, lambda kids: st.lists(kids, max_size=3)
                      | st.dictionaries(st.text(max_size=5), kids, max_size=3), max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.tuples(st.sampled_from(["name", "camp", "x", "weight", "label"]), _value),
                       min_size=1, max_size=6),
       node_name=st.text(min_size=1, max_size=10))
def test_any_attribute_values_survive_graphml_and_gexf(tmp_path_factory, values, node_name):
    g = nx.DiGraph()
    g.add_node(node_name)
    g.add_node("other")
    for i, (key, v) in enumerate(values):
        g.nodes[node_name if i % 2 else "other"][key] = v
        g.add_edge(node_name, "other", **{key: v})
    if clean_text(node_name) in ("other", ""):
        return
    clean = sanitize(g)
    folder = tmp_path_factory.mktemp("h")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", lambda p: nx.read_gexf(p, node_type=str))):
        path = folder / f"g.{fmt}"
        path.write_bytes({"graphml": export.graphml_bytes, "gexf": export.gexf_bytes}[fmt](clean))
        back = read(path)
        assert set(back.nodes) == set(clean.nodes)
        for n, d in clean.nodes(data=True):
            got = dict(back.nodes[n])
            if fmt == "gexf":
                got.pop("label", None)
                d = {k: v for k, v in d.items() if k != "label"}
            assert got == d, (fmt, n)
        for u, v, d in clean.edges(data=True):
            got = dict(back.edges[u, v])
            if fmt == "gexf":  # GEXF stores weight as a double attribute of the edge itself
                got.pop("id", None)
                if "weight" in d:
                    assert got.pop("weight") == pytest.approx(float(d["weight"]))
                    d = {k: x for k, x in d.items() if k != "weight"}
                else:
                    got.pop("weight", None)
            assert got == d, (fmt, u, v)


# --- the command line ----------------------------------------------------------------------

needs_analysis = pytest.mark.skipif(importlib.util.find_spec("threads.score.positions") is None,
                                    reason="the analysis stages are not installed here")


def _threads(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "threads", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def parsed_seed(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli")
    done = _threads("parse", str(SEED_THREAD), cwd=folder)
    assert done.returncode == 0, done.stderr.decode()
    path = folder / "seed.json"
    path.write_bytes(done.stdout)
    return path


@needs_analysis
def test_cli_exports_parsed_json_and_refuses_to_overwrite(parsed_seed, tmp_path):
    thread = json.loads(parsed_seed.read_text("utf-8"))
    out = tmp_path / "out.gexf"
    done = _threads("export", str(parsed_seed), "--graph", "speakers", "--format", "gexf", "-o", str(out),
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    g = nx.read_gexf(out, node_type=str)
    assert g.number_of_nodes() == len({c["speaker"] for c in thread["comments"]})
    before = out.read_bytes()
    done = _threads("export", str(parsed_seed), "--format", "gexf", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 2 and out.read_bytes() == before
    err = done.stderr.decode().strip()
    assert "--force" in err and str(out) in err and len(err.splitlines()) == 1
    done = _threads("export", str(parsed_seed), "--format", "graphml", "-o", str(out), "--force",
                    cwd=tmp_path)
    assert done.returncode == 0 and out.read_bytes().startswith(b"<?xml")
    assert nx.read_graphml(out).number_of_nodes() == g.number_of_nodes()


@needs_analysis
def test_cli_writes_stdout_and_folders(parsed_seed, tmp_path):
    thread = json.loads(parsed_seed.read_text("utf-8"))
    done = _threads("export", str(parsed_seed), "--graph", "comments", "--format", "json", "-o", "-",
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    g = nx.node_link_graph(json.loads(done.stdout), edges="links")
    assert g.number_of_nodes() == len(thread["comments"])
    assert list(tmp_path.iterdir()) == []
    done = _threads("export", str(parsed_seed), "--format", "convokit", "-o", str(tmp_path / "ck"),
                    cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    (back,) = list(ck_reader.read_threads(tmp_path / "ck"))
    assert [c.id for c in back.comments] == [c["id"] for c in thread["comments"]]
    done = _threads("export", str(parsed_seed), "--format", "csv", "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and b"Traceback" not in done.stderr


def test_seed_exports_in_every_format(tmp_path):
    from threads import pipeline

    thread = pipeline.load(SEED_THREAD)
    for fmt in FORMATS:
        for graph in ("comments", "speakers"):
            out = tmp_path / f"{graph}.{fmt}"
            export_thread(thread, graph, fmt, out)
            if fmt == "convokit":
                (back,) = list(ck_reader.read_threads(out))
                assert back == replace(thread, comments=tuple(
                    replace(c, tone=None if c.tone is None else replace(c.tone, sentences=()))
                    for c in thread.comments))
                continue
            g = read_back(fmt, out)
            want = build_graph(thread, graph)
            assert g.number_of_nodes() == want.number_of_nodes()
            assert g.number_of_edges() == want.number_of_edges()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
@pytest.mark.parametrize("graph", ["comments", "speakers"])
def test_graphviz_lays_out_the_dot_export(tmp_path, graph):
    out = tmp_path / "g.dot"
    export_thread(scored_thread(), graph, "dot", out)
    done = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr.decode()
    svg = done.stdout.decode("utf-8")
    if graph == "speakers":  # the label's newline became a line break; markup was escaped
        assert "Ann &quot;the host&quot;" in svg and "&lt;script&gt;" in svg


def test_cli_shell_turns_export_errors_into_one_line(monkeypatch, tmp_path, capsys):
    """cmd_export in-process, with the scoring stage replaced by an object carrying the thread
    (the shape of the real analysis), so the shell is checked even where scoring is absent."""
    from types import SimpleNamespace

    from threads import cli, pipeline

    monkeypatch.setattr(pipeline, "analyze", lambda thread, claims=(): SimpleNamespace(thread=thread))
    src = tmp_path / "t.json"
    src.write_text(json.dumps(to_dict(scored_thread()), ensure_ascii=False), "utf-8")
    out = tmp_path / "s.gexf"
    assert cli.main(["export", str(src), "--format", "gexf", "-o", str(out)]) == 0
    assert nx.read_gexf(out, node_type=str).number_of_edges() == 4
    capsys.readouterr()
    assert cli.main(["export", str(src), "--format", "gexf", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("threads: error:") and "--force" in err and len(err.splitlines()) == 1
    assert cli.main(["export", str(src), "--graph", "comments", "--format", "csv", "-o",
                     str(tmp_path / "tables"), "--min-confidence", "0.85"]) == 0
    assert len((tmp_path / "tables" / "edges.csv").read_text("utf-8").splitlines()) == 1 + 4
    assert cli.main(["export", str(src), "--format", "convokit", "-o", "-"]) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_bytes_matches_the_written_export(tmp_path, fmt):
    import io
    import zipfile

    t = scored_thread()
    data = export.export_bytes(t, "comments", fmt)
    assert data == export.export_bytes(t, "comments", fmt)  # deterministic, archives included
    out = tmp_path / "x"
    export_thread(t, "comments", fmt, out)
    if out.is_dir():
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert sorted(zf.namelist()) == sorted(os.listdir(out))
            for name in zf.namelist():
                assert zf.read(name) == (out / name).read_bytes()
    elif fmt != "gexf":  # GEXF carries the date it was written
        assert data == out.read_bytes()


def test_real_hacker_news_thread_exports_with_its_known_shape(tmp_path):
    """hn-algolia-thread (SOURCE.txt): 335 comments, 25 top-level, 310 replies, 207 authors, depth 12."""
    from threads import pipeline
    from threads.formats import Format
    from threads.readers import reader_for

    from .conftest import corpus

    path = corpus("hn-algolia-thread", "hn-item-49220339.json")
    if reader_for(Format.HN) is None:
        pytest.skip("no Hacker News reader in this installation")
    thread = pipeline.load(path, Format.HN)
    export_thread(thread, "comments", "graphml", tmp_path / "c.graphml")
    g = nx.read_graphml(tmp_path / "c.graphml")
    assert g.number_of_nodes() == 335
    assert sum(1 for *_, k in g.edges(data="kind") if k != "quote") == 310
    assert max(d for _, d in g.nodes(data="depth")) == 11  # top-level is depth 0 here
    export_thread(thread, "speakers", "gexf", tmp_path / "s.gexf")
    assert nx.read_gexf(tmp_path / "s.gexf", node_type=str).number_of_nodes() == 207
    export_thread(thread, "comments", "convokit", tmp_path / "ck")
    convs = json.loads((tmp_path / "ck" / "conversations.json").read_text("utf-8"))
    assert len(convs) == 25
    (back,) = list(ck_reader.read_threads(tmp_path / "ck"))
    assert [c.parent for c in back.comments] == [c.parent for c in thread.comments]


@pytest.mark.parametrize("fmt", ["gexf", "csv"])
def test_exports_get_the_usual_permissions(tmp_path, fmt):
    mask = os.umask(0o022)
    try:
        out = tmp_path / "x"
        export_thread(scored_thread(), "speakers", fmt, out)
    finally:
        os.umask(mask)
    assert out.stat().st_mode & 0o777 == (0o755 if out.is_dir() else 0o644)


@needs_analysis
def test_analysed_seed_exports_camps_and_relations(tmp_path):
    from threads import pipeline

    analysis = pipeline.analyze(pipeline.load(SEED_THREAD))
    camps = {s.id: s.camp for s in analysis.thread.speakers}
    out = tmp_path / "s.gexf"
    export_thread(analysis, "speakers", "gexf", out)
    g = nx.read_gexf(out, node_type=str)
    assert {n: d["camp"] or None for n, d in g.nodes(data=True)} == camps
    assert any(camps.values())
    labelled = {c.id: c.relation.label.value for c in analysis.thread.comments
                if c.relation is not None and c.parent is not None}
    assert labelled
    export_thread(analysis, "comments", "graphml", tmp_path / "c.graphml")
    c = nx.read_graphml(tmp_path / "c.graphml")
    for cid, label in labelled.items():
        parent = analysis.thread.comment(cid).parent
        assert c.edges[cid, parent]["relation"] == label
    assert all(isinstance(d["compound"], float) and d["toned"] for _, d in c.nodes(data=True))
    for *_, d in g.edges(data=True):
        assert int(d["agree"]) + int(d["disagree"]) + int(d["neutral"]) + int(d["unscored"]) == d["weight"]


_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_any_text, min_size=1, max_size=4), name=_any_text,
       camp=st.none() | _any_text, score=st.floats(-1, 1))
def test_any_text_survives_the_convokit_round_trip(tmp_path_factory, texts, name, camp, score):
    from threads.model import Relation, RelationLabel, Tone

    comments = tuple(
        Comment(f"c{i}", "s1", text, parent=f"c{i - 1}" if i else None,
                tone=Tone(compound=score), relation=Relation(RelationLabel.AGREE, score) if i else None)
        for i, text in enumerate(texts))
    t = Thread(id="t", title=name, speakers=(Speaker("s1", name, camp=camp),), comments=comments)
    out = tmp_path_factory.mktemp("ck") / "corpus"
    export_thread(t, "comments", "convokit", out)
    (back,) = list(ck_reader.read_threads(out))
    assert back == t


def test_lone_surrogates_do_not_break_the_convokit_export(tmp_path):
    t = Thread(id="t", speakers=(Speaker("s1", "A\ud800"),), comments=(Comment("c1", "s1", "x\udfff y"),))
    export_thread(t, "comments", "convokit", tmp_path / "ck")
    assert list(ck_reader.read_threads(tmp_path / "ck")) == [t]
    export_thread(t, "speakers", "gexf", tmp_path / "s.gexf")  # the sanitiser drops them for XML
    assert nx.read_gexf(tmp_path / "s.gexf", node_type=str).nodes["s1"]["name"] == "A"


def test_a_closed_pipe_is_left_to_the_command_line(monkeypatch):
    class Closed:
        def write(self, data):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            pass

    monkeypatch.setattr(sys, "stdout", type("Out", (), {"buffer": Closed(), "flush": lambda self: None})())
    with pytest.raises(BrokenPipeError):  # not an ExportError: `threads export ... -o - | head` is fine
        export_thread(scored_thread(), "speakers", "json", "-")

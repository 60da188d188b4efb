"""The platform-export readers (WXR, Disqus, Blogger Atom, Movable Type) on real exports.

For every corpus file the expected structure (who wrote each comment, which
comment it answers) is computed here independently, with ``xml.etree`` or a
plain split of the text format, and compared with what the readers produce;
the counts stated in each folder's SOURCE.txt are checked too. Sources:
WordPress/wordpress-importer (theme unit test data), ServiceStackV3/mythz_blog,
isso-comments/isso (import fixtures), tl3shi/disqus-migrate-to-duoshuo,
google-blog-converters-appengine (Blogger sample), kuboon/kokookuda (TypePad).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, corpus
from threads import pipeline
from threads.errors import FormatError, ParseError, ThreadsError
from threads.formats import Format
from threads.model import EvidenceKind, EvidenceTarget, Thread, from_dict, to_dict
from threads.readers import atom, disqus, mt, wxr

THEME = ("wxr-wp-theme-unit-test", "theme-unit-test-data.xml")
MYTHZ = ("wxr-mythz-blog", "wordpress-export.xml")
ISSO_WP = ("isso-import-fixtures", "wordpress.xml")
ISSO_DQ = ("isso-import-fixtures", "disqus.xml")
TL3SHI = ("disqus-tl3shi-blog", "disqus.xml")
BLOGGER = ("atom-blogger-export-sample", "blogger-sample2.xml")
TYPEPAD = ("mt-typepad-chisou-blog", "typepad-export-entries-357-715.txt")


def _name(s: str | None) -> str:
    return " ".join(html.unescape(s or "").split())


def _structure(threads: list[Thread]) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(thread id, comment source id) -> (author name, parent's source id)."""
    out = {}
    for t in threads:
        by_id = t.comments_by_id()
        names = {s.id: s.name for s in t.speakers}
        for c in t.comments:
            parent = by_id[c.parent].source_id if c.parent else None
            out[(t.id, c.source_id)] = (names[c.speaker], parent)
    return out


def _depth(t: Thread) -> int:
    by_id = t.comments_by_id()
    best = 0
    for c in t.comments:
        d, p = 0, c.parent
        while p is not None:
            d += 1
            p = by_id[p].parent
        best = max(best, d)
    return best


def _all_text(threads: list[Thread]) -> str:
    return "\n".join(c.text for t in threads for c in t.comments)


def _check_model(t: Thread) -> None:
    """Invariants every reader promises: ids, order, evidence on every parent decision."""
    assert [c.id for c in t.comments] == [f"c{i + 1}" for i in range(len(t.comments))]
    speaker_ids = [s.id for s in t.speakers]
    assert speaker_ids == [f"s{i + 1}" for i in range(len(speaker_ids))]
    first_seen = list(dict.fromkeys(c.speaker for c in t.comments))
    assert first_seen == speaker_ids
    ids = {c.id for c in t.comments}
    by_id = t.comments_by_id()
    for c in t.comments:
        assert c.parent is None or (c.parent in ids and c.parent != c.id)
        assert c.evidence_for(EvidenceTarget.PARENT), c
        seen, p = {c.id}, c.parent
        while p is not None:  # reply links never form a cycle
            assert p not in seen, f"cycle through {c.id}"
            seen.add(p)
            p = by_id[p].parent
    if t.host is not None:
        assert t.speaker(t.host).host
    dated = [c.published for c in t.comments if c.published]
    assert dated == sorted(dated) or t.platform == "blogger"  # Blogger stamps carry local offsets


# --- WordPress WXR ------------------------------------------------------------------------------


def _wxr_expected(path: Path):
    root = ET.parse(path).getroot()
    wp = next(v for k, v in _namespaces(path) if k == "wp")
    ns = {"wp": wp}
    expected: dict[tuple[str, str], tuple[str, str | None]] = {}
    pings = Counter()
    for item in root.iter("item"):
        post_id = item.findtext("wp:post_id", namespaces=ns) or item.findtext("link")
        comments = item.findall("wp:comment", ns)
        kept = {}
        for c in comments:
            kind = c.findtext("wp:comment_type", default="", namespaces=ns).strip()
            if kind in ("pingback", "trackback"):
                pings[kind] += 1
                continue
            if c.findtext("wp:comment_approved", namespaces=ns).strip() != "1":
                continue
            kept[c.findtext("wp:comment_id", namespaces=ns).strip()] = c
        for cid, c in kept.items():
            parent = c.findtext("wp:comment_parent", default="0", namespaces=ns).strip()
            author = _name(c.findtext("wp:comment_author", namespaces=ns)) or "Anonymous"
            expected[(post_id.strip(), cid)] = (author, parent if parent in kept else None)
    return expected, pings


def _namespaces(path: Path):
    return [ns for _, ns in ET.iterparse(path, events=("start-ns",))]


@pytest.mark.parametrize("parts", [THEME, MYTHZ, ISSO_WP], ids=lambda p: p[0])
def test_wxr_structure_matches_the_export(parts):
    path = corpus(*parts)
    threads = list(wxr.read_threads(path))
    expected, pings = _wxr_expected(path)
    assert _structure(threads) == expected
    assert sum(int(t.meta_dict().get("pingbacks", 0)) for t in threads) == pings["pingback"]
    assert sum(int(t.meta_dict().get("trackbacks", 0)) for t in threads) == pings["trackback"]
    for t in threads:
        _check_model(t)
        assert t.platform == "wordpress" and t.url is not None


def test_wxr_theme_unit_test_counts_from_source():
    threads = list(pipeline.load_all(corpus(*THEME)))
    assert pipeline.detect(corpus(*THEME)) is Format.WXR
    with_comments = [t for t in threads if t.comments]
    # SOURCE.txt: 29 human comments of which 3 unapproved; 10 replies, one of them unapproved.
    assert sum(len(t.comments) for t in threads) == 29 - 3
    assert sum(1 for t in threads for c in t.comments if c.parent) == 10 - 1
    assert max(_depth(t) for t in threads) == 9
    chain = pipeline.load(corpus(*THEME), post="1148")
    assert chain.title == "Template: Comments"
    assert len(with_comments) == 6  # the seventh commented post has only an unapproved comment
    host = chain.speaker(chain.host)
    assert host.name == "themedemos"
    by_source = {c.source_id: c for c in chain.comments}
    assert by_source["904"].parent is None and by_source["905"].parent == by_source["904"].id
    assert chain.speaker(by_source["915"].speaker).host
    assert by_source["915"].evidence_for(EvidenceTarget.PARENT)[0].kind is EvidenceKind.SOURCE
    assert by_source["905"].published == "2013-03-14T15:01:21Z"  # comment_date_gmt
    text = _all_text(threads)
    assert "This is a comment amongst pingbacks and trackbacks" in text
    assert "Comment Depth 10" in text
    for absent in ("Trackback test", "Another short one", "Just a short one",
                   "chinese eggrolls", "this is test comment", "nothing useful to say"):
        assert absent not in text
    pings = pipeline.load(corpus(*THEME), post="1149")
    assert pings.meta_dict()["pingbacks"] == "2" and pings.meta_dict()["trackbacks"] == "2"
    assert [s.name for s in pings.speakers] == ["John Doe"]
    page = pipeline.load(corpus(*THEME), post="155")
    assert page.meta_dict()["unapproved"] == "1"
    # the html of comment 881 keeps its words, not its tags
    assert "<h1>" not in text and "Header one" in text


def test_wxr_reply_to_unapproved_comment_becomes_top_level(tmp_path):
    src = corpus(*ISSO_WP).read_text(encoding="utf-8")
    # make comment 7 unapproved: its replies 8 and 9 lose their parent
    src = src.replace("<wp:comment_content><![CDATA[Drölfter!]]></wp:comment_content>\n"
                      "                <wp:comment_approved>1</wp:comment_approved>",
                      "<wp:comment_content><![CDATA[Drölfter!]]></wp:comment_content>\n"
                      "                <wp:comment_approved>0</wp:comment_approved>")
    assert "<wp:comment_approved>0" in src
    path = tmp_path / "wordpress.xml"
    path.write_text(src, encoding="utf-8")
    t = pipeline.load(path)
    by_source = {c.source_id: c for c in t.comments}
    assert "7" not in by_source
    for cid in ("8", "9"):
        c = by_source[cid]
        assert c.parent is None
        ev = c.evidence_for(EvidenceTarget.PARENT)[0]
        assert ev.kind is EvidenceKind.TOP_LEVEL and "7" in ev.detail and "not approved" in ev.detail
    assert t.meta_dict()["unapproved"] == "1"


def test_wxr_post_author_after_the_comments_still_marks_the_host(tmp_path):
    # comments are read as each ends, before the post's author may be known
    src = corpus(*MYTHZ).read_text(encoding="utf-8")
    moved = re.sub(r"(<dc:creator>.*?</dc:creator>)(.*?)(</item>)", r"\2\1\3", src, flags=re.S)
    assert moved != src
    (tmp_path / "first").mkdir()
    (tmp_path / "last").mkdir()
    original = tmp_path / "first" / MYTHZ[1]
    original.write_text(src, encoding="utf-8")
    author_last = tmp_path / "last" / MYTHZ[1]
    author_last.write_text(moved, encoding="utf-8")
    threads = list(wxr.read_threads(original))
    assert any(s.host for t in threads for s in t.speakers)
    assert list(wxr.read_threads(author_last)) == threads


def test_wxr_mythz_counts_and_host():
    threads = list(pipeline.load_all(corpus(*MYTHZ)))
    # SOURCE.txt: 72 human comments, 16 threaded replies, 19 pingbacks, depth 1.
    assert sum(len(t.comments) for t in threads) == 72
    assert sum(1 for t in threads for c in t.comments if c.parent) == 16
    assert sum(int(t.meta_dict().get("pingbacks", 0)) for t in threads) == 19
    assert max(_depth(t) for t in threads) == 1
    best = pipeline.load(corpus(*MYTHZ))
    assert len(best.comments) == 15
    redis = pipeline.load(corpus(*MYTHZ), post="474")
    assert redis.speaker(redis.host).name == "mythz"
    assert {s.name for s in redis.speakers if s.host} == {"mythz"}
    text = _all_text(threads)
    assert "Of course redis is faster" in text
    assert "NoSQL Daily" not in text
    assert not any("Tales from behind the browser" in s.name for t in threads for s in t.speakers)
    assert not any("@" in s.name for t in threads for s in t.speakers)  # names, never e-mails


def test_wxr_isso_fixture_reused_ids_and_multiline():
    threads = list(pipeline.load_all(corpus(*ISSO_WP)))
    assert [t.id for t in threads] == ["18", "http://example.tld/?p=4", "http://example.tld/?p=6"]
    main = threads[0]
    assert len(main.comments) == 7 and _depth(main) == 2
    by_source = {c.source_id: c for c in main.comments}
    assert by_source["8"].parent == by_source["9"].parent == by_source["7"].id
    assert by_source["7"].published == "2014-04-29T15:21:35Z"  # only the GMT date is given
    assert "When you have a comment with multiple lines:\nWordPress exports it like this." in _all_text(
        threads)
    assert main.speaker(main.host).name == "Tester"
    assert threads[1].comments[0].source_id == "11" and main.comments[-1].source_id == "11"


# --- Disqus -------------------------------------------------------------------------------------

DSQ = "{http://disqus.com/disqus-internals}id"
DNS = {"d": "http://disqus.com"}


def _disqus_expected(path: Path):
    """Posts keyed by (article title, author, time, message): the reader's duplicates collapse."""
    root = ET.parse(path).getroot()
    titles = {t.get(DSQ): (t.findtext("d:title", default="", namespaces=DNS) or "").strip()
              for t in root.findall("d:thread", DNS)}
    key_of, gone, rows = {}, set(), []
    for p in root.findall("d:post", DNS):
        pid = p.get(DSQ)
        if (p.findtext("d:isDeleted", namespaces=DNS) == "true"
                or p.findtext("d:isSpam", namespaces=DNS) == "true"):
            gone.add(pid)
            continue
        tid = p.find("d:thread", DNS).get(DSQ)
        key = (titles.get(tid, "?" + tid), p.findtext("d:author/d:name", namespaces=DNS),
               p.findtext("d:createdAt", namespaces=DNS), p.findtext("d:message", namespaces=DNS))
        key_of[pid] = key
        parent = p.find("d:parent", DNS)
        rows.append((key, parent.get(DSQ) if parent is not None else None))
    expected = {}
    for key, parent in rows:
        expected.setdefault(key, key_of.get(parent) if parent else None)
    return expected, key_of


def _disqus_actual(threads, key_of):
    out = {}
    for t in threads:
        by_id = t.comments_by_id()
        for c in t.comments:
            parent = key_of[by_id[c.parent].source_id] if c.parent else None
            assert key_of[c.source_id] not in out, "a comment was kept twice"
            out[key_of[c.source_id]] = parent
    return out


@pytest.mark.parametrize("parts", [ISSO_DQ, TL3SHI], ids=lambda p: p[0])
def test_disqus_structure_matches_the_export(parts):
    path = corpus(*parts)
    threads = list(disqus.read_threads(path))
    expected, key_of = _disqus_expected(path)
    assert _disqus_actual(threads, key_of) == expected
    for t in threads:
        _check_model(t)
        assert t.platform == "disqus"
        for c in t.comments:
            # one speaker per name; "Tom" and "tom" are one speaker with an alias
            speaker = t.speaker(c.speaker)
            assert key_of[c.source_id][1] in (speaker.name, *speaker.aliases)


def test_disqus_tl3shi_counts_and_merging():
    path = corpus(*TL3SHI)
    assert pipeline.detect(path) is Format.DISQUS
    threads = list(pipeline.load_all(path))
    # SOURCE.txt: 2693 posts, 974 copies under a second URL -> 1719 unique, 6 of them deleted;
    # 334 unique replies; depth 5.
    assert sum(len(t.comments) for t in threads) == 1719 - 6
    assert sum(1 for t in threads for c in t.comments if c.parent) == 334
    assert max(_depth(t) for t in threads) == 5
    expected, key_of = _disqus_expected(path)
    # every copy is removed exactly once
    assert sum(int(t.meta_dict().get("duplicates_removed", 0)) for t in threads) == len(key_of) - len(
        expected)
    assert sum(int(t.meta_dict().get("deleted", 0)) for t in threads) >= 6
    hello = [t for t in threads if t.title == "Hello world！"]
    assert len(hello) == 1
    assert set(hello[0].meta_dict()["urls"].split()) == {
        "http://www.tanglei.name/blog/hello-world.html", "http://www.tanglei.name/hello-world/"}
    assert _all_text(threads).count("前来围观 真正的沙发") == 1
    best = pipeline.load(path)
    assert best.id == "4516623578" and len(best.comments) == 163
    assert best.host is not None and best.speaker(best.host).name == "tanglei"


def test_disqus_isso_fixture_edge_cases():
    threads = {t.id: t for t in pipeline.load_all(corpus(*ISSO_DQ))}
    assert set(threads) == {"2", "3", "7", "1337"}
    main = threads["2"]
    assert [c.source_id for c in main.comments] == ["4", "5", "11"]  # 9 is deleted
    by_source = {c.source_id: c for c in main.comments}
    assert by_source["5"].parent == by_source["4"].id
    orphan = by_source["11"]
    assert orphan.parent is None
    ev = orphan.evidence_for(EvidenceTarget.PARENT)[0]
    assert ev.kind is EvidenceKind.TOP_LEVEL and "9" in ev.detail and "deleted" in ev.detail
    assert main.meta_dict()["deleted"] == "1"
    assert threads["1337"].meta_dict()["thread_record"] == "missing"
    assert threads["7"].title is None
    assert "Message from thread with empty title and id" in threads["7"].comments[0].text
    assert "<p>" not in _all_text(list(threads.values()))


# --- Blogger Atom -------------------------------------------------------------------------------

ATOM = {"a": "http://www.w3.org/2005/Atom", "thr": "http://purl.org/syndication/thread/1.0"}
KIND = "http://schemas.google.com/g/2005#kind"


def test_atom_structure_matches_the_export():
    path = corpus(*BLOGGER)
    assert pipeline.detect(path) is Format.ATOM
    root = ET.parse(path).getroot()
    kinds = Counter()
    posts, comments = {}, []
    for e in root.findall("a:entry", ATOM):
        kind = next(c.get("term").rsplit("#", 1)[1] for c in e.findall("a:category", ATOM)
                    if c.get("scheme") == KIND)
        kinds[kind] += 1
        if kind == "post":
            posts[e.findtext("a:id", namespaces=ATOM)] = e
        elif kind == "comment":
            comments.append(e)
    expected = {}
    for c in comments:
        ref = c.find("thr:in-reply-to", ATOM).get("ref")
        post = ref if ref in posts else None
        assert post is not None
        expected[(post.rsplit("post-", 1)[1], c.findtext("a:id", namespaces=ATOM).rsplit("post-", 1)[1])] = (
            c.findtext("a:author/a:name", namespaces=ATOM), None)
    threads = list(atom.read_threads(path))
    assert _structure(threads) == expected
    # SOURCE.txt: 55 entries = 1 template + 47 settings + 4 posts + 3 comments; 2 authors.
    assert kinds == {"template": 1, "settings": 47, "post": 4, "comment": 3}
    assert len(threads) == 4 and sum(len(t.comments) for t in threads) == 3
    assert len({s.name for t in threads for s in t.speakers}) == 2
    for t in threads:
        _check_model(t)
    best = pipeline.load(path)
    assert best.title == "This about sums up my life." and best.id == "7031156583478223661"
    assert [c.text for c in best.comments] == ["Your video isn't showing up", "I'll get that fixed soon."]
    assert best.speaker(best.host).name == "JJ"
    text = _all_text(threads)
    assert "Nice picture!!!\n\nI mean NICE picture." in text
    assert "Blogger Template Style" not in text


def test_atom_comment_to_comment_reply(tmp_path):
    src = corpus(*BLOGGER).read_text(encoding="utf-8")
    # point the host's answer at the comment it answers instead of the post
    post_ref = 'ref="tag:blogger.com,1999:blog-3113891067179933828.post-7031156583478223661"'
    answer = src.index("<title type=\"text\">I'll get that fixed soon.</title>")
    cut = src.index(post_ref, answer)
    src = src[:cut] + 'ref="tag:blogger.com,1999:blog-3113891067179933828.post-7939092188512366396"' + src[
        cut + len(post_ref):]
    path = tmp_path / "blogger.xml"
    path.write_text(src, encoding="utf-8")
    t = pipeline.load(path)
    assert [c.text for c in t.comments] == ["Your video isn't showing up", "I'll get that fixed soon."]
    assert t.comments[1].parent == "c1"
    assert t.comments[1].evidence_for(EvidenceTarget.PARENT)[0].kind is EvidenceKind.SOURCE


TAKEOUT = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:blogger="http://schemas.google.com/blogger/2018">
  <id>tag:blogger.com,1999:blog-77</id><title>Garden notes</title>
  <entry><id>tag:blogger.com,1999:blog-77.post-1</id><blogger:type>POST</blogger:type>
    <blogger:status>LIVE</blogger:status><author><name>Ivy</name><blogger:type>BLOGGER</blogger:type></author>
    <title>Tomatoes</title><content type="html">&lt;p&gt;Staked or caged?&lt;/p&gt;</content>
    <blogger:filename>/2024/05/tomatoes.html</blogger:filename><published>2024-05-01T10:00:00Z</published>
  </entry>
  <entry><id>tag:blogger.com,1999:blog-77.post-2</id><blogger:type>POST</blogger:type>
    <blogger:status>DRAFT</blogger:status><author><name>Ivy</name></author><title>Unfinished</title>
    <content type="html">draft</content><published>2024-05-02T10:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-77.post-11</id><blogger:type>COMMENT</blogger:type>
    <blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-77.post-1</blogger:parent>
    <blogger:inReplyTo/><author><name>Oak</name></author>
    <content type="html">Caged, always.</content><published>2024-05-01T11:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-77.post-12</id><blogger:type>COMMENT</blogger:type>
    <blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-77.post-1</blogger:parent>
    <blogger:inReplyTo>tag:blogger.com,1999:blog-77.post-11</blogger:inReplyTo><author><name>Ivy</name></author>
    <content type="html">Cages blow over here.</content><published>2024-05-01T12:00:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-77.post-13</id><blogger:type>COMMENT</blogger:type>
    <blogger:status>DELETED</blogger:status><blogger:parent>tag:blogger.com,1999:blog-77.post-1</blogger:parent>
    <author><name>Spam Bot</name></author><content type="html">buy now</content>
    <published>2024-05-01T12:30:00Z</published></entry>
  <entry><id>tag:blogger.com,1999:blog-77.post-14</id><blogger:type>COMMENT</blogger:type>
    <blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-77.post-1</blogger:parent>
    <blogger:inReplyTo>tag:blogger.com,1999:blog-77.post-13</blogger:inReplyTo><author><name>Oak</name></author>
    <content type="html">Who was that?</content><published>2024-05-01T13:00:00Z</published></entry>
</feed>
"""


def test_atom_takeout_format(tmp_path):
    """Blogger's current Takeout export (blogger:type/parent/inReplyTo/status), written by hand."""
    path = tmp_path / "feed.atom"
    path.write_text(TAKEOUT, encoding="utf-8")
    assert pipeline.detect(path) is Format.ATOM
    threads = list(pipeline.load_all(path))
    assert [t.id for t in threads] == ["1"]  # the draft is not a thread
    (t,) = threads
    assert t.url == "/2024/05/tomatoes.html" and t.meta_dict()["hidden"] == "1"
    assert [(t.speaker(c.speaker).name, c.text) for c in t.comments] == [
        ("Oak", "Caged, always."), ("Ivy", "Cages blow over here."), ("Oak", "Who was that?")]
    assert t.comments[1].parent == "c1" and t.speaker(t.comments[1].speaker).host
    orphan = t.comments[2]
    assert orphan.parent is None
    ev = orphan.evidence_for(EvidenceTarget.PARENT)[0]
    assert ev.kind is EvidenceKind.TOP_LEVEL and "13" in ev.detail and "deleted" in ev.detail
    assert "buy now" not in _all_text(threads)


# --- Movable Type / TypePad ---------------------------------------------------------------------


def _mt_expected(path: Path):
    """Per entry: the commenters' names in file order, and the number of pings."""
    entries = path.read_text(encoding="utf-8").split("\n--------\n")
    out = []
    for e in entries:
        if not e.strip():
            continue
        sections = e.split("\n-----\n")
        authors = [re.search(r"^AUTHOR: ?(.*)$", s, re.M).group(1)
                   for s in sections if s.lstrip("\n").startswith("COMMENT:")]
        pings = sum(1 for s in sections if s.lstrip("\n").startswith("PING:"))
        out.append((authors, pings))
    return out


def test_mt_typepad_matches_the_export():
    path = corpus(*TYPEPAD)
    assert pipeline.detect(path) is Format.MT
    threads = list(pipeline.load_all(path))
    expected = _mt_expected(path)
    assert len(threads) == len(expected) == 359
    for t, (authors, pings) in zip(threads, expected, strict=True):
        _check_model(t)
        assert sorted(t.speaker(c.speaker).name for c in t.comments) == sorted(
            " ".join(a.split()) for a in authors)
        assert int(t.meta_dict().get("pings", 0)) == pings
    # SOURCE.txt: 753 comments in 239 entries, 24 pings, 66 commenters, "OK" wrote 369.
    assert sum(len(t.comments) for t in threads) == 753
    assert sum(1 for t in threads if t.comments) == 239
    assert sum(int(t.meta_dict().get("pings", 0)) for t in threads) == 24
    raw_names = {a for authors, _ in expected for a in authors}
    assert len(raw_names) == 66
    # "nao " / "nao" and "NN" / "nn" are one speaker each (spaces squeezed, case ignored: aliases)
    assert {n for t in threads for s in t.speakers for n in (s.name, *s.aliases)} == {
        " ".join(a.split()) for a in raw_names}
    assert len({s.name.casefold() for t in threads for s in t.speakers}) == 64
    assert sum(1 for t in threads for c in t.comments if t.speaker(c.speaker).name == "OK") == 369
    text = _all_text(threads)
    assert "おいちそうーーー☆" in text
    assert "Hydrocodone" not in text and "Adderall" not in text


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("〜", "~").casefold()


def test_mt_address_markers_become_reply_links():
    threads = list(pipeline.load_all(corpus(*TYPEPAD)))
    linked = 0
    for t in threads:
        by_id = t.comments_by_id()
        for i, c in enumerate(t.comments):
            if c.parent is None:
                continue
            linked += 1
            parent = by_id[c.parent]
            ev = c.evidence_for(EvidenceTarget.PARENT)[0]
            assert ev.kind is EvidenceKind.SALUTATION and 0.6 <= ev.confidence <= 0.9
            # the marker names the parent's author, and the parent is the latest earlier comment by them
            name = t.speaker(parent.speaker).name
            assert _fold(name) in _fold(c.salutation)
            later = [d for d in t.comments[int(parent.id[1:]):i] if d.speaker == parent.speaker]
            assert later == []
            assert parent.speaker in c.addressees
            assert c.salutation.splitlines()[-1] not in c.text
    # 363 comments open with ">"; a few name nobody who commented before them in the entry.
    assert 340 <= linked <= 363
    t = pipeline.load(corpus(*TYPEPAD), post="post-ecd7")
    c3 = t.comments[2]
    assert t.speaker(c3.speaker).name == "OK" and t.speaker(c3.speaker).host
    assert t.speaker(t.comment(c3.parent).speaker).name == "nobu"
    assert c3.salutation == ">nobuさん" and c3.text.startswith("遠く離れてはいますが")


def test_mt_unmatched_marker_and_plain_salutation(tmp_path):
    path = tmp_path / "blog.txt"
    path.write_text(
        "AUTHOR: Kit\nTITLE: Soup\nBASENAME: soup\nDATE: 01/02/2010 10:00:00 AM\n-----\nBODY:\n<p>Hi</p>\n"
        "-----\nCOMMENT:\nAUTHOR: Ann\nEMAIL:\nIP: 0.0.0.0\nURL:\nDATE: 01/02/2010 11:00:00 AM\n"
        ">Bobさん\nThanks for the recipe.\n-----\n"
        "COMMENT:\nAUTHOR: Bob\nEMAIL:\nIP: 0.0.0.0\nURL:\nDATE: 01/02/2010 12:00:00 PM\n"
        "Annさん、you are welcome.\n-----\n"
        "COMMENT:\nAUTHOR: Cy\nEMAIL:\nIP: 0.0.0.0\nURL:\nDATE: 01/02/2010 01:00:00 PM\n"
        ">I agree with that\nme too\n-----\n"
        "PING:\nTITLE: elsewhere\nURL: http://x.invalid/\nIP: 0.0.0.0\nBLOG NAME: X\n"
        "DATE: 01/03/2010 01:00:00 PM\nlinked\n-----\n--------\n", encoding="utf-8")
    t = pipeline.load(path)
    assert t.id == "soup" and t.meta_dict()["pings"] == "1"
    ann, bob, cy = t.comments
    assert ann.parent is None and ann.salutation == ">Bobさん" and ann.text == "Thanks for the recipe."
    assert ann.addressees == (bob.speaker,)  # Bob comments later: known, but not a parent
    assert ann.evidence_for(EvidenceTarget.PARENT)[0].kind is EvidenceKind.TOP_LEVEL
    assert bob.parent == ann.id and bob.text == "you are welcome."
    assert bob.evidence_for(EvidenceTarget.PARENT)[0].confidence == pytest.approx(0.7)
    assert cy.parent is None and cy.salutation is None and cy.text.startswith(">I agree")


# --- detection, encodings, bad input -------------------------------------------------------------


@pytest.mark.parametrize("parts,fmt", [(THEME, Format.WXR), (MYTHZ, Format.WXR), (ISSO_WP, Format.WXR),
                                       (ISSO_DQ, Format.DISQUS), (TL3SHI, Format.DISQUS),
                                       (BLOGGER, Format.ATOM), (TYPEPAD, Format.MT)],
                         ids=lambda p: p[0] if isinstance(p, tuple) else p.value)
def test_detection_is_precise(parts, fmt):
    path = corpus(*parts)
    peek = pipeline.peek(path)
    answers = {m.FORMAT: m.detect(peek) for m in (wxr, disqus, atom, mt)}
    assert answers == {f: f is fmt for f in answers}
    assert pipeline.detect(path) is fmt


def test_detection_rejects_look_alikes():
    assert not wxr.detect('<rss version="2.0"><channel><title>wordpress.org news</title></channel></rss>')
    assert not disqus.detect("<p>Powered by Disqus: http://disqus.com</p>")
    assert not atom.detect('<feed xmlns="http://www.w3.org/2005/Atom"><title>news</title></feed>')
    assert not mt.detect("TITLE: a note\nSome words about AUTHOR: nobody\n-----\n")
    assert not mt.detect("AUTHOR: Ann\n\nI wrote this.\n-----\n")


def _without_source(threads):
    out = []
    for t in threads:
        data = to_dict(t)
        data["thread"].pop("source")
        out.append(data)
    return out


def _convert(src: Path, dest: Path, encoding: str, declare: str | None) -> Path:
    text = src.read_text(encoding="utf-8")
    if declare is not None:
        text = re.sub(r'encoding="[^"]*"', f'encoding="{declare}"', text, count=1)
        if "encoding=" not in text[:200]:
            text = text.replace("<?xml version=\"1.0\"", f"<?xml version=\"1.0\" encoding=\"{declare}\"", 1)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(text.encode(encoding))
    return dest


@pytest.mark.parametrize("encoding,declare", [
    ("cp1252", "windows-1252"),  # declared: libxml2 converts while streaming
    ("utf-16", "UTF-16"),  # with a byte-order mark
    ("utf-16-le", "UTF-16"),  # no byte-order mark: decoded before parsing
    ("cp1252", None),  # undeclared cp1252 (against the XML rules): decoded by detection
], ids=["cp1252-declared", "utf16-bom", "utf16le-nobom", "cp1252-undeclared"])
@pytest.mark.parametrize("parts", [ISSO_WP, ISSO_DQ], ids=lambda p: p[1])
def test_xml_exports_in_other_encodings(tmp_path, parts, encoding, declare):
    src = corpus(*parts)
    if declare is None:
        text = src.read_text(encoding="utf-8")
        dest = tmp_path / encoding / src.name
        dest.parent.mkdir()
        dest.write_bytes(re.sub(r' encoding="[^"]*"', "", text, count=1).encode(encoding))
    else:
        dest = _convert(src, tmp_path / encoding / src.name, encoding, declare)
    assert pipeline.detect(dest) is pipeline.detect(src)
    assert _without_source(pipeline.load_all(dest)) == _without_source(pipeline.load_all(src))
    if parts == ISSO_WP:
        assert "Drölfter!" in _all_text(list(pipeline.load_all(dest)))


def test_atom_and_mt_in_utf16(tmp_path):
    for parts in (BLOGGER, TYPEPAD):
        src = corpus(*parts)
        dest = _convert(src, tmp_path / parts[1], "utf-16", "UTF-16" if parts == BLOGGER else None)
        assert _without_source(pipeline.load_all(dest)) == _without_source(pipeline.load_all(src))


def test_mt_in_cp1252(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(
        ("AUTHOR: Zoë\nTITLE: Café\nDATE: 01/02/2010 10:00:00 AM\n-----\nBODY:\nx\n-----\n"
         "COMMENT:\nAUTHOR: Renée\nDATE: 01/02/2010 11:00:00 AM\nÇa m’a plu — très bien. "
         "La crème brûlée était délicieuse, et les pâtes fraîches aussi ; à refaire l’été prochain.\n-----\n"
         "--------\n").encode("cp1252"))
    t = pipeline.load(path)
    assert t.title == "Café" and t.speakers[0].name == "Renée"
    assert t.comments[0].text.startswith("Ça m’a plu — très bien. La crème brûlée était")


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "threads", *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=ROOT)


def test_cli_bad_exports_end_with_one_line(tmp_path):
    mythz = corpus(*MYTHZ).read_bytes()
    (tmp_path / "truncated.xml").write_bytes(mythz[:300000])
    (tmp_path / "wrong-namespace.xml").write_bytes(
        mythz.replace(b"wordpress.org/export/1.1/", b"wordpress.org/export/9.9/"))
    (tmp_path / "no-comments.xml").write_text(
        '<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><item><title>x</title><wp:post_id>1</wp:post_id></item></channel></rss>\n")
    (tmp_path / "disqus-truncated.xml").write_bytes(corpus(*TL3SHI).read_bytes()[:5000])
    (tmp_path / "empty-disqus.xml").write_text('<disqus xmlns="http://disqus.com"></disqus>')
    expect = {"truncated.xml": "not well-formed XML at line",
              "wrong-namespace.xml": "namespace 'http://wordpress.org/export/9.9/' is not supported",
              "no-comments.xml": "no comments found",
              "disqus-truncated.xml": "not well-formed XML",
              "empty-disqus.xml": "no comments found"}
    for name, words in expect.items():
        r = _cli("parse", str(tmp_path / name))
        assert r.returncode == 2, (name, r.stderr)
        assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr, r.stderr
        assert words in r.stderr and name in r.stderr
        assert r.stdout == ""
    r = _cli("parse", "--format", "disqus", str(corpus(*ISSO_WP)))
    assert r.returncode == 2 and "not a Disqus export" in r.stderr and r.stderr.count("\n") == 1


def test_readers_raise_format_error_on_the_wrong_root(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>')
    with pytest.raises(FormatError):
        list(wxr.read_threads(path))
    with pytest.raises(FormatError):
        list(disqus.read_threads(path))
    assert list(atom.read_threads(path)) == []
    with pytest.raises(ParseError):
        pipeline.load(path, fmt="atom")


def test_cli_lists_and_selects_posts():
    r = _cli("parse", "--list-posts", str(corpus(*MYTHZ)))
    assert r.returncode == 0
    rows = [line.split("\t") for line in r.stdout.splitlines()]
    assert rows[0][1] == "15" and rows[-1][1] == "0"
    assert ["474", "7", "Redis vs RavenDB - Benchmarks for .NET Client NoSQL Solutions"] in rows
    r = _cli("parse", "--post", "474", str(corpus(*MYTHZ)))
    assert r.returncode == 0
    data = json.loads(r.stdout)
    assert data["thread"]["id"] == "474" and len(data["comments"]) == 7
    assert data["thread"]["platform"] == "wordpress"
    r = _cli("parse", "--all", str(corpus(*ISSO_DQ)))
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["thread"]["id"] for d in lines] == ["2", "7", "1337"]
    r = _cli("parse", "--post", "nope", str(corpus(*BLOGGER)))
    assert r.returncode == 2 and "no post 'nope'" in r.stderr
    r = _cli("parse", "--text", "--post", "post-ecd7", str(corpus(*TYPEPAD)))
    assert r.returncode == 0 and "[c3] OK (host) -> c1" in r.stdout


# --- arbitrary input never crashes a reader ------------------------------------------------------

_PREFIXES = [
    b"",
    b'<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item>',
    b'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"><post dsq:id="1">',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-1</id><entry>',
    b"AUTHOR: a\nTITLE: t\n-----\nCOMMENT:\nAUTHOR: b\n",
]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(_PREFIXES), body=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_the_readers(prefix, body):
    data = prefix + body
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input"
        path.write_bytes(data)
        try:
            peek = pipeline.peek(path)
        except ThreadsError:
            peek = data.decode("latin-1")
        for reader in (wxr, disqus, atom, mt):
            assert reader.detect(peek) in (True, False)
            try:
                threads = list(reader.read_threads(path))
            except ThreadsError:
                continue
            assert all(isinstance(t, Thread) for t in threads)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Ann", "Bob", "", "Zoë"]), st.integers(0, 6),
                          st.sampled_from(["0", "1", "spam", "trash"]), st.text(max_size=40)),
                max_size=8))
def test_generated_wxr_threads_keep_their_invariants(rows):
    """Random comments, approvals and parent ids (cycles included) still give a sound thread."""
    items = []
    for i, (author, parent, approved, text) in enumerate(rows, start=1):
        safe = text.replace("]]>", "")
        safe = "".join(ch for ch in safe if ch in "\t\n\r" or (" " <= ch and ch not in "\ufffe\uffff"
                                                                and not 0xD800 <= ord(ch) <= 0xDFFF))
        items.append(f"<wp:comment><wp:comment_id>{i}</wp:comment_id><wp:comment_author><![CDATA[{author}]]>"
                     f"</wp:comment_author><wp:comment_date_gmt>2020-01-0{1 + i % 9} 10:00:00"
                     f"</wp:comment_date_gmt><wp:comment_content><![CDATA[{safe}]]></wp:comment_content>"
                     f"<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_parent>{parent}"
                     "</wp:comment_parent></wp:comment>")
    doc = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
           'xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>T</title>'
           "<wp:post_id>9</wp:post_id>" + "".join(items) + "</item></channel></rss>")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "g.xml"
        path.write_text(doc, encoding="utf-8")
        (t,) = list(wxr.read_threads(path))
    _check_model(t)
    approved = {str(i) for i, r in enumerate(rows, start=1) if r[2] == "1"}
    assert {c.source_id for c in t.comments} == approved
    for c in t.comments:
        assert c.parent is None or t.comment(c.parent).source_id in approved


def test_thread_structure_is_the_same_through_json():
    for t in pipeline.load_all(corpus(*ISSO_DQ)):
        assert from_dict(to_dict(t)) == t


def test_a_cycle_of_parents_is_cut_with_evidence(tmp_path):
    comments = "".join(
        f"<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author>{who}</wp:comment_author>"
        f"<wp:comment_date_gmt>2020-01-0{cid} 10:00:00</wp:comment_date_gmt><wp:comment_content>"
        f"words {cid}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
        for cid, who, parent in ((1, "Ann", 3), (2, "Bob", 1), (3, "Cy", 2), (4, "Di", 3)))
    path = tmp_path / "cycle.xml"
    path.write_text('<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>T</title>'
                    f"<wp:post_id>5</wp:post_id>{comments}</item></channel></rss>", encoding="utf-8")
    t = pipeline.load(path)
    _check_model(t)
    first = t.comments[0]
    assert first.parent is None
    (ev,) = first.evidence_for(EvidenceTarget.PARENT)
    assert ev.kind is EvidenceKind.TOP_LEVEL and "cycle" in ev.detail and "comment 3" in ev.detail
    assert [c.parent for c in t.comments[1:]] == ["c1", "c2", "c3"]


def test_mt_marker_variants(tmp_path):
    def comment(who: str, hour: int, body: str) -> str:
        return f"COMMENT:\nAUTHOR: {who}\nDATE: 01/02/2010 0{hour}:00:00 PM\n{body}\n-----\n"

    path = tmp_path / "variants.txt"
    path.write_text("AUTHOR: Kit\nTITLE: Tea\nDATE: 01/02/2010 10:00:00 AM\n-----\n"
                    + comment("Ann", 1, "Green tea, please.")
                    + comment("Bob", 2, "＞＞Annさんへ\nBlack for me.")
                    + comment("Cy", 3, "> ann\nSame here.")  # case and spacing differ from "Ann"
                    + comment("Di", 4, ">Zedさん\nWho is Zed?")  # nobody by that name: top-level
                    + "--------\n", encoding="utf-8")
    t = pipeline.load(path)
    ann, bob, cy, di = t.comments
    assert bob.parent == ann.id and bob.salutation == "＞＞Annさんへ" and bob.text == "Black for me."
    assert cy.parent == ann.id and cy.text == "Same here."
    assert di.parent is None and di.addressees == () and di.salutation == ">Zedさん"

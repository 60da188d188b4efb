"""The seed thread, reconstructed as a careful human reader does.

The expectations below are our own close reading of seeds/002_07c1f8e8e588d880.txt,
comment by comment: who wrote it, what it answers, and why. Where the reading is
genuinely uncertain the test accepts the defensible alternatives and says so.
"""

from __future__ import annotations

import re

import pytest

from threads.model import EvidenceKind, EvidenceTarget
from threads.pipeline import load
from threads.readers.text import read_text

from .conftest import SEED_THREAD

HOST = "@host"
ANON = None

# (author, parent(s), why). author: a display name, HOST or ANON. parent: comment number,
# None for top level, or a set of acceptable answers where the reading is uncertain.
READING = [
    (ANON, None, "asks about the US-Russia deconfliction process: a question on the post"),
    (HOST, 1, "signed 'pl', written in under comment 1; answers the deconfliction question"),
    (ANON, None, "reads the strike as sabotage of the deal, with made-up 'messages' in quotes"),
    (ANON, None, "opens 'Colonel -': addresses the host, i.e. the post itself"),
    (ANON, {2, None}, "ends 'pl - I have posted this as a reply to your comment': a reply to the host's "
                      "only earlier comment; semantically it could be a top-level remark"),
    (HOST, 3, "'Are those actual quotations...?' and 'IS is a US puppet': answers comment 3, the one "
              "with quotations, although it sits after comment 5"),
    (HOST, 5, "'17 buses ... not yet struck the buses ... stuck out in the desert' answers comment 5's "
              "'not hit, just blocked ... anyone here know?'"),
    ("b", None, "no name on the page; 'b -' (comment 12, about Manbij deals) and 'PE and b ... did not "
                "reach their destination as b thought' (comment 16) name its author"),
    ("JJackson", 8, "'I thought they were stranded...?' rejoins comment 8's 'The convoy reached its "
                    "target'; comment 17 'JJackson - ... Buses still at Humayah' answers this question "
                    "about 'Hamimah'. Uncertain: comment 5 ('where ... anyone here know?') is the other "
                    "candidate for JJackson"),
    (HOST, None, "'To the person who wrote to give me a sermon...': someone whose comment is not shown"),
    (ANON, {None, 8}, "'They didn't bomb the convoy, only the road': a remark on the post; it restates "
                      "comment 8, so a reply to it is defensible"),
    (ANON, 8, "'b -': answers b's comment 8 (Manbij, deals with IS)"),
    ("The Porkchop Express", {None, 7}, "author line above it; a news update on the buses (comment 7 "
                                        "also had them stuck in the desert)"),
    (ANON, {None, 10}, "'The US did tacitly support Islamic State': a position in the debate; it may "
                       "take up the host's comment 10"),
    (HOST, 14, "written in under comment 14: 'It's clear?' quotes it"),
    (HOST, 13, "'PE and b' + quotes 'The buses are sitting in the desert...' from comment 13"),
    (ANON, 9, "'JJackson -': answers JJackson's question (comment 9)"),
    (ANON, None, "'What's next? Are the nihilistic barbarians going to blow themselves up?': a "
                 "reaction to the news, not an answer to anyone"),
    ("Peter in Toronto", None, "author line above it; wants the buses struck"),
    (ANON, 10, "quotes the host's comment 10 ('What I object to ...') and rejects it"),
    (HOST, 20, "quotes comment 20 ('there is alot of evidence ...') and rebuts it"),
    (ANON, {None, 21}, "oil-truck photos as 'proof enough for me': a new argument, arguably an answer "
                       "to the host's 'you have produced none'"),
    (HOST, 22, "'Now this is the first intelligent and telling point': written in under comment 22"),
    ("The Twisted Genius", 19, "author line; 'Peter in Toronto,' + quotes his 'It's a shame...'"),
    (ANON, {22, 23}, "the Defense Department's reason for not bombing the oil trucks: answers comment "
                     "22's trucks or the host's 'I will ask if there is a good explanation'"),
]


@pytest.fixture(scope="module")
def seed():
    return load(SEED_THREAD)


def _author(thread, comment):
    sp = thread.speaker(comment.speaker)
    if sp.host:
        return HOST
    return sp.name if sp.named else ANON


def test_seed_has_the_comments_a_reader_counts(seed):
    assert len(seed.comments) == len(READING) == 25


@pytest.mark.parametrize("n", range(1, len(READING) + 1))
def test_seed_comment_author_and_parent(seed, n):
    author, parent, why = READING[n - 1]
    c = seed.comments[n - 1]
    assert _author(seed, c) == author, f"c{n}: {why}"
    got = None if c.parent is None else int(c.parent[1:])
    allowed = parent if isinstance(parent, set) else {parent}
    assert got in allowed, f"c{n} -> {got}: {why}"


def test_seed_host_is_found_by_signature_and_title(seed):
    host = seed.speaker(seed.host)
    assert host.host and host.name == "pl"
    assert "colonel" in host.aliases  # "Colonel -" addresses the host
    signed = [c for c in seed.comments if c.speaker == host.id]
    assert len(signed) == 8
    assert all(c.signature == "pl" and not c.text.rstrip().endswith(" pl") for c in signed)


def test_seed_addressees(seed):
    names = {s.id: s.name for s in seed.speakers}
    to = {int(c.id[1:]): sorted(names[a] for a in c.addressees) for c in seed.comments if c.addressees}
    assert to == {
        4: ["pl"],  # "Colonel -"
        5: ["pl"],  # "pl - I have posted this ..."
        12: ["b"],
        16: ["The Porkchop Express", "b"],  # "PE and b": initials of a multi-word name
        17: ["JJackson"],
        24: ["Peter in Toronto"],
    }


def test_seed_page_chrome_is_gone_and_metadata_kept(seed):
    text = "\n".join(c.text for c in seed.comments)
    for chrome in ("Feed You can follow", "comments to this entry are closed", "My Photo",
                   "February 2021", "Sun Mon Tue", "powered by", "| Main |", "21 22 23"):
        assert chrome.lower() not in text.lower()
    assert seed.published == "30 August 2017"
    assert seed.platform == "typepad"
    meta = seed.meta_dict()
    assert meta["previous_post"].startswith('"US troops in northern Syria came under direct attack"')
    assert meta["next_post"] == "Adversarial games"


def test_seed_quoted_attribution_is_not_a_commenter(seed):
    names = {s.name for s in seed.speakers}
    assert not any("Rohrabacher" in n for n in names)
    assert "Dana Rohrabacher (R-CA) June 2017" in seed.comments[19].text


def test_seed_every_choice_has_evidence_and_confidence(seed):
    for c in seed.comments:
        kinds = {e.about for e in c.evidence}
        assert EvidenceTarget.SPEAKER in kinds and EvidenceTarget.PARENT in kinds
        assert all(0.0 < e.confidence <= 1.0 and e.detail for e in c.evidence)
    assert seed.comments[7].evidence_for(EvidenceTarget.SPEAKER)[0].kind is EvidenceKind.LATER_SALUTATION
    assert seed.comments[5].evidence_for(EvidenceTarget.PARENT)[0].kind is EvidenceKind.QUOTE
    assert seed.comments[9].evidence_for(EvidenceTarget.PARENT)[0].kind is EvidenceKind.UNADDRESSED


def test_seed_quotes_point_at_their_sources(seed):
    sources = {(int(c.id[1:]), q.source) for c in seed.comments for q in c.quotes if q.source}
    assert {(16, "c13"), (20, "c10"), (21, "c20"), (24, "c19")} <= sources
    # comment 3's invented "messages" quote nobody in the thread
    assert all(q.source is None for q in seed.comments[2].quotes) and seed.comments[2].quotes


def test_seed_anonymous_speakers_are_stable_and_unnamed(seed):
    again = load(SEED_THREAD)
    assert [(s.id, s.name) for s in again.speakers] == [(s.id, s.name) for s in seed.speakers]
    anon = [s for s in seed.speakers if not s.named]
    assert anon and all(re.fullmatch(r"Anonymous \d+", s.name) for s in anon)


# --- a renamed copy comes out the same way, renamed ------------------------------------

RENAME = [
    (r"The Porkchop Express", "The Midnight Rider"),
    (r"\bPE\b", "MR"),
    (r"Peter in Toronto", "Sofia in Lisbon"),
    (r"The Twisted Genius", "The Quiet Observer"),
    (r"\bJJackson\b", "KLarsen"),
    (r"(?<=\s)b(?= -|\n| thought)", "q"),
    (r"\bpl\b", "jk"),
    (r"\bColonel\b", "Doctor"),
]
NEW_NAMES = {"b": "q", "JJackson": "KLarsen", "The Porkchop Express": "The Midnight Rider",
             "Peter in Toronto": "Sofia in Lisbon", "The Twisted Genius": "The Quiet Observer"}


def test_renamed_copy_reconstructs_the_same_way(seed):
    text = SEED_THREAD.read_text(encoding="utf-8")
    for pat, new in RENAME:
        text, n = re.subn(pat, new, text)
        assert n, f"the seed no longer contains {pat!r}"
    renamed = read_text(text, source="renamed")
    assert len(renamed.comments) == len(seed.comments)
    assert renamed.speaker(renamed.host).name == "jk"
    for old, new in zip(seed.comments, renamed.comments, strict=False):
        assert old.parent == new.parent, old.id
        a, b = _author(seed, old), _author(renamed, new)
        assert NEW_NAMES.get(a, a) == b if a != HOST else b == HOST, old.id
        assert len(old.addressees) == len(new.addressees), old.id


# --- text copied off a real WordPress page ---------------------------------------------


def test_text_copied_off_a_wordpress_page(tmp_path):
    """The comments of a real saved WordPress page (lemire.me, from the shared corpora), copied as text.

    Ground truth from the page's own nesting: degski twice at top level, Daniel Lemire answering
    degski's second comment, wmu at top level, Daniel Lemire answering wmu.
    """
    from bs4 import BeautifulSoup

    from .conftest import corpus

    html = corpus("html-wp-lemire", "lemire.me.json.html").read_text(encoding="utf-8")
    copied = BeautifulSoup(html, "lxml").select_one("#comments").get_text("\n")
    path = tmp_path / "copied.txt"
    path.write_text(copied, encoding="utf-8")
    thread = load(path)
    names = [thread.speaker(c.speaker).name for c in thread.comments]
    assert names == ["degski", "degski", "Daniel Lemire", "wmu", "Daniel Lemire"]
    assert [c.parent for c in thread.comments] == [None, None, "c2", None, "c4"]
    assert thread.title == "JSON parsing: simdjson vs. JSON for Modern C++"
    text = "\n".join(c.text for c in thread.comments)
    assert "Thanks, for posting this." in text and "Please try it out!" in text
    for chrome in ("Reply", "says:", "August 3, 2019", "Leave a Reply", "Save my name", "monospaced"):
        assert chrome not in text

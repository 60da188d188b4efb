"""Tone: the fast VADER against stock vaderSentiment on real comments, own words, sentences."""

from __future__ import annotations

import multiprocessing
import sys

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from bench.corpus_texts import all_texts
from tests.conftest import CORPORA, corpus
from threads.model import Comment, Quote, Thread
from threads.score.tone import (
    normalize_quotes,
    own_words,
    pool_context,
    score_tone,
    split_sentences,
    tone_of,
    tones,
)
from threads.score.vader import FastAnalyzer, analyzer


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    # Reddit pairs (cp1252 CSV), the Hacker News thread, WordPress exports.
    corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv")
    texts = all_texts(CORPORA)
    assert len(texts) > 5000
    return texts


def test_fast_vader_identical_to_stock_on_real_comments(real_texts):
    stock, fast = SentimentIntensityAnalyzer(), FastAnalyzer()
    sentences = [s for t in real_texts[:1500] for s in split_sentences(normalize_quotes(t))]
    samples = real_texts + sentences + [normalize_quotes(t) for t in real_texts[:2000]]
    assert len(samples) > 10000
    differing = [t for t in samples if stock.polarity_scores(t) != fast.polarity_scores(t)]
    assert differing == []


@pytest.mark.parametrize("text", [
    "", "   ", "!!!", "kind of", "no", "NO WAY this is GOOD", "not bad at all, but never so good",
    "I love it \U0001F600 but \U0001F494 and \u2764\ufe0f", "without doubt the best", "at least it works",
    "sort of ok :) :D <3", "Caf\u00e9 na\u00efve \u00e0 la carte is nice", "no no no good",
    # no lexicon word: the constant neutral scores, with and without punctuation emphasis
    "The meeting is on Tuesday.", "a", "x y!!!", "Why???", "...", "\u0130stanbul \u212aelvin", "(GOOD)",
    "'Good'", "good.", ":)", "---:)---", "\u00a0\u2003",
])
def test_fast_vader_identical_on_edge_cases(text):
    assert analyzer().polarity_scores(text) == _STOCK.polarity_scores(text)


def test_analyzer_is_built_once_per_process():
    assert analyzer() is analyzer()


def test_typographic_apostrophe_no_longer_flips_the_sign():
    # Stock VADER reads "isn’t" as an unknown word and scores the sentence positive.
    assert SentimentIntensityAnalyzer().polarity_scores("This isn\u2019t good at all.")["compound"] > 0
    assert tone_of("This isn\u2019t good at all.").compound < 0


def test_split_sentences_keeps_abbreviations_and_numbers():
    text = ("The U.S. did not bomb the convoy. Mr. Smith said so at 3.5 p.m. today! Why? "
            "See e.g. the NYT.\nNew line here")
    assert split_sentences(text) == [
        "The U.S. did not bomb the convoy.", "Mr. Smith said so at 3.5 p.m. today!", "Why?",
        "See e.g. the NYT.", "New line here"]


def test_abbreviation_search_from_the_last_space_equals_a_full_search(real_texts):
    # split_sentences looks for the word before a period from the chunk's last space on.
    from threads.score.tone import _LAST_WORD

    chunks = [t[:k + 1] for t in real_texts for k in range(len(t)) if t[k] == "."]
    chunks += ["e.g.", " U.S.", "x\tMr.", "...A.", "3.5.", "a\u00a0b."]
    assert len(chunks) > 10000

    def found(m):
        return None if m is None else m.group(1)

    def from_last_space(c):
        return found(_LAST_WORD.search(c, c.rfind(" ") + 1))

    assert [c for c in chunks if from_last_space(c) != found(_LAST_WORD.search(c))] == []


def test_own_words_drops_quotes_of_others():
    parent = ("there is alot of evidence that the united states was not very troubled by the rise "
              "and spread of ISIS")
    reply = ('"there is alot of evidence that the united states was not very troubled by the rise and '
             'spread of ISIS," No, there is not a lot of evidence and you have produced none.')
    assert own_words(reply, earlier=[parent]) == ("No, there is not a lot of evidence and you have "
                                                  "produced none.")
    # Comment.quotes spans go too, typographic marks included.
    assert own_words("\u201cIt\u2019s clear\u201d How is it clear?", quotes=["It\u2019s clear"]) == \
        "How is it clear?"
    # A short quote that repeats nothing earlier is a scare quote: the commenter's own words.
    assert own_words('The "experts" were wrong.', earlier=["Something else."]) == \
        'The "experts" were wrong.'
    assert own_words("> quoted line\nMy answer.") == "My answer."


def test_quote_matching_normalisation_equals_the_regex(real_texts):
    # _norm translates bytes for ASCII text; it must give the regex substitution's words.
    from threads.score.tone import _NON_WORD, _norm

    samples = real_texts + [t.upper() for t in real_texts[:1000]] + ["  A--b\t\nc  ", "", "\u212a K \u0130"]
    assert [t for t in samples if _norm(t) != _NON_WORD.sub(" ", normalize_quotes(t).lower()).strip()] == []


def _own_words_straight(text: str, quotes: list[str], earlier: list[str]) -> str:
    """own_words as first written: every earlier comment normalised and searched, every
    line break tidied."""
    import re

    from threads.score.tone import LONG_QUOTE_WORDS, MATCHED_QUOTE_WORDS, _norm

    text = normalize_quotes(text)
    for q in sorted({normalize_quotes(q).strip() for q in quotes if q and q.strip()}, key=len, reverse=True):
        text = text.replace(q, " ")
    text = re.sub(r"^[ \t]*>.*$", " ", text, flags=re.MULTILINE)

    def drop(m: re.Match[str]) -> str:
        inner = _norm(m.group(1))
        words = len(inner.split())
        if words == 0 or words >= LONG_QUOTE_WORDS:
            return " "
        if words >= MATCHED_QUOTE_WORDS and any(f" {inner} " in f" {_norm(e)} " for e in earlier):
            return " "
        return m.group(0)

    text = re.sub(r'"([^"\n]{1,3000}?)"', drop, text)
    return re.sub(r" *\n *", "\n", re.sub(r"[ \t]+", " ", text)).strip()


def test_own_words_equals_the_straightforward_search(real_texts):
    # own_words normalises an earlier comment only when its lower-cased text holds the
    # quoted passage's longest word, and tidies line breaks only next to spaces.
    import random

    rng = random.Random(5)
    texts = real_texts[:3000] + ["Kelvin \u212aILL said \u0130t", "\u03a3\u039f\u03a3 caf\u00e9 na\u00efve"]
    cases = []
    for i, text in enumerate(texts):
        earlier = texts[max(0, i - 50):i]
        if earlier and rng.random() < 0.5:
            # Quote a few words of an earlier comment (maybe cased or punctuated otherwise).
            words = rng.choice(earlier).split()
            k = rng.randrange(len(words)) if words else 0
            passage = " ".join(words[k:k + rng.randint(2, 7)])
            passage = passage.upper() if rng.random() < 0.2 else passage
            text = f'\u201c{passage}\u201d \n {text}' if rng.random() < 0.5 else f'"{passage}" {text}'
        cases.append((text, earlier))
    assert [(t, e[-1:]) for t, e in cases if own_words(t, (), e) != _own_words_straight(t, [], e)] == []
    assert sum(1 for t, e in cases if own_words(t, (), e) != normalize_quotes(t).strip()) > 1000


def test_long_comment_does_not_saturate():
    sentence = "The report was fine and the data looked good. "
    text = sentence * 12 + "One part was bad."
    whole = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]
    tone = tone_of(text)
    assert whole > 0.99
    assert 0.3 < tone.compound < 0.6
    assert len(tone.sentences) == 13


def _seed_thread() -> Thread:
    # Passages of the seed thread (seeds/002_07c1f8e8e588d880.txt), built by hand.
    return Thread(id="seed", comments=(
        Comment("c1", "s1", "It's a shame the US showed this much restraint and did not engage the "
                            "buses directly."),
        Comment("c2", "s2", "\u201cIt\u2019s a shame the US showed this much restraint and did not "
                            "engage the buses directly.\u201d\n\nIf anyone under my command every tried "
                            "to do such a thing, I would have them locked in irons. Wrong is wrong, my "
                            "friend, and it can never be tolerated.", parent="c1",
                quotes=(Quote("It's a shame the US showed this much restraint and did not engage the "
                              "buses directly.", "c1", 100.0),)),
        Comment("c3", "s3", "Rohrbacker is a dumbbell and know nothing. pl"),
        Comment("c4", "s4", "The buses are sitting in the desert while drones and jets circling."),
        Comment("c5", "s5", '"The buses are sitting in the desert while drones and jets circling" '
                            "Thank you. I guess they did not reach their destination as b thought. pl",
                parent="c4"),
    ))


def test_score_tone_on_seed_passages():
    thread = score_tone(_seed_thread())
    c1, c2, c3, _c4, c5 = thread.comments
    assert all(c.tone is not None for c in thread.comments)
    assert c1.tone.compound < 0  # "a shame"
    # The quoted sentence is not c2's own: no sentence of its tone repeats it.
    assert not any("shame" in s.text for s in c2.tone.sentences)
    assert c3.tone.incivility > 0.5 and "dumbbell" in c3.tone.incivility_terms
    # The quoted parent is dropped: the first own sentence is the thanks.
    assert c5.tone.sentences[0].text == "Thank you."
    assert c5.tone.sentences[0].compound > 0.3
    assert thread.comments[0].text == _seed_thread().comments[0].text  # text untouched


def test_parallel_scoring_equals_in_process(real_texts):
    texts = real_texts[:600]
    assert tones(texts, workers=2) == tones(texts, workers=1)


def _start_method_for_scoring(_: object) -> str | None:
    ctx = pool_context()
    return None if ctx is None else ctx.get_start_method()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is only chosen on Linux")
def test_scoring_pools_fork_even_inside_a_spawned_process():
    # A process started with "spawn" (a batch worker, a benchmark's child) defaults to spawn
    # for its own pools too; the scorers must still fork so the thread is shared, not copied.
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        assert pool.map(_start_method_for_scoring, [0]) == ["fork"]


def test_empty_thread_and_empty_comment():
    assert score_tone(Thread(id="t")) == Thread(id="t")
    quote_only = Comment("c1", "s1", '"only a quote of what someone else said here, nothing more"')
    t = score_tone(Thread(id="t", comments=(quote_only,)))
    assert t.comments[0].tone.sentences == () and t.comments[0].tone.compound == 0.0


def test_agreement_csv_decodes_as_cp1252():
    # SOURCE.txt: the Reddit pairs are cp1252; the detector alone reads them as cp775 (’ -> Æ).
    from threads.encoding import decode

    path = corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv")
    text = decode(path.read_bytes(), str(path))
    assert text == path.read_bytes().decode("cp1252")
    assert "\u2019" in text and "\u00c6" not in text


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from threads.score.incivility import incivility  # noqa: E402

_STOCK = SentimentIntensityAnalyzer()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_tone_and_incivility_never_crash(text):
    tone = tone_of(own_words(text, quotes=[text[:20]], earlier=[text[::-1]]))
    assert -1.0 <= tone.compound <= 1.0
    score, terms = incivility(text)
    assert 0.0 <= score <= 1.0 and isinstance(terms, tuple)
    assert all(s.strip() for s in split_sentences(text))
    # The fast analyzer stays identical to stock on arbitrary text too.
    assert analyzer().polarity_scores(text) == _STOCK.polarity_scores(text)


def test_but_check_repeats_the_stock_quirk():
    # Stock _but_check rescales the first value equal to each sentiment, so repeated
    # values land on the wrong positions; the fast version must do exactly the same.
    import random

    from threads.score.vader import _but_check

    rng = random.Random(5)
    values = [0, 0.0, -0.0, 1.9, -1.9, 0.95, 2.5, -0.74, 1.425]
    for _ in range(3000):
        n = rng.randrange(1, 12)
        sentiments = [rng.choice(values) if rng.random() < 0.5 else 0 for _ in range(n)]
        words = [rng.choice(["good", "bad", "the"]) for _ in range(n)]
        words[rng.randrange(n)] = "but"
        if rng.random() < 0.3:
            words[rng.randrange(n)] = "but"
        expected = SentimentIntensityAnalyzer._but_check(words, list(sentiments))
        fast = list(sentiments)
        hits = [i for i, s in enumerate(fast) if s != 0 or rng.random() < 0.3]  # lexicon words may score 0
        _but_check(fast, hits, words.index("but"))
        assert [(v, str(v)) for v in fast if v != 0] == [(v, str(v)) for v in expected if v != 0]
        assert [v == 0 for v in fast] == [v == 0 for v in expected]


def test_comments_get_their_tones_as_dataclasses_replace_would(real_texts):
    from dataclasses import replace

    from threads.model import Relation, Tone
    from threads.score.tone import _with_tones

    comments = [Comment(f"c{k}", f"s{k % 7}", t, parent=f"c{k - 1}" if k else None, addressees=("s1",),
                        quotes=(Quote(t[:20], None, 90.0),), relation=Relation("agree", 0.5),
                        source_id=str(k), published="2020", salutation="Hi", signature="pl")
                for k, t in enumerate(real_texts[:300])]
    tones = [Tone(compound=k / 300) for k in range(300)]
    expected = tuple(replace(c, tone=t) for c, t in zip(comments, tones, strict=True))
    assert _with_tones(comments, tones) == expected

"""Incivility lexicon and target weighting, on seed passages and made-up cases."""

from __future__ import annotations

import pytest

from threads.score.incivility import _parse, incivility, lexicon


def test_lexicon_loads_with_categories():
    lex = lexicon()
    assert {name for name, _w in lex.categories} == {"insult", "contempt", "profanity"}
    assert {"ISIS", "USAF", "NYT"} <= lex.acronyms


def test_lexicon_rejects_term_without_header():
    with pytest.raises(ValueError, match="before any"):
        _parse("idiot\n[insult 0.4]\nmoron\n")


@pytest.mark.parametrize("text, term", [
    ("Rohrbacker is a dumbbell and know nothing. pl", "dumbbell"),  # seed: name-calling
    ("What I object to in this is the moronic idea that the US created IS.", "moronic"),  # seed
    ("Is there anything other than your fevered imagination that makes it clear?",
     "fevered imagination"),  # seed: contempt
    ("Are those actual quotations or are you just pulling them out of the air?",
     "pulling them out of the air"),  # seed: contempt
    ("Don't you have a god given right to be a dickhead?", "dickhead"),  # MaskMandate
    ("This is fucking ridiculous.", "fucking"),
])
def test_triggers(text, term):
    score, terms = incivility(text)
    assert term in terms
    assert 0.2 < score <= 1.0


def test_civil_text_scores_zero():
    assert incivility("Thank you. I guess they did not reach their destination as b thought.") == (0.0, ())
    assert incivility("") == (0.0, ())


def test_insulting_a_person_scores_higher_than_insulting_an_idea():
    person, _ = incivility("You are stupid.")
    idea, _ = incivility("That notion is just stupid.")
    named, _ = incivility("Rohrbacker is a dumbbell.")
    plain, _ = incivility("A dumbbell.")
    assert person > idea
    assert named > plain


def test_acronyms_and_short_caps_are_not_shouting():
    # Seed: acronyms are names; "MANY" and "NOTHING" are emphasis, counted mildly.
    assert incivility("The NYT says ISIS, the USAF and the US army were near CENTCOM.") == (0.0, ())
    score, terms = incivility("The U.S. has MANY times let corridors open. It has NOTHING to do with it.")
    assert terms == ("MANY", "NOTHING")
    assert 0.1 < score < 0.2


def test_all_caps_comment_is_shouting_and_counts_each_word_once():
    score, terms = incivility("FUCK THIS SHIT! I JUST DONT WANT TO GET IN TROUBLE.")
    assert terms[0] == "fuck"
    assert len(terms) == len({t.lower() for t in terms})
    assert score > 0.6


def test_score_is_bounded():
    score, _ = incivility("You idiot, you moron, you stupid fucking clown. " * 20)
    assert 0.9 < score <= 1.0


def _scan_every_word(text: str) -> tuple[float, tuple[str, ...]]:
    """incivility() as first written: the lexicon tried at every word, no set prefilter."""
    from threads.score.incivility import (
        _CAPS_RUN,
        _WORD,
        SHOUT_MAX_WORDS,
        SHOUT_WEIGHT,
        _match_at,
        _shouting,
        _target,
    )

    lex = lexicon()
    tokens = _WORD.findall(text)
    if not tokens:
        return 0.0, ()
    lowers = _WORD.findall(text.lower().replace("\u2019", "'"))
    hits = []
    i = 0
    while i < len(lowers):
        found = _match_at(lex, lowers, i)
        if found is None:
            i += 1
            continue
        length, weight = found
        hits.append((i, " ".join(lowers[i:i + length]),
                     min(0.95, weight * _target(tokens, lowers, i, i + length))))
        i += length
    if _CAPS_RUN.search(text) or text.isupper():
        listed = {term for _pos, term, _w in hits}
        shouted = [(k, w) for k, w in _shouting(tokens, lex.acronyms) if w.lower() not in listed]
        hits += [(k, w, SHOUT_WEIGHT) for k, w in shouted[:SHOUT_MAX_WORDS]]
    if not hits:
        return 0.0, ()
    keep, terms = 1.0, []
    for _pos, term, w in sorted(hits):
        keep *= 1.0 - w
        if term not in terms:
            terms.append(term)
    return round(1.0 - keep, 4), tuple(terms)


def test_prefiltered_scan_equals_scanning_every_word_on_real_comments():
    # incivility() looks only at words that can start a term (set operations on the
    # comment's words) and lower-cases ASCII words without a second regex pass.
    from bench.corpus_texts import all_texts
    from tests.conftest import CORPORA, corpus
    from threads.score.tone import normalize_quotes

    corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv")
    texts = all_texts(CORPORA)
    samples = texts + [normalize_quotes(t) for t in texts] + [t.upper() for t in texts[:2000]]
    samples += ["You people are sheep.", "get a life", "conspiracy theorists again", "Kelvin \u212aILL",
                "\u0130diot", "idiot\u2019s", "you  people", "a you people b", "people you"]
    scored = [incivility(t) for t in samples]
    assert sum(1 for _s, terms in scored if terms) > 1000
    assert [t for t, got in zip(samples, scored, strict=True) if got != _scan_every_word(t)] == []

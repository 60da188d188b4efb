"""Incivility: name-calling, contempt, profanity and shouting in a comment's own words.

:func:`incivility` returns a score in [0, 1] and the terms that triggered it. The
word list lives in ``threads/data/incivility.txt`` (categories with weights and the
reasons for them). A hit counts more when it is aimed at a person or their group
(a second-person word, a third-person pronoun or a capitalised name just before it,
or "you" right after it as in "idiot, you...") and less when it is aimed at an idea
("the moronic idea", "that notion is just stupid"). Shouting is an all-caps word of
four letters or more that is not a known acronym.

Not supported, and so missed: sarcasm and faint praise ("I thought you were one of
the sane people here"), dog whistles and coded slurs, identity slurs (not listed on
purpose), misspelt or masked swearing ("f*ck", "a$$"), insults built from ordinary
words ("you have the reasoning of a goldfish"), and every language but English.
Quoted words are the caller's business: score the commenter's own words only.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import compress

__all__ = ["incivility", "Lexicon", "lexicon"]

# How much a hit's weight is scaled by whom it is aimed at.
PERSON_BOOST = 1.6
GROUP_BOOST = 1.3
IDEA_DAMPING = 0.6
SHOUT_WEIGHT = 0.08
SHOUT_MAX_WORDS = 4
STEM_HEAD = 4  # a stem ("fuck*") has at least this many letters

_SECOND_PERSON = frozenset(
    "you your you're youre yours yourself yourselves you've you'd you'll ya u ur".split())
_THIRD_PERSON = frozenset("he she they him her them his their these those people guy guys folks".split())
_FIRST_PERSON = frozenset("i i'm im me my myself".split())
_IDEA_NOUNS = frozenset(
    "idea ideas notion notions argument arguments theory theories claim claims belief beliefs "
    "policy policies point points comment comments statement statements take logic reasoning "
    "thing things decision decisions rule rules law laws mandate mandates question questions "
    "article post plan proposal premise assumption narrative story excuse analogy".split())
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_CAPS_RUN = re.compile(r"[A-Z]{4}")
_NAME_STOP = frozenset(
    "I The A An This That These Those It He She They We You And But Or So If When Then "
    "What Why How Who Is Are Was Were Do Does Did Not No Yes Well Now".split())


Term = tuple[tuple[str, bool], ...]  # (word, matches any ending) per word
_head = operator.itemgetter(slice(STEM_HEAD))  # the first STEM_HEAD letters of a word


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled incivility lexicon.

    Terms are indexed by their first word: ``exact`` by the word itself, ``stems``
    by a prefix (a trailing ``*`` in the file), so a comment is matched in one pass
    over its words with dictionary look-ups (regex alternations of a few hundred
    terms were the slowest part of tone scoring).
    """

    exact: dict[str, tuple[tuple[Term, str, float], ...]]
    stems: dict[str, tuple[tuple[Term, str, float], ...]]
    # Per key of ``exact``: the words after the first that each of its terms needs
    # (those without ``*``); a comment lacking all of some term's words cannot match it.
    exact_needs: dict[str, tuple[frozenset[str], ...]]
    stem_lengths: tuple[int, ...]
    stem_start: re.Pattern[str]  # matches a word that starts with any stem (one C-level test)
    stem_heads: frozenset[str]  # the first STEM_HEAD letters of every stem
    acronyms: frozenset[str]
    categories: tuple[tuple[str, float], ...]


def _parse(text: str) -> Lexicon:
    sections: dict[tuple[str, float], list[str]] = {}
    current: tuple[str, float] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name, weight = line[1:-1].split()
            current = (name, float(weight))
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"incivility lexicon: term {line!r} before any [category weight] header")
        sections[current].append(line)
    acronyms: frozenset[str] = frozenset()
    exact: dict[str, list[tuple[Term, str, float]]] = {}
    stems: dict[str, list[tuple[Term, str, float]]] = {}
    cats = []
    for (name, weight), terms in sections.items():
        if name == "acronym":
            acronyms = frozenset(t.upper() for t in terms)
            continue
        cats.append((name, weight))
        for t in terms:
            term: Term = tuple((w.rstrip("*").lower(), w.endswith("*")) for w in t.split())
            first, prefix = term[0]
            (stems if prefix else exact).setdefault(first, []).append((term, name, weight))
    # Longest terms first so "piece of shit" wins over "shit"; file order breaks ties.
    def order(d: dict[str, list[tuple[Term, str, float]]]) -> dict[str, tuple[tuple[Term, str, float], ...]]:
        return {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in d.items()}

    stem_start = re.compile("|".join(re.escape(k) for k in sorted(stems, key=len, reverse=True))
                            or r"(?!)")
    if any(len(k) < STEM_HEAD for k in stems):
        raise ValueError(f"incivility lexicon: a term ending in * needs {STEM_HEAD} letters before it")
    needs = {k: tuple(frozenset(w for w, prefix in term[1:] if not prefix) for term, _n, _w in v)
             for k, v in exact.items()}
    return Lexicon(order(exact), order(stems), needs, tuple(sorted({len(k) for k in stems})), stem_start,
                   frozenset(k[:STEM_HEAD] for k in stems), acronyms, tuple(cats))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (``threads/data/incivility.txt``), read once per process."""
    text = resources.files("threads").joinpath("data", "incivility.txt").read_text(encoding="utf-8")
    return _parse(text)


def _target(tokens: list[str], lowers: list[str], start: int, end: int) -> float:
    """Scale for a hit spanning tokens [start, end): person > group > unknown > idea."""
    before = lowers[max(0, start - 4):start]
    after = lowers[end:end + 2]
    if any(w in _SECOND_PERSON for w in before) or (after and after[0] in _SECOND_PERSON):
        return PERSON_BOOST
    if after and after[0] in _IDEA_NOUNS or any(w in _IDEA_NOUNS for w in lowers[max(0, start - 3):start]):
        return IDEA_DAMPING
    if any(w in _FIRST_PERSON for w in lowers[max(0, start - 3):start]):
        return IDEA_DAMPING  # self-deprecation ("I'm an idiot for ...") hurts no one else
    if any(w in _THIRD_PERSON for w in before):
        return GROUP_BOOST
    # A name just before the insult ("Smith is a dumbbell"): capitalised, not sentence-initial
    # function word.
    for k in range(max(0, start - 3), start):
        tok = tokens[k]
        if tok[:1].isupper() and not tok.isupper() and tok not in _NAME_STOP:
            return PERSON_BOOST
    return 1.0


def _word_matches(word: str, pattern: tuple[str, bool]) -> bool:
    text, prefix = pattern
    return word.startswith(text) if prefix else word == text


def _match_at(lex: Lexicon, lowers: list[str], i: int) -> tuple[int, float] | None:
    """(number of words, weight) of the longest lexicon term starting at word ``i``."""
    word = lowers[i]
    candidates = lex.exact.get(word, ())
    if word[:STEM_HEAD] in lex.stem_heads:
        candidates = list(candidates)
        for n in lex.stem_lengths:
            if n > len(word):
                break
            candidates.extend(lex.stems.get(word[:n], ()))
    best: tuple[int, float] | None = None
    for term, _name, weight in candidates:
        n = len(term)
        if best is not None and n <= best[0]:
            continue
        if i + n <= len(lowers) and all(_word_matches(lowers[i + k], term[k]) for k in range(1, n)):
            best = (n, weight)
    return best


def _words(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` as written, and those of its lower-cased form (typographic
    apostrophes made ASCII) that the lexicon is matched against."""
    tokens = _WORD.findall(text)
    if text.isascii():
        # Lower-casing ASCII keeps every character in or out of the word class, so the
        # words of the lower-cased text are the lower-cased words (no second regex pass).
        return tokens, list(map(str.lower, tokens))
    return tokens, _WORD.findall(text.lower().replace("\u2019", "'"))


def _starts(lex: Lexicon, words: set[str]) -> set[str]:
    """The words of a comment at which a lexicon term may start (a superset of the real starts).

    Many terms start with a common word ("you people", "get a life"); a first word counts
    only when the comment also has the other words of one of its terms, so most comments
    skip the scan for matches. Set operations run in C: no loop over the comment's words.
    """
    needs = lex.exact_needs
    # keys() & words iterates over the comment's words; words & needs would iterate the lexicon.
    starts = {w for w in needs.keys() & words if any(map(words.issuperset, needs[w]))}
    # Words whose first letters start a stem (a C-level pass; usually none), checked in full.
    stem_start = lex.stem_start.match
    starts.update(w for w in compress(words, map(lex.stem_heads.__contains__, map(_head, words)))
                  if stem_start(w))
    return starts


def _shouting(tokens: list[str], acronyms: frozenset[str]) -> list[tuple[int, str]]:
    """(word index, word) of shouted words."""
    words = [(k, t) for k, t in enumerate(tokens) if t.isalpha()]
    # A comment typed entirely in capitals is shouting even if each word is short.
    if len(words) >= 4 and all(w.isupper() for _k, w in words):
        return [(k, w) for k, w in words if len(w) >= 2 and w not in acronyms]
    return [(k, w) for k, w in words if len(w) >= 4 and w.isupper() and w not in acronyms]


def incivility(text: str, lex: Lexicon | None = None) -> tuple[float, tuple[str, ...]]:
    """Score how uncivil ``text`` is, in [0, 1], with the terms that triggered it.

    Parameters
    ----------
    text : str
        The commenter's own words (quotes of others removed).
    lex : Lexicon, optional
        A lexicon other than the packaged one.

    Returns
    -------
    (float, tuple of str)
        The score and the triggering terms in order of appearance (lower case,
        except shouted words, which keep their capitals).

    Examples
    --------
    >>> incivility("Thanks, that is a fair point.")
    (0.0, ())
    >>> score, terms = incivility("You are an idiot.")
    >>> terms, score > 0.5
    (('idiot',), True)
    """
    lex = lex or lexicon()
    tokens, lowers = _words(text)
    if not tokens:
        return 0.0, ()
    hits: list[tuple[int, str, float]] = []
    starts = _starts(lex, set(lowers))
    if starts:  # else the comment contains no term at all
        free = 0  # the first word not inside an earlier hit
        for i in [k for k, word in enumerate(lowers) if word in starts]:
            if i < free:
                continue
            found = _match_at(lex, lowers, i)
            if found is None:
                continue
            length, weight = found
            scale = _target(tokens, lowers, i, i + length)
            hits.append((i, " ".join(lowers[i:i + length]), min(0.95, weight * scale)))
            free = i + length
    if _CAPS_RUN.search(text) or text.isupper():  # most comments have no capitals to shout with
        listed = {term for _pos, term, _w in hits}
        shouted = [(k, w) for k, w in _shouting(tokens, lex.acronyms) if w.lower() not in listed]
        for k, word in shouted[:SHOUT_MAX_WORDS]:
            hits.append((k, word, SHOUT_WEIGHT))
    if not hits:
        return 0.0, ()
    hits.sort()
    keep = 1.0
    terms: list[str] = []
    for _pos, term, w in hits:
        keep *= 1.0 - w
        if term not in terms:
            terms.append(term)
    return round(1.0 - keep, 4), tuple(terms)

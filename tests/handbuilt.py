"""Small threads built by hand for graph and export tests: scored, unscored, awkward text."""

from __future__ import annotations

from dataclasses import replace

from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Quote,
    Relation,
    RelationLabel,
    Speaker,
    Thread,
    Tone,
)

P = EvidenceTarget.PARENT
S = EvidenceTarget.SPEAKER

# Names a writer could choke on: quotes, a newline, markup, emoji, a control character.
HOST_NAME = 'Ann "the host"\nSmith'
BOB_NAME = "Bob <script>alert('x')</script> & co"
ZOE_NAME = "Zo\u00eb \U0001F642\x01"
ZOE_CLEAN = "Zo\u00eb \U0001F642"


def scored_thread() -> Thread:
    """Seven comments, four speakers (one anonymous), tone, relations and camps set.

    Reply tree (relation, parent evidence confidence)::

        c1 Ann (host)
          c2 Bob        disagree -0.7, 0.8, also quotes c1
            c3 anon     agree 0.5, 0.4
            c4 Ann      disagree -0.3, 0.9
              c6 Bob    neutral 0.0, 0.2
        c5 Zoe          (unscored tone), quotes c3
          c7 Ann        (no relation, no evidence: the input's own structure)
    """
    speakers = (
        Speaker("s1", HOST_NAME, aliases=("AS", "Ann"), host=True, camp="A", camp_confidence=0.9),
        Speaker("s2", BOB_NAME, camp="B", camp_confidence=0.6),
        Speaker("s3", "Anonymous 1", named=False),
        Speaker("s4", ZOE_NAME, camp="A"),
    )

    def tone(compound: float, incivility: float = 0.0) -> Tone:
        return Tone(compound=compound, pos=max(compound, 0.0), neu=0.5, neg=max(-compound, 0.0),
                    incivility=incivility, incivility_terms=("idiot",) if incivility else ())

    comments = (
        Comment("c1", "s1", "Opening remarks\x00 with a NUL, a bell \x07, an emoji \U0001F389 and "
                "<script>alert(1)</script>. " + "Long sentence about policy. " * 10,
                tone=tone(0.3), published="2017-03-01T12:00:00+00:00",
                evidence=(Evidence(S, EvidenceKind.NAME_LINE, "author line", 1.0),)),
        Comment("c2", "s2", 'You are wrong, "Ann".\r\nOpening remarks indeed.', parent="c1",
                tone=tone(-0.6, 0.4), relation=Relation(RelationLabel.DISAGREE, -0.7, ("wrong",)),
                quotes=(Quote("Opening remarks", "c1", 95.0),),
                evidence=(Evidence(P, EvidenceKind.SALUTATION, "addresses Ann", 0.8),
                          Evidence(P, EvidenceKind.QUOTE, "quotes c1", 0.7)),
                published="March 1, 2017"),
        Comment("c3", "s3", "I agree with Bob.", parent="c2", tone=tone(0.4),
                relation=Relation(RelationLabel.AGREE, 0.5),
                evidence=(Evidence(P, EvidenceKind.DISCOURSE, "follows Bob", 0.4),)),
        Comment("c4", "s1", "No, Bob.", parent="c2", tone=tone(-0.2),
                relation=Relation(RelationLabel.DISAGREE, -0.3),
                evidence=(Evidence(P, EvidenceKind.HOST_INLINE, "inline answer", 0.9),),
                addressees=("s2",), signature="AS"),
        Comment("c5", "s4", "Quoting anon: I agree with Bob.", tone=None,
                quotes=(Quote("I agree with Bob.", "c3", 100.0), Quote("a politician", None, 0.0))),
        Comment("c6", "s2", "Fine.\tWhatever \\ backslash", parent="c4", tone=tone(0.0),
                relation=Relation(RelationLabel.NEUTRAL, 0.0),
                evidence=(Evidence(P, EvidenceKind.SIMILARITY, "shared words", 0.2),),
                salutation="Ann -"),
        Comment("c7", "s1", "Welcome, Zo\u00eb.", parent="c5", tone=tone(0.5)),
    )
    return Thread(id="t1", title="A post <about> \"things\"", url="http://example.org/p?a=1&b=2",
                  published="2017-03-01", platform="typepad", source="hand-built", host="s1",
                  speakers=speakers, comments=comments, meta=(("post_id", "42"),))


def unscored(thread: Thread) -> Thread:
    """The same thread as if never scored: no tone, relation or camp."""
    return replace(
        thread,
        speakers=tuple(replace(s, camp=None, camp_confidence=None) for s in thread.speakers),
        comments=tuple(replace(c, tone=None, relation=None) for c in thread.comments),
    )

"""A small analysed thread built by hand, modelled on the seed's debate (for dashboard tests).

Tone, relation and camp values are set by hand, as the scoring stages would set
them, so view tests do not depend on the scorers' current numbers. One comment
carries markup that must be shown as text.
"""

from __future__ import annotations

from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Relation,
    RelationLabel,
    Speaker,
    Thread,
    Tone,
)

MALICIOUS = 'I agree. <script>alert("x")</script><img src=x onerror="alert(1)"> **bold** [link](http://e.com)'


def _c(cid, sp, text, parent=None, label=None, score=0.0, compound=0.0, incivility=0.0, kind=None):
    ev = [Evidence(EvidenceTarget.SPEAKER, EvidenceKind.SIGNATURE, f"signed by {sp}", 0.9)]
    if parent:
        ev.append(Evidence(EvidenceTarget.PARENT, kind or EvidenceKind.SALUTATION,
                           f"addresses the author of {parent}", 0.8))
    rel = Relation(RelationLabel(label), score, ("no,",) if label == "disagree" else ()) if label else None
    return Comment(id=cid, speaker=sp, text=text, parent=parent, evidence=tuple(ev),
                   tone=Tone(compound=compound, incivility=incivility), relation=rel)


def analysed_thread() -> Thread:
    speakers = (
        Speaker("s1", "pl", host=True, camp="A"),
        Speaker("s2", "JJackson", camp="B"),
        Speaker("s3", "Porkchop", camp="A"),
        Speaker("s4", "Twisted Genius", camp="A"),
        Speaker("s5", "Peter in Toronto", camp="B"),
        Speaker("s6", "<b>Mallory</b>", named=True),
    )
    comments = (
        _c("c1", "s2", "What about the famous deconfliction process between the US and Russia?",
           compound=0.1),
        _c("c2", "s1", "The de-confliction process exists to prevent engagements.", "c1", "neutral",
           0.0, 0.2),
        _c("c3", "s5", "It is straightforward to interpret the bombing as sabotage of any agreement.",
           compound=-0.4),
        _c("c4", "s1", "Are those actual quotations or are you just pulling them out of the air?", "c3",
           "disagree", -0.8, -0.5, 0.3),
        _c("c5", "s5", "No, the facts are tortured by you, not me.", "c4", "disagree", -0.6, -0.6, 0.5),
        _c("c6", "s3", "Colonel - my understanding is that the Coalition cut the road.", "c2", "agree",
           0.5, 0.3),
        _c("c7", "s4", "The convoy was not hit, just blocked. Good call, Colonel.", "c6", "agree", 0.7, 0.6),
        _c("c8", "s2", "You are wrong about the buses, and you know it.", "c7", "disagree", -0.7, -0.5,
           0.2),
        _c("c9", "s6", MALICIOUS, "c8", "agree", 0.4, 0.3),
    )
    return Thread(id="handmade", title=None, published="30 August 2017", platform="typepad",
                  host="s1", speakers=speakers, comments=comments,
                  meta=(("previous_post", "US troops in northern Syria came under direct attack"),
                        ("next_post", "Adversarial games")))

"""A hand-built thread modelled on the seed (seeds/002_07c1f8e8e588d880.txt).

The words are the seed's own (some comments shortened); speakers, reply links,
quotes, tone and relations are set by hand the way a careful reader sees them, so
the positions stage can be tested without the reader and scorers in front of it.

Who is who in the seed: the host signs "pl" and is addressed as "Colonel"; "The
Twisted Genius" (TTG), "The Porkchop Express" (PE), "b", "JJackson" and "Peter in
Toronto" are named; the rest are unnamed. The dispute: did the US tolerate or use
IS? The host and TTG say no; b, an unnamed commenter ("the US did tacitly support
Islamic State") and another ("sorry, but ...") say yes. Peter in Toronto wants the
buses struck; TTG calls that an atrocity.
"""

from __future__ import annotations

from threads.model import Comment, Quote, Relation, RelationLabel, Speaker, Thread, Tone

AGREE, DISAGREE, NEUTRAL = RelationLabel.AGREE, RelationLabel.DISAGREE, RelationLabel.NEUTRAL

SPEAKERS = (
    Speaker("s1", "Anonymous 1", named=False),
    Speaker("pl", "Pat Lang", aliases=("pl", "Colonel"), host=True),
    Speaker("msg", "Anonymous 2", named=False),  # "the message to the Syrians ..."
    Speaker("ttg", "The Twisted Genius", aliases=("TTG",)),
    Speaker("jj", "JJackson"),
    Speaker("b", "b"),
    Speaker("road", "Anonymous 3", named=False),  # "They didn't bomb the convoy, only the road"
    Speaker("pe", "The Porkchop Express"),
    Speaker("tacit", "Anonymous 4", named=False),  # "The US did tacitly support Islamic State"
    Speaker("bar", "Anonymous 5", named=False),  # "What's next?": no reply, no relation
    Speaker("peter", "Peter in Toronto"),
    Speaker("sorry", "Anonymous 6", named=False),  # "sorry, but ... is just as much a falacy"
    Speaker("oil", "Anonymous 7", named=False),  # the oil tanker trucks
    Speaker("dod", "Anonymous 8", named=False),  # "My recollection is that the Defense Department ..."
)

PL_OBJECTS = ("What I object to in this is the moronic idea that the US created and operates IS as a "
              "proxy force.")
SORRY_EVIDENCE = ("there is alot of evidence that the united states was not very troubled by the rise and "
                  "spread of ISIS and that its existence did serve goals of the united states,")
PETER_SHAME = "It's a shame the US showed this much restraint and did not engage the buses directly."


def _c(cid: str, speaker: str, text: str, parent: str | None = None, relation: tuple | None = None,
       tone: float = 0.0, incivility: float = 0.0, **kw) -> Comment:
    rel = None if relation is None else Relation(relation[0], relation[1])
    return Comment(cid, speaker, text, parent=parent, relation=rel,
                   tone=Tone(compound=tone, incivility=incivility), **kw)


COMMENTS = (
    _c("c1", "s1", 'What about the famous "deconfliction" process between the US and Russia. Did this deal '
       "not come under that agreement?"),
    _c("c2", "pl", "The de-confliction process exists to prevent engagements between US side and Russian "
       "forces. I would expect that this would have gone through that process.", "c1",
       (NEUTRAL, 0.05), signature="pl"),
    _c("c3", "msg", "The convoy was moving on Syrian territory under an agreement with Syrian and Lebanese "
       "governmental parties. It is straightforward to interpret the bombing as an attempt to sabotage any "
       "agreement that is made independently from the USA. The message to the Syrians and Lebanese: \"You "
       "make no deal without us -- even regarding territories that we do not control\".", tone=-0.3),
    _c("c4", "ttg", "My understanding is that the Coalition cut the road that the buses would have had to "
       "take to get to al Bukamal. There was consideration of striking the buses but it was ruled out due "
       "to potential civilian casualties. There is widespread anger in Iraq that the Hezbollah/Lebanese/"
       "Daesh deal would put those Daeshis right smack on the Iraqi border across from al Qaim.",
       addressees=("pl",), salutation="Colonel -", relation=(NEUTRAL, 0.0), tone=-0.6),
    _c("c5", "jj", "The NYT report claims the convoy was not hit, just blocked. I did not see where all this "
       "is supposed to have occurred - anyone here know? The US obviously does not view agreements made by "
       "other parties as binding which is going to make it difficult for the R+6 to continue its policy.",
       "c2", (NEUTRAL, 0.1), addressees=("pl",)),
    _c("c6", "pl", "Are those actual quotations or are you just pulling them out of the air? Do I understand "
       "that you think IS is a US puppet and the US is screwing them to demonstrate its authority? If so, "
       "then you prove my point that the facts will be tortured enough to make existing illusions "
       "continue.", "c3", (DISAGREE, -0.7), tone=-0.4, signature="pl"),
    _c("c7", "pl", "I am told that there are 17 buses and that the number of people given in the press is "
       "about right. The US says that we have not yet struck the buses themselves, but the convoy is stuck "
       "out in the desert and CENTCOM has no idea what to do about it.", "c4", (AGREE, 0.3),
       signature="pl"),
    _c("c8", "b", "The U.S.did not bomb the convoy but a small bridge in its way. The convoy reached its "
       "target. The U.S. has MANY times let corridors open for ISIS to escape towards Syria. In Manbij "
       "(August 2016) the U.S. made a deal with ISIS and let some 200 ISIS and additional civilians retreat "
       "towards Turkey. To now come up against this deal has obviously NOTHING to do with the U.S. being "
       "averse to such deals or its willingness to fight ISIS.", "c7", (DISAGREE, -0.5), tone=-0.5),
    _c("c9", "ttg", "I thought they were stranded in town of Hamimah and had not yet been handed over to "
       "Daesh escorts? Anger continues in Iraq about this deal.", "c8", (DISAGREE, -0.4), tone=-0.5),
    _c("c10", "pl", "To the person who wrote to give me a sermon about \"my country right or wrong.\" My "
       "record of public opposition to the Iraq War speaks for itself. " + PL_OBJECTS + " That notion is "
       "just stupid and born of hating America.", tone=-0.8, incivility=0.6, signature="pl"),
    _c("c11", "road", "They didn't bomb the convoy, only the road they were taking to Deir Ezzor. In effect, "
       "they prevented them from being subject to air attacks at their destination.", "c3",
       (DISAGREE, -0.3)),
    _c("c12", "ttg", "There has been some Arab components within the SDF that made deals with local tribal "
       "elders in Manbij and elsewhere to release men that had been forcibly conscripted by Daesh. On the "
       "other hand the Coalition has never a party to that and they have never made a deal with Daesh. Any "
       "BS to the contrary is more agitprop.", "c8", (DISAGREE, -0.8), addressees=("b",),
       salutation="b -", tone=-0.3, incivility=0.2),
    _c("c13", "pe", "The buses are sitting in the desert while drones and jets circling.", "c8",
       (DISAGREE, -0.3)),
    _c("c14", "tacit", "The US did tacitly support Islamic State. I wouldn't go so far to suggest they "
       "directed and outright created ISIS; however, it's clear the US had a relative tolerance for ISIS "
       "as an ally in the fight against Assad. Moreover, the US played a significant role in creating the "
       "basis that allowed IS to come about. I concur with General Flynn, it was a willful decision to "
       "allow a group like IS into being.", "c10", (DISAGREE, -0.45), tone=0.4),
    _c("c15", "pl", "I thought you were one of the sane people here. Is it the Greek mentality that "
       "inclines you to conspircy theories. It is true that US ineptitude in Iraq created the conditions "
       "that made the rise of IS possible but no more than that. We never made cpommon cause with IS "
       "against Assad, AQ yes, but not IS. Is there anything other than your fevered imagination that "
       "makes it clear?", "c14", (DISAGREE, -0.9), tone=-0.7, incivility=0.5, signature="pl"),
    _c("c16", "pl", '"The buses are sitting in the desert while drones and jets circling" Thank you. I guess '
       "they did not reach their destination as b thought.", "c13", (AGREE, 0.6),
       addressees=("b",), salutation="PE and b", tone=0.4, signature="pl",
       quotes=(Quote("The buses are sitting in the desert while drones and jets circling", "c13", 100.0),)),
    _c("c17", "ttg", "Road was cut on this road near T2. Buses still at Humayah:", "c5", (AGREE, 0.2),
       addressees=("jj",), salutation="JJackson -"),
    _c("c18", "bar", "What's next? Are the nihilistic barbarians going to blow themselves up?", tone=-0.4),
    _c("c19", "peter", "I find it disappointing that the Syrians and Lebanese even agreed to such an "
       "arrangement, rather than spending a few more days and destroying them in their nests. "
       + PETER_SHAME + " IMO, the only way to deal with the Jihadist mentality is to wage total war against "
       "anyone carrying such thoughts. Destroy the combatants and their families, IMO.", tone=-0.9,
       incivility=0.3),
    _c("c20", "sorry", 'sorry, but "' + PL_OBJECTS + '" is just as much a falacy. ' + SORRY_EVIDENCE
       + " and that the main supporters (the source of all their preachers) are close us allies.",
       "c10", (DISAGREE, -0.6), tone=-0.2,
       quotes=(Quote(PL_OBJECTS, "c10", 100.0),)),
    _c("c21", "pl", '"' + SORRY_EVIDENCE + '" No, there is not a lot of evidence and you have produced none. '
       "The Saudis and Qataris supported IS. Yes, they probably did. do you think they take orders from "
       "Washington? Rohrbacker is a dumbbell and know nothing.", "c20", (DISAGREE, -0.8), tone=-0.6,
       incivility=0.4, signature="pl", quotes=(Quote(SORRY_EVIDENCE, "c20", 100.0),)),
    _c("c22", "oil", "The satellite photos of the caravan of ISIS oil tanker trucks lined up to sell their "
       "oil to Turkey that the Russians eventually bombed to smithereens that the USA did not publicize "
       "or bomb is proof enough for me that USA wanted ISIS to do their dirty work in Syria. Just like Al "
       "Quida, we support them when we need them, then kill them when we don't.", tone=-0.7),
    _c("c23", "pl", "Now this is the first intelligent and telling point made about this. I will ask if "
       "there is a good explanation and let you know.", "c22", (AGREE, 0.7), tone=0.7, signature="pl"),
    _c("c24", "ttg", '"' + PETER_SHAME + '" If anyone under my command every tried to do such a thing, I '
       "would have them locked in irons. I've done a lot worse to atrocity committers in my youth. Wrong "
       "is wrong, my friend, and it can never be tolerated.", "c19", (DISAGREE, -0.9),
       addressees=("peter",), salutation="Peter in Toronto,", tone=-0.8, incivility=0.1,
       quotes=(Quote(PETER_SHAME, "c19", 100.0),)),
    _c("c25", "dod", "My recollection is that the Defense Department said that the USAF couldn't bomb the "
       "ISIL oil tanker trucks because they were being driven by civilians.", "c22", (NEUTRAL, -0.1)),
)

THREAD = Thread(id="seedlike", title="US troops and the ISIS convoy", platform="typepad", host="pl",
                speakers=SPEAKERS, comments=COMMENTS)

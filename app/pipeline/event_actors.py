"""Who an event belongs to: the claimant or attributed group of an attack, the speaker of a
threat, demand or truce. Reads the actor mentions of `ctx.actors`.

"The group", "its spokesman", "it said" refer back to the last militia named; a spokesman named
once ("Jaafar al-Husseini, spokesman for Kata'ib Hezbollah") speaks for it when quoted later.
Plural generic subjects ("militias", "factions") give an event with no actor.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from app.pipeline.event_rules import EventRules
from app.pipeline.types import ActorMention, DocContext, Sentence

RE_NOT_SUBJECT = re.compile(
    r"(?:\b(?:from|by|with|against|on|at|to|of|in|for|toward|towards|over|into|about|"
    r"if|unless|includ(?:es|ing|ed)|such as|like|among|between|and|or|than|"
    r"told|tells|telling|informed|briefed|address(?:ed|ing)|"  # "told lawmakers": addressees
    r"backed by|aligned with|allied (?:with|to)|loyal to|supported by|close to|linked to)"
    r"\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,2})$",
    re.IGNORECASE,
)
RE_SPEAKER_PREP = re.compile(
    r"\b(?:spokesman|spokesperson|spokeswoman|leader|head|chief|commander|official|member|"
    r"secretary[- ]general|statement|fighters?|leaders|officials)\s+"
    r"(?:of|for|(?:issued\s+|released\s+|signed\s+)?by)\s+(?:the\s+)?"
    r"(?:[\w’'-]+\s+){0,3}$",
    re.IGNORECASE,
)
RE_REPORTING = re.compile(
    r"\b(?:said|says|told|tweeted|stated|added|stressed|insisted|announced|warned|declared)\b",
    re.IGNORECASE,
)
# an aside between dashes, or in brackets when longer than an alias ("(ISIS)", "(PMF)")
RE_ASIDE = re.compile(r"(?:—|–| -- )[^—–]{1,160}?(?:—|–| -- )|\((?:[^()\s]+\s+){3,}[^()]*\)")
RE_TRAILING_SAID = re.compile(
    r"(?:’s|'s)?\s*,?\s*(?:said|says|stated|warned|added|announced|declared|tweeted)\b"
    r"[^.,;]{0,50}[.”\"]*\s*$",
    re.IGNORECASE,
)
RE_SPEECH_PARTICIPLE = re.compile(
    r",\s+(?:stressing|saying|adding|warning|noting|insisting|declaring|vowing|threatening)\b",
    re.IGNORECASE,
)
RE_PRONOUN_END = re.compile(r"\b(?:he|she|it|they|we|I)\s+$", re.IGNORECASE)
RE_SOURCE = re.compile(
    r"\baccording to (?:an? |the )?(?:(?:statement|communique|post|message|video|spokesman|"
    r"spokesperson) (?:from|by|of|issued by) )?(?:the )?",
    re.IGNORECASE,
)
_NAME = r"(?:Abu |Al-|al-)?[A-Z][\w’'-]+(?: (?:al-|Al-|bin |ibn )?[A-Z][\w’'-]+){0,3}"
RE_NAME_APPOSITION = re.compile(
    rf"(?P<name>{_NAME}),? (?:a |the )?(?:[\w-]+ ){{0,3}}?(?:spokesman|spokesperson|leader|"
    rf"commander|secretary[- ]general|head|chief|official) (?:of|for) (?:the )?"
)
RE_TITLE_NAME = re.compile(
    rf"^(?:[’']s)?,? (?:[\w-]+ )?(?:spokesman|spokesperson|leader|commander|secretary[- ]general|"
    rf"head|chief|official),? (?P<name>{_NAME})"
)
RE_NAME_SAID = re.compile(rf"(?P<name>{_NAME}),? (?:said|says|told|tweeted|stated|added|stressed)")
RE_HEAD = re.compile(r"\b(committee|commission|resistance|mobili[sz]ation)\b", re.IGNORECASE)
RE_MODIFIER_PREFIX = re.compile(r"\b(?:pro|anti|non)-$", re.IGNORECASE)
RE_MODIFIER_SUFFIX = re.compile(
    r"-(?:backed|aligned|allied|affiliated|linked|sponsored|funded|supported|led)\b", re.IGNORECASE
)
RE_BY = re.compile(r"(?:\s+[\w-]+){0,3}?\s+by\s+(?:the\s+)?$")
AGENT_GAP = 40
SPEAKER_AFTER_VERB = 40  # ", said the spokesman of the Kata'ib Hezbollah"
SUBJECT_REACH = 300
RE_CONJUNCT = re.compile(r"\s*(?:,|,?\s*and|,?\s*as well as)\s*(?:the\s+)?", re.IGNORECASE)
RECALL_SENTENCES = 10
SPEAKER_FALLBACK_SENTENCES = 3


@dataclass(frozen=True)
class ActorChoice:
    name: str | None
    kind: str | None  # an ActorMention kind, or "generic" for "militias", or None
    role: str  # claimed, attributed, subject, speaker, anaphor, adjective, generic, none
    by: str | None = None  # who attributes it ("US" in "the US blamed KH")
    also: tuple[str, ...] = ()  # militias conjoined with it ("KH and Nujaba threatened")


NO_ACTOR = ActorChoice(None, None, "none")


@dataclass
class ActorMemory:
    """What a document's sentences tell about who "the group" or "he" is.

    It reads the sentences lazily: only when a trigger asks who "the group" is does it catch
    up on the sentences before it (their militias, the one each is about, named spokesmen).
    Most sentences of most articles are never read here."""

    rules: EventRules
    ctx: DocContext
    folded: str  # the document's text folded for the patterns
    starts: list[int] = field(default_factory=list)  # of ctx.actors
    recent: list[tuple[int, str]] = field(default_factory=list)
    speakers: dict[str, str] = field(default_factory=dict)
    read: int = 0  # sentences [0, read) are remembered
    _mentions: dict[int, list[ActorMention]] = field(default_factory=dict)
    _topics: dict[int, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.starts = [a.start for a in self.ctx.actors]

    def mentions(self, index: int) -> list[ActorMention]:
        """The actor mentions of sentence `index`, offsets relative to it."""
        if index not in self._mentions:
            self._mentions[index] = sentence_mentions(
                self.ctx, self.ctx.sentences[index], self.starts
            )
        return self._mentions[index]

    def text(self, index: int) -> str:
        sent = self.ctx.sentences[index]
        return self.folded[sent.start : sent.end]

    def topic(self, index: int) -> str | None:
        """The militia sentence `index` is about (after reading the sentences before it)."""
        if index not in self._topics:
            self.catch_up(index)
            self._topics[index] = sentence_topic(
                self.rules, self.text(index), self.mentions(index), self, index
            )
        return self._topics[index]

    def catch_up(self, index: int) -> None:
        """Remember every sentence before `index`."""
        while self.read < index:
            i = self.read
            topic = self.topic(i)
            sent = self.ctx.sentences[i]
            original = self.ctx.doc.text[sent.start : sent.end]
            remember_sentence(self, original, self.mentions(i), topic, i)
            self.read = i + 1

    def recall(
        self, index: int, head: str | None = None, window: int = RECALL_SENTENCES
    ) -> str | None:
        """The last militia named within `window` sentences before `index`; one whose name
        has `head` ("the committee") first."""
        self.catch_up(index)
        live = [name for i, name in self.recent if index - i <= window]
        if head:
            matching = [n for n in live if head.lower()[:6] in n.lower()]
            if matching:
                return matching[-1]
        return live[-1] if live else None

    def speaker(self, text: str, index: int) -> str | None:
        """The militia of a spokesman named in `text` (linked by an earlier sentence)."""
        self.catch_up(index)
        for key, name in self.speakers.items():
            if re.search(rf"\b{re.escape(key)}\b", text, re.IGNORECASE):
                return name
        return None

    def link(self, person: str, militia: str) -> None:
        key = surname(person)
        if len(key) > 2:
            self.speakers[key] = militia


def surname(person: str) -> str:
    last = person.split()[-1]
    return re.sub(r"^(?:al|Al|el)-", "", last)


def sentence_mentions(ctx: DocContext, sent: Sentence, starts: list[int]) -> list[ActorMention]:
    """The actor mentions inside `sent`, with offsets relative to the sentence."""
    i = bisect_left(starts, sent.start)
    out = []
    text = ctx.doc.text
    while i < len(ctx.actors) and ctx.actors[i].start < sent.end:
        m = ctx.actors[i]
        i += 1
        if RE_MODIFIER_PREFIX.search(
            text, max(0, m.start - 5), m.start
        ) or RE_MODIFIER_SUFFIX.match(text, m.end):
            continue  # "pro-Iran group", "Iran-backed militias": an attribute, not an actor
        out.append(
            ActorMention(m.name, m.kind, m.start - sent.start, m.end - sent.start, m.surface)
        )
    return out


def is_subject_position(text: str, start: int) -> bool:
    before = text[max(0, start - 45) : start]
    return RE_SPEAKER_PREP.search(before) is not None or RE_NOT_SUBJECT.search(before) is None


def head_word(rules: EventRules, text: str) -> str | None:
    m = rules.cues["anaphor"].search(text)
    if m is None:
        return None
    head = RE_HEAD.search(m.group())
    return head.group(1) if head else None


def sentence_topic(
    rules: EventRules, text: str, mentions: list[ActorMention], memory: ActorMemory, index: int
) -> str | None:
    """The militia a sentence is about: its first militia in subject position, or the one an
    anaphor ("the committee said") before any militia name refers back to."""
    militias = [m for m in mentions if m.kind == "militia"]
    anaphor = rules.cues["anaphor"].search(text)
    if anaphor and (not militias or anaphor.start() < militias[0].start):
        return memory.recall(index, head_word(rules, text)) or (
            militias[0].name if militias else None
        )
    if not militias:
        return memory.speaker(text, index) if RE_REPORTING.search(text) else None
    subject = next((m for m in militias if is_subject_position(text, m.start)), militias[0])
    return subject.name


def remember_sentence(
    memory: ActorMemory, text: str, mentions: list[ActorMention], topic: str | None, index: int
) -> None:
    """Update the memory after a sentence: names (first one last, as most salient), speakers."""
    militias = [m for m in mentions if m.kind == "militia"]
    for m in reversed(militias):
        memory.recent.append((index, m.name))
        link_title_name(memory, text, m)
    if not militias and topic is None:
        return
    for found in RE_NAME_APPOSITION.finditer(text):
        after = next((x for x in militias if 0 <= x.start - found.end() <= 60), None)
        if after is not None:
            memory.link(found["name"], after.name)
        elif topic and text[found.end() : found.end() + 4].lower().startswith(("it", "its")):
            memory.link(found["name"], topic)
    if topic is not None:
        memory.recent.append((index, topic))


def link_title_name(memory: ActorMemory, text: str, mention: ActorMention) -> None:
    """ "Badr spokesman Kareem Nuri", "Kataeb Hezbollah spokesman, Abu Ali al-Askari"."""
    m = RE_TITLE_NAME.match(text[mention.end : mention.end + 80])
    if m is not None:
        memory.link(m["name"], mention.name)


def speaker_fallback(
    text: str, memory: ActorMemory, index: int, original: str
) -> ActorChoice | None:
    """A quoted or reported statement with no actor named: the speaker a name links to, or the
    militia of the last few sentences; the speaker's name is then linked to it."""
    if not RE_REPORTING.search(text):
        return None
    name = (
        memory.speaker(text, index)
        or memory.topic(index)
        or memory.recall(index, window=SPEAKER_FALLBACK_SENTENCES)
    )
    if name is None:
        return None
    said = RE_NAME_SAID.search(original)
    if said is not None:
        memory.link(said["name"], name)
    return ActorChoice(name, "militia", "speaker")


def statement_actor(
    rules: EventRules,
    text: str,
    mentions: list[ActorMention],
    trigger: tuple[int, int],
    *,
    memory: ActorMemory,
    index: int,
    original: str | None = None,
) -> ActorChoice:
    """The side making a threat, demand or truce: the nearest actor before the trigger in
    subject position, else a speaker after it, else "the group"/"he", else generic militias."""
    subject = subject_before(text, mentions, trigger[0])
    # "Kaabi dismissed US threats, stressing that any strike will ...": not the US speaking
    said_after = subject is not None and RE_SPEECH_PARTICIPLE.search(text, subject.end, trigger[0])
    if subject is not None and subject.kind != "militia" and said_after:
        subject = None
    trailing = trailing_speaker(text, mentions, trigger[1])
    if trailing is not None and (subject is None or subject.kind != "militia"):
        return ActorChoice(trailing.name, trailing.kind, "speaker")
    if subject is not None:
        m = chain_start(text, mentions, reporting_subject(rules, text, mentions, subject))
        return ActorChoice(m.name, m.kind, "subject", also=conjoined(text, mentions, m, trigger[0]))
    after = [m for m in mentions if m.start >= trigger[1]]
    if after and is_named_speaker(text[trigger[1] : after[0].start]):
        return ActorChoice(after[0].name, after[0].kind, "speaker")
    source = RE_SOURCE.search(text, trigger[1])  # ", according to a statement from X"
    quoted = next((m for m in after if source and 0 <= m.start - source.end() <= 4), None)
    if quoted is not None:
        return ActorChoice(quoted.name, quoted.kind, "speaker")
    anaphor = rules.cues["anaphor"].search(text)
    if anaphor is not None:
        earlier = [m for m in mentions if m.kind == "militia" and m.end <= anaphor.start()]
        name = earlier[-1].name if earlier else memory.recall(index, head_word(rules, text))
        if name is not None:
            return ActorChoice(name, "militia", "anaphor")
    fallback = speaker_fallback(text, memory, index, original or text)
    if fallback is not None:
        return fallback
    if rules.cue("militia_generic", text[: trigger[1]]):
        return ActorChoice(None, "generic", "generic")
    return NO_ACTOR


def subject_before(text: str, mentions: list[ActorMention], start: int) -> ActorMention | None:
    """The nearest actor before `start` in subject position, not inside an aside closed before
    it ("KH — a force separate from Lebanon's Hezbollah — vowed")."""
    asides = [(m.start(), m.end()) for m in RE_ASIDE.finditer(text, 0, start)]
    return next(
        (
            m
            for m in reversed(mentions)
            if m.end <= start
            and start - m.end <= SUBJECT_REACH
            and not any(a <= m.start and m.end <= b for a, b in asides)
            and is_subject_position(text, m.start)
        ),
        None,
    )


def trailing_speaker(text: str, mentions: list[ActorMention], end: int) -> ActorMention | None:
    """The militia a sentence ends by quoting: "US troops may become targets, Nujaba said"."""
    for m in mentions:
        if m.start >= end and m.kind == "militia" and RE_TRAILING_SAID.match(text, m.end):
            return m
    return None


def reporting_subject(
    rules: EventRules, text: str, mentions: list[ActorMention], subject: ActorMention
) -> ActorMention:
    """The militia that says what a state side is named in: "KH's spokesman said that US
    President Trump ...", "Khazali condemned the US President's visit, threatening ..."."""
    if subject.kind == "militia":
        return subject
    for m in mentions:
        if m.end > subject.start:
            break
        between = text[m.end : subject.start]
        if (
            m.kind == "militia"
            and is_subject_position(text, m.start)
            and rules.cue("speech", between)
        ):
            return m
    return subject


def is_named_speaker(between: str) -> bool:
    """ ", said Kata'ib Hezbollah": the actor after a reporting verb speaks; not after "he
    said, in reference to US troops", where a pronoun is the speaker."""
    verb = RE_REPORTING.search(between)
    if verb is None or RE_PRONOUN_END.search(between[: verb.start()]) is not None:
        return False
    return len(between) - verb.end() <= SPEAKER_AFTER_VERB and "that" not in between[verb.end() :]


def chain_start(text: str, mentions: list[ActorMention], m: ActorMention) -> ActorMention:
    """The first militia of a list that ends with `m` ("KH, AAH and Nujaba")."""
    if m.kind != "militia":
        return m
    for previous in reversed([x for x in mentions if x.end <= m.start]):
        if previous.kind != "militia" or not RE_CONJUNCT.fullmatch(text[previous.end : m.start]):
            break
        m = previous
    return m


def conjoined(
    text: str, mentions: list[ActorMention], first: ActorMention, limit: int
) -> tuple[str, ...]:
    """The militias listed with `first` as one subject: "KH, AAH and Nujaba threatened"."""
    if first.kind != "militia":
        return ()
    out: list[str] = []
    last = first
    for m in mentions:
        if m.start < last.end or m.end > limit:
            continue
        if m.kind != "militia" or not RE_CONJUNCT.fullmatch(text[last.end : m.start]):
            break
        if m.name != first.name and m.name not in out:
            out.append(m.name)
        last = m
    return tuple(out)


def attack_actor(
    rules: EventRules,
    text: str,
    mentions: list[ActorMention],
    trigger: tuple[int, int],
    *,
    memory: ActorMemory,
    index: int,
) -> ActorChoice:
    """The claimant or attributed group of an attack; a denial names nobody."""
    if rules.cue("denial", text):
        return NO_ACTOR
    militias = [m for m in mentions if m.kind == "militia"]
    claim = rules.cues["claim"].search(text)
    if claim is not None:
        found = claimant(rules, text, militias, claim, memory, index)
        if found is not None:
            return ActorChoice(found, "militia", "claimed")
    blame = rules.cues["attribution"].search(text)
    if blame is not None and militias:
        near = min(
            militias, key=lambda m: min(abs(m.end - blame.start()), abs(m.start - blame.end()))
        )
        accuser = next(
            (m.name for m in mentions if m.kind != "militia" and m.end <= blame.start()), None
        )
        return ActorChoice(near.name, "militia", "attributed", by=accuser)
    subject = [m for m in militias if 0 <= trigger[0] - m.end <= 40 and m.end <= trigger[0]]
    if subject and is_subject_position(text, subject[-1].start):
        return ActorChoice(subject[-1].name, "militia", "subject")
    agent = next((m for m in militias if 0 <= m.start - trigger[1] <= AGENT_GAP), None)
    if agent is not None and RE_BY.match(text, trigger[1], agent.start):
        return ActorChoice(agent.name, "militia", "attributed")  # "an attack by Kataib Hezbollah"
    return NO_ACTOR


def claimant(
    rules: EventRules,
    text: str,
    militias: list[ActorMention],
    claim: re.Match[str],
    memory: ActorMemory,
    index: int,
) -> str | None:
    if claim.group().lower().endswith("by"):
        after = [m for m in militias if m.start >= claim.end()]
        return after[0].name if after else None
    before = [m for m in militias if m.end <= claim.start()]
    if before:
        return before[-1].name
    if rules.cue("anaphor", text[: claim.end()]):  # "it said it had struck"
        return memory.recall(index)
    return None

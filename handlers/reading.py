"""One reading of each customer message, made once per turn: what the classifier made of it,
the meta-answer it gives (leave, yes, no, wait, repeat, why, a change of mind), whether it
asks something, and the values it names for each field with where they are. Actions read
this; none parses the text again for the same things."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from handlers import decisions, vocabulary
from handlers.answers import asks_for_something
from handlers.clauses import faults_said
from handlers.meta import Meta, asks, names_a_question_word, only_soft, read_meta
from handlers.remedies import remedies_said
from handlers.values import Scope, Value, best, values_in
from handlers.words import morphemes, sentences

log = logging.getLogger(__name__)
# Where a sentence or a clause ends, for a yes or a no said beside other words.
_SENTENCES = re.compile(r"[.!?,;\n]+")
# A run of crying or laughing letters ends a clause as a full stop would ("안됨ㅠ 라벨 …")
_EMOTED = re.compile(r"(?<=[ㅠㅜㅋㅎㅡ])\s+")


def clauses(text: str) -> list[str]:
    """The clauses of a message, each with the mark that ends it: its sentences and clauses
    as the desk splits them (`words.sentences`: a Korean word that ends one, "아니요 환불
    원해요", a connective ending, "아직도 안 되는데 언제 고쳐줘요"), after
    a run of ㅠ or ㅋ ("아뇨 아직 해결 안됨ㅠ 라벨 …"), and where it turns ("아니요 근데 언제 오세요?": "아니요", "언제 오세요?")."""
    found = []
    for start, end in sentences(text, clauses=True):
        for said in _EMOTED.split(text[start:end]):
            turned = vocabulary.pattern("meta", "turns").split(said)
            found += [part for part in turned if part and part.strip()]
    return found


@dataclass(frozen=True)
class Reading:
    """What one message says, read once."""

    text: str
    intent: str | None = None
    confidence: float = 0.0
    meta: Meta = field(default_factory=Meta)
    #: the message asks something ("what do you need from me?"): never a field's value
    asks: bool = False
    #: what the values are read with (the catalogue, the day, the language)
    scope: Scope = field(default_factory=Scope, repr=False, compare=False)

    @cached_property
    def values(self) -> tuple[Value, ...]:
        """The values it names for the complaint's fields, with where they stand: read on
        first use (about a millisecond), since most turns outside the form need none."""
        if self.text.startswith("/"):  # a button's payload: no words to read
            return ()
        return tuple(values_in(self.text, self.scope))

    @property
    def leaves(self) -> bool:
        """The customer calls off what is going on ("we're done", "걍 취소할래"); not a leave
        said before what happened ("…, but never mind. It's about a PlayStation 5 I bought
        …"), which turns to it."""
        return self.meta.answer == "leave" and not self._told_after_leaving()

    def _told_after_leaving(self) -> bool:
        """Whether what the complaint is about is told after the sentence that leaves: what
        it is about ("It's about a PlayStation 5 …"), or a fault of the policy's."""
        text = self.text
        for start, end in sentences(text, clauses=False):
            if read_meta(text[start:end]).leaves:
                rest = text[end:].strip()
                about = vocabulary.says("answers", "about", rest)
                return bool(rest) and (about or bool(faults_said(self.scope.faults, rest)))
        return False

    def consent(self, *, to_leaving: bool = False, strict: bool = False) -> str | None:
        """Yes or no: the words first, then the classifier's affirm or deny. Said with more
        (to an offer to file), a last sentence that is only a yes or a no decides ("no i
        just came here to chat about the weather. yes obviously"), or a wish to file said
        without a no and without other business ("show my complaints"), or something asked
        to be done that is no question ("기사님 보내서 한번 봐주세요") ("접수는 하고 전화는 내일 주든가요", "ok fine file it, the thing is
        useless")."""
        said = self.meta.consent(to_leaving=to_leaving)
        if said is not None or self.meta.only:
            return said
        if not (to_leaving or strict):  # `strict`: a yes or a no said, no wish to file read in
            last = next((p for p in reversed(_SENTENCES.split(self.text)) if p.strip()), "")
            if (found := read_meta(last).consent()) is not None:
                return found
            wants = (
                vocabulary.says("triage", "complain", self.text)
                or (asks_for_something(self.text) and not self.asks)  # "기사님 보내서 봐주세요"
                # "idk fix em or swap em, whatever's faster": what would put it right
                or (remedies_said(self.text) != [] and not self.asks)
            )
            other = vocabulary.says("triage", "other_business", self.text)  # "show my complaints"
            # asking for a person is no yes to filing ("상담원이랑 통화하고 싶어요")
            if wants and not other and not self.meta.says("no") and not self.meta.person:
                return "yes"
            # a yes with what it is about ("Yes dear, it is about the armchair I bought",
            # "네 지난달에 산 식기세척기 얘기예요"): the yes, and the rest kept as an answer
            if self.meta.says("yes") and not (other or self.asks or self.meta.says("no")):
                return "yes"
        return {"affirm": "yes", "deny": "no"}.get(self.intent or "")

    def decision(self, *, by_consent: bool = True) -> str | None:
        """Whether the staff's answer resolves the complaint, when that is what the desk
        awaits: `accept` ("yes that sorts it", "fine whatever"), `decline` ("still leaking,
        not fixed", "아니요 아직 해결 안 됐어요") or None (something else). Words first
        (`nlu/vocabulary/closing.yml`), then the yes or no of `consent`; without
        `by_consent` (a yes or a no answers another question) the words only."""
        # a question in a clause of its own asks, whatever follows it ("… land? lol")
        asking = self.asks or any(asks(clause) for clause in clauses(self.text))
        if not (asking or asks_for_something(self.text)):
            # "hows my complaint going" names a complaint: no yes to the answer
            consent = self.consent(strict=True) if by_consent else None
            if (
                consent == "no"
                and {"yes", "leave"} <= self.meta.kinds
                and not self.meta.says("no")
                and vocabulary.says("closing", "done_leaving", self.text)
            ):
                consent = "yes"  # "Yes. We're done here.": done with it, and a yes
            if consent is None and by_consent and decisions.leads_with_no(self.text):
                consent = "no"  # "nah 10 days without my laptop is a joke"
            found = decisions.decision(self.text, consent, self.scope.faults)
            # "lol no. the banner said free delivery … a voucher is not a refund": the no
            # is a clause of its own, the rest its reason
            found = found or self._by_clause(by_consent=by_consent)
            if found is None and by_consent and decisions.well_taken(self.text, self.scope.faults):
                # "ㅇㅋㅇㅋ 매장가서 바꿀게요 ㄳ", "고맙수다 … 이제 맘 편허우다": glad of the answer,
                # nothing wrong, asked or wanted besides
                found = "accept"
            return found
        # "is this resolved?", "great, but when do I get my money back?", "됐어요 그냥
        # 환불해줘요": a question, or a request that is no acceptance, is passed to staff
        return self._by_clause(asking=True, by_consent=by_consent)

    def _by_clause(self, *, asking: bool = False, by_consent: bool = True) -> str | None:
        """The decision of the message's clauses: one that says no or not resolved, and
        neither asks nor requests, declines ("so that's a no from me. not resolved. what
        happens now?"); one that accepts, a request of acceptance included ("그렇게 해
        주십시오"), accepts unless something else is asked or requested."""
        accepted = blocked = in_words = remarked = False
        parts = clauses(self.text)
        for at, clause in enumerate(parts):
            meta = read_meta(clause)
            if (
                meta.only
                and meta.consent() == "no"
                and any(
                    decisions.explicit(later)
                    and decisions.decision(later, None, self.scope.faults) == "accept"
                    for later in parts[at + 1 :]
                )
            ):
                continue  # "아니 ㅋㅋ 해결됐다고 그거 받을게": a no of impatience, then a yes
            # a yes or a no said; "됐어" alone is no "no" to the answer ("됐어요 됐어 그냥
            # 환불해줘요" asks for something else), nor "ok thanks" beside another clause
            # ("ok thanks, see you wednesday")
            soft = only_soft(clause) or (len(parts) > 1 and decisions.acknowledges(clause))
            said_consent = meta.consent() if not soft else None
            # "아니오 저는 환불을 원합니다": the no opens its reason, a request included
            led = decisions.leads_with_no(clause)
            if said_consent is None and led:
                said_consent = "no"
            said = decisions.decision(
                clause, said_consent if by_consent else None, self.scope.faults, self.text
            )
            # "어쩔 수 없죠.", "어쩌겠습니까", "그건 말이 안되죠": resigned or indignant, asked
            # only by the ending, no question
            rhetorical = "?" not in clause and (
                vocabulary.says("closing", "resigned", clause)
                or (decisions.indignant(clause) and said == "decline")
            )
            # "um yes?? it's resolved": a clause of only a yes or a no, with more said, asks
            # nothing ("yes?" alone may)
            surprised = len(parts) > 1 and meta.only and meta.consent() is not None
            # "헐 진료비까지요??", "wow, even the delivery fee??": surprise, no question word
            bare = clause.strip()
            opens = vocabulary.pattern("closing", "surprise_leads").match(bare)
            # a word of its own ("헐 …", not the 와 of "와이파이")
            alone = opens is not None and not bare[opens.end() : opens.end() + 1].isalnum()
            surprised = surprised or (
                len(parts) > 1
                and ((alone and _echo(bare[opens.end() :] if opens else "")) or _quoted_back(bare))
            )
            question = asks(clause) and not rhetorical and not surprised
            request = asks_for_something(clause) and not surprised  # "…준다구요?" echoes
            # "해결 안 된 걸로 해 주세요": asked to be recorded so, the request is the decision
            marks = request and vocabulary.says("closing", "marking", clause)
            if said == "decline" and not question and (led or not request or marks):
                return "decline"
            # "근데 왜 배송팀임?ㅋㅋ": a remark on the desk, no question about the answer
            remark = question and decisions.aside(clause, "".join(parts[at + 1 : at + 2]))
            accepted |= said == "accept" and not question
            in_words |= said == "accept" and not question and decisions.explicit(clause)
            remarked |= remark
            blocked |= (question and not remark) or (request and said != "accept")
        # "Yes, it does. Thank you.", "k cool thats all i wanted": a clause that accepts,
        # none that declines, asks or asks for something else; beside a remark, only an
        # acceptance in words ("네, 해결됐습니다. 이 정도는 알아들으시죠?")
        return "accept" if accepted and not blocked and (in_words or not remarked) else None

    @property
    def reason(self) -> str:
        """What a decline says is still wrong ("no it's still leaking"): the message, or
        nothing when it only declines ("아니요 아직 해결 안 됐어요")."""
        return "" if self.text.startswith("/") else decisions.reason(self.text)

    def score(self, *, asked: bool = False) -> int | None:
        """A satisfaction score 1-5 ("4", "4/5", "네 점", "별로였어요 2점"); `asked`: the
        survey was just asked, so a number in a short answer is the score."""
        if self.text.startswith("/"):
            return None
        found = decisions.score(self.text, asked=asked)
        if found is None and asked:
            # "like a 3 i guess? shouldnt have happened lol": a clause that is only a score
            # (a half kept with its number: "A generous two and a half. Don't spend it all")
            whole = decisions.halves_up(self.text)
            said = {decisions.score(clause, asked=True) for clause in clauses(whole)} - {None}
            found = said.pop() if len(said) == 1 else None
        if found is None and asked and not self.asks:
            found = decisions.score_in_words(self.text)  # "Middling I'd say"
        return found

    @property
    def again(self) -> bool:
        """The problem is back ("CMP-… it's leaking again", "같은 문제가 또 생겼어요")."""
        return decisions.again(self.text)

    @property
    def reopens(self) -> bool:
        """Asked in so many words to reopen ("CMP-… 다시 열어주세요", "can you reopen it")."""
        return vocabulary.says("closing", "reopen", self.text)

    @property
    def no_comment(self) -> bool:
        """Nothing more to say ("no", "없어요") to the survey's optional comment."""
        return decisions.no_comment(self.text, self.consent(strict=True))

    @property
    def says_nothing_else(self) -> bool:
        """Only a yes, a no or a thanks: never a product, a remedy or a name."""
        return self.meta.answer in ("yes", "no", "thanks")

    @property
    def changes_mind(self) -> bool:
        """The message takes back what was said before ("actually", "X 말고 Y", "no wait")."""
        return self.meta.says("change")

    def value(self, kind: str) -> Value | None:
        """The surest value of a kind the message names (the first of equals)."""
        return best(self.values, kind)


def read(message: Mapping[str, Any], scope: Scope | None = None) -> Reading:
    """The reading of a parsed message (the tracker's `latest_message`); `scope` is what the
    values are read with (the catalogue, the day, the language)."""
    intent = message.get("intent") or {}
    return _read(
        str(message.get("text") or ""),
        intent.get("name"),
        round(float(intent.get("confidence") or 0.0), 4),
        scope or Scope(),
    )


@lru_cache(maxsize=256)
def _read(text: str, intent: str | None, confidence: float, scope: Scope) -> Reading:
    """Cached on what it reads: every action of a turn reads the same message."""
    payload = text.startswith("/")  # a button's payload: no words to read
    reading = Reading(
        text=text,
        intent=intent,
        confidence=confidence,
        meta=Meta() if payload else read_meta(text),
        asks=False if payload else asks(text),
        scope=scope,
    )
    if not log.isEnabledFor(logging.DEBUG):
        return reading
    log.debug(
        "message.read",
        extra={
            "intent": intent,
            "confidence": confidence,
            "meta": sorted(reading.meta.kinds),
            "meta_only": reading.meta.only,
            "asks": reading.asks,
            # kinds, places and confidence only: the values are the customer's words
            "values": [(v.kind, v.start, v.end, v.confidence) for v in reading.values],
        },
    )
    return reading


def _quoted_back(said: str) -> bool:
    """Whether a clause only repeats what the answer said, as a quote asked back ("11번가
    직접 넣어준다고?", "기사님이 온다구?"): no question word, a quoting ending last."""
    if names_a_question_word(said):
        return False
    ends = [form for form, tag, _, _ in morphemes(said) if tag.startswith(("EF", "EC"))]
    quoting = tuple(map(str, vocabulary.load("closing").get("quoting_endings") or ()))
    return bool(ends) and ends[-1].removesuffix("요").endswith(quoting)  # "준다구요?" too


def _echo(said: str) -> bool:
    """Whether what follows a word of surprise only echoes a thing ("진료비까지요??", "even
    the delivery fee??"): no question word, no predicate ("무료인가요?", "is it free?")."""
    bare = said.strip(" ,?!.~")
    if not bare or names_a_question_word(bare):
        return False
    if any("\uac00" <= ch <= "\ud7a3" for ch in bare):
        return not any(
            tag.startswith(("VV", "VA", "VCP", "VX")) for _, tag, _, _ in morphemes(bare)
        )
    return not asks(bare)

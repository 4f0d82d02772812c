"""What an opening message already says, read for the form: whether it tells what happened
(or only greets, says yes, and what it is about), and the remedy it asks for."""

from __future__ import annotations

from functools import cache

from handlers import vocabulary
from handlers.answers import asks_for_something, says_only
from handlers.assessment import complaint_words, remedy_asked, without_remedy
from handlers.fields import the_wish
from handlers.meta import read_meta
from handlers.policy import Policy
from handlers.remedies import judged_wanted, remedy_of
from handlers.values import Value, best
from handlers.wishes import wish_of, wishes
from handlers.words import full_stops, sentences

# Where a sentence of a first message ends (a wish is read in the sentence that asks).


@cache
def _came_by() -> frozenset[str]:
    """Policy keywords that say how a thing came ("the sofa you delivered last week")."""
    return frozenset(str(k) for k in vocabulary.load("answers").get("came_by") or ())


def _faults(policy: Policy, text: str) -> list[str]:
    return complaint_words(policy, without_remedy(text))


def _tells_nothing(policy: Policy, sentence: str) -> bool:
    """A sentence that only greets or says yes, says only what the message is about ("it is
    about the armchair I bought in October", "지난주에 배송받은 소파 건이에요"), or talks of
    the chat itself ("I hope I have come to the right place", "이런 거 처음 써봐요")."""
    if read_meta(sentence).only:
        return True
    return (
        vocabulary.says("answers", "about", sentence)
        or vocabulary.says("answers", "about_the_chat", sentence)
    ) and not (set(_faults(policy, sentence)) - _came_by())


def tells_what_happened(policy: Policy, text: str) -> bool:
    """Whether an opening that reads as a story tells what happened, so that the form need
    not ask: something is left once greetings, yeses, sentences about what it is about and
    talk of the chat itself are set aside ("세탁 후에 옷에 하얀 가루가 묻어 나와요" tells,
    though it names no fault word)."""
    return any(
        not _tells_nothing(policy, text[start:end]) for start, end in sentences(text, clauses=False)
    )


def remedy_in_opening(
    text: str, answer: str, found: tuple[Value, ...], language: str
) -> str | None:
    """The remedy a first message asks for: in a clause that asks ("… i want a refund",
    "환불해 주세요"), or said alone ("my tv broke, replacement please"); a yes to an offer
    may name one ("yes, I want a refund"). Several remedies asked, one the fallback of
    another or beside it ("a replacement, or failing that a full refund, and compensation
    for …"), are read as the remedy question reads them."""
    asking = " ".join(text[a:b] for a, b in full_stops(text) if the_wish(text[a:b]))
    if sum(w.remedy is not None for w in wishes(asking)) > 1 and (
        both := wish_of(asking, language)
    ):
        return both
    clause = remedy_asked(text)
    if clause:
        return remedy_of(clause, language)
    named = best(found, "remedy")
    if named is not None and named.end <= len(text):
        # its sentence asks for it ("…걍 환불해주셈", "We would like it replaced please",
        # "replacement maybe?"), or says nothing else
        start = max(text.rfind(mark, 0, named.start) for mark in ".!\n") + 1
        ends = [i for mark in ".!?\n" if (i := text.find(mark, named.end)) >= 0]
        sentence = text[start : min(ends) + 1 if ends else len(text)]
        if says_only(text, named.span) or "?" in sentence or read_meta(sentence).requests:
            return named.value
    for sentence in (text[a:b] for a, b in full_stops(text)):
        # a sentence that asks for something is a wish, whose remedy may be said in other
        # words ("I would be grateful if you could … deliver the correct sofa", "기사님이
        # 한번 방문하셔서 점검해 주시면 고맙겠습니다")
        # ("reckon me money back'd be fair dinkum": said to be fair, it is wished)
        wanted = asks_for_something(sentence) or judged_wanted(sentence)
        if wanted and (wished := remedy_of(sentence, language, wish=True)):
            return wished
    # the answer to an offer read as a first message is ("교환해 주시고 … 교환이 안 되면 풀
    # 리펀드로 가죠": a fallback, not the first remedy alone)
    if not answer:
        return None
    return remedy_in_opening(answer, "", (), language) or remedy_of(answer, language)

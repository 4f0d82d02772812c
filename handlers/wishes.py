"""What an answer to "what would put it right?" asks for, clause by clause. Several wishes
said at once ("my money back, and someone ought to look into the others on the shelf",
"고쳐주믄 되제. 근디 버린 김치값은 … 그것도 좀 봐주쇼") are kept together: a clause that asks for
one remedy by its name ("Refund"), any other request as said."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from handlers.answers import as_wish, asks_for_something, phrases, request_leads_end
from handlers.fields import without_ending
from handlers.language import HANGUL
from handlers.meta import read_meta
from handlers.remedies import (
    Remedy,
    alternatives,
    changed_at,
    chosen,
    remedies_said,
    remedy_of,
    together,
)
from handlers.vocabulary import load, pattern
from handlers.words import sentences, tokens


@dataclass(frozen=True)
class Wish:
    """One clause of an answer that asks for something."""

    start: int
    end: int
    #: the remedy the clause asks for, if it names one
    remedy: Remedy | None


def wishes(text: str, elsewhere: Sequence[tuple[int, int]] = ()) -> tuple[Wish, ...]:
    """`_wishes`, read once per answer (the remedy readers and the note for staff all ask)."""
    return _wishes(text, tuple(elsewhere))


@lru_cache(maxsize=256)
def _wishes(text: str, elsewhere: tuple[tuple[int, int], ...]) -> tuple[Wish, ...]:
    """The clauses of an answer that ask for something, in order: a remedy named, or a
    request ("someone ought to look into …", "조사해가 알려도"); not a question, a remark, a
    call asked for, nor a clause that gives another field's value (`elsewhere`)."""
    found: list[Wish] = []
    listing = False  # a sentence that asks goes on listing what it asks ("…: X, Y, and Z")
    pointed = False  # the list was pointed at ("three things:")
    # apart at a sentence's end or a comma: "take it back and send me one that works" is one
    for start, end in _pieces(text):
        part = text[start:end]
        if pointing(part):
            listing = pointed = True  # "I want all three things": the things listed
            continue
        colon = part.find(":")
        if colon > 0 and pointing(part[: colon + 1]):
            # "I'd like three things: an engineer visit,": the first of the things listed
            listing = pointed = True
            start += colon + 1 + len(part[colon + 1 :]) - len(part[colon + 1 :].lstrip())
            part = text[start:end]
        requested = asks_for_something(part)
        # a remedy in other words only where the clause asks: "I don't think I would trust
        # another one of the same make" wants no replacement
        asked = chosen(part, wish=requested)
        remedy = asked.remedy if asked else None
        listed = listing and remedy is None and _a_thing(part)
        # a list goes on past a comma only, pointed at or ended by "and" ("…, a morning
        # appointment, and …"); "a refund, my third faulty kettle this year" lists nothing
        listing = (
            (listing or requested or remedy is not None)
            and text[end - 1 : end] in ",;:"
            and (pointed or _LIST_END.search(text, end - 1) is not None)
        )
        pointed = pointed and listing
        if listed:
            found.append(Wish(start, end, None))  # "…, a morning appointment, and …"
            continue
        if remedy is None and remedies_said(part):
            continue  # "돈을 돌려받고 싶은 건 아니고요": a remedy turned down, no wish
        if remedy is None and (not requested or "?" in part or read_meta(part).person):
            # a remark ("to be honest"), a question ("can you tell me who pays the
            # shipping?"), "have someone call me"
            continue
        if remedy is None and any(start < b and a < end for a, b in elsewhere):
            continue  # "my number is …", "it was tuesday": another field's
        if remedy in [w.remedy for w in found] and chosen(part) is None:
            # "고쳐주믄 되제. 근디 버린 김치값은 … 그것도 좀 봐주쇼": the same remedy in other
            # words again asks for something else
            remedy = None
        found.append(Wish(start, end, remedy))
    return tuple(found)


def _pieces(text: str) -> list[tuple[int, int]]:
    """The sentences of an answer, each apart where it turns to another wish: a fallback
    ("환불해주셈 | 안되면 교환이라도"), alternatives ("갖다 놓든가 | 아이믄 돈 돌리도",
    "delivered | or my money back") or a turn ("repair is ok | but i need a phone"). An
    ending that turns stays with its word, as does a Korean condition with what it is
    about ("교환이 어려우면 | 환불해 주시고"); a word that turns starts the next piece."""
    turns = [_falling_back(), *(pattern("remedies", key) for key in ("alternatives", "wish_turns"))]
    found: list[tuple[int, int]] = []
    for start, end in sentences(text, clauses=False):
        cuts = set()
        for turn in turns:
            for m in turn.finditer(text, start, end):
                inside = m.start() > start and not text[m.start() - 1].isspace()
                condition = turn is turns[0] and HANGUL.search(m.group(0))
                cut = m.end() if inside or condition else m.start()
                # a turn between two things asked for, no "2 or 3 days", no "언제든지"
                if _asks(text[start:cut]) and _asks(text[cut:end]):
                    cuts.add(cut)
        for m in pattern("remedies", "wish_ends").finditer(text, start, end):
            ends_word = m.end() == end or text[m.end()].isspace()
            if ends_word and _asks(text[start : m.end()]) and _asks(text[m.end() : end]):
                cuts.add(m.end())
        edges = [start, *sorted(c for c in cuts if start < c < end), end]
        for a, b in pairwise(edges):
            piece = text[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                found.append((a + lead, a + len(piece.rstrip())))
    return found


def pointing(part: str) -> bool:
    """Whether a piece only points at the wishes listed beside it ("I want all three
    things, not one or the other:", "셋 다요"; remedies.yml `pointing`)."""
    said = pattern("remedies", "pointing")
    bare = said.sub(" ", part)
    return bool(said.search(part)) and not any(ch.isalnum() for ch in request_leads_end(bare))


def _a_thing(part: str) -> bool:
    """Whether a piece names a thing and nothing else ("a morning appointment,")."""
    found = phrases(part)
    # "…, whatever is faster", "…, dont care which": how the wishes stand, no wish
    weighing = any(pattern("remedies", key).search(part) for key in ("alternatives", "fallback"))
    # an English thing opens with its article ("a morning appointment"), a remark does not
    # ("not sure yet")
    named = HANGUL.search(part) or _opens_with_article(part)
    return (
        len(found) == 1
        and not found[0].sentence
        and "?" not in part
        and not weighing
        and bool(named)
    )


# The last item of a list, after a comma: ", and an apology", "; or a replacement".
_LIST_END = re.compile(r"[,;]\s*(?:and|or|plus)\s+\w", re.IGNORECASE)


def _opens_with_article(part: str) -> bool:
    """Whether an English piece opens with an article or a determiner, after "and", "or" or
    "plus" (remedies.yml `listed_openers`): "a morning appointment", "and the apology"."""
    openers = load("remedies")["listed_openers"]
    said = [t.word for t in tokens(part)]
    joined = bool(said) and said[0] in openers["joining"]
    while said and said[0] in openers["joining"]:
        said = said[1:]
    # "…, some compensation, and bottled water for the baby": the list's last, joined on
    return bool(said) and (said[0] in openers["articles"] or joined)


@lru_cache(maxsize=1)
def _falling_back() -> re.Pattern[str]:
    """The words that turn to a fallback, with the conditions said whole ("교환이 어려우면",
    "should a refund not be possible")."""
    both = [pattern("remedies", key).pattern for key in ("fallback", "fallback_conditions")]
    return re.compile("|".join(f"(?:{p})" for p in both), re.IGNORECASE)


def _asks(said: str) -> bool:
    """Whether a stretch of an answer asks for something: a request, or a remedy named."""
    return asks_for_something(said) or chosen(said, wish=True) is not None


def the_one(text: str, elsewhere: Sequence[tuple[int, int]] = ()) -> Remedy | None:
    """The remedy of an answer whose one wish names one ("I don't think I'd trust another
    one, just my money back please": the replacement is no wish)."""
    found = wishes(text, elsewhere)
    return found[0].remedy if len(found) == 1 else None


def several(text: str, language: str, elsewhere: Sequence[tuple[int, int]] = ()) -> str | None:
    """Several wishes of one answer as one stored wish ("Refund; someone ought to look into
    whether the others on the shelf are safe"), or None: fewer than two, or remedies
    weighed against each other (a change of mind, a fallback, any one will do), which the
    remedy readers read."""
    found = wishes(text, elsewhere)
    # "안 되면 새 제품으로 바꿔 주세요": after a fallback, "바꿔" asks for the next wish
    if len(found) < 2 or (changed_at(text) is not None and not _falling_back().search(text)):
        return None
    data = load("remedies")
    kept: list[tuple[Wish, str]] = []
    # ("교환이 안 되면", "should a refund not be possible": a condition asks for nothing)
    named = [w.remedy for w in found if w.remedy is not None and not _condition(text, w)]
    as_said = False
    for wish in found:
        # a remedy asked again of a thing named with it ("교환, 안 되면 환불, 그리고 배관
        # 연장비 35,000원 환급"): as said, so neither is lost
        again = wish.remedy is not None and named.count(wish.remedy) > 1 and _of_a_thing(text, wish)
        said = _said(text, Wish(wish.start, wish.end, None) if again else wish, language)
        if again:  # the remedy's noun without the ending said after it ("출장비 환불도요")
            said = _ADDED_PARTICLE.sub("", without_ending(said)) or said
        as_said = as_said or again
        if said and said not in [s for _, s in kept]:
            kept.append((wish, said))
    if len(kept) < 2:
        return None
    falls_back = _turns_to(text, kept[0][0], kept[1][0], "fallback")
    if not falls_back and not as_said and all(w.remedy is not None for w in found):
        return None  # remedies only ("repair and an apology"): read as remedies together
    joined = kept[0][1]
    for (before, _), (wish, said) in pairwise(kept):
        # "환불해주셈 | 안되면 교환이라도": a fallback; "delivered or my money back": any one
        # will do; else each wish beside the others
        key = next(
            (
                f"{k}_joined"
                for k in ("fallback", "alternatives")
                if _turns_to(text, before, wish, k)
            ),
            "several_joined",
        )
        joined += f"{data[key][language]}{said}"
    return joined


def _turns_to(text: str, first: Wish, second: Wish, key: str) -> bool:
    """Whether the words of `key` (remedies.yml `fallback`, `alternatives`) lead from the
    first wish into the second, no sentence ending between: "refund, if not possible, then
    repair", "delivered or my money back"; not "우선 환불 …" (before the first) nor
    "otherwise I'm going to trading standards. And an apology"."""
    turning = _falling_back() if key == "fallback" else pattern("remedies", key)
    said = text[first.start : first.end].rstrip(" ,")
    if any(m.end() == len(said) and HANGUL.search(m.group(0)) for m in turning.finditer(said)):
        return True  # "환불해주셈 안되면 | 교환이라도": a Korean condition ends the first
    gap = second.start - first.end
    # the words that turn open the second piece ("or failing that my money back")
    opening = len(" ".join(text[second.start : second.end].split()[:3]))
    between = text[first.end : second.end]
    found = [m for m in turning.finditer(between) if m.start() <= gap + opening]
    return bool(found) and not re.search(r"[.!?\n]", between[found[-1].end() : gap])


def _condition(text: str, wish: Wish) -> bool:
    """Whether a wish is only the condition of a fallback, its remedy inside it or before it
    ("should a refund not be possible", "교환이 안 되면")."""
    piece = text[wish.start : wish.end].rstrip(" ,.;")
    asked = chosen(piece, wish=True)
    return any(
        m.end() == len(piece) or (asked and m.start() <= asked.start < m.end())
        for m in _falling_back().finditer(piece)
    )


def _of_a_thing(text: str, wish: Wish) -> bool:
    """Whether a wish names what its remedy is of, before it ("배관 연장비 35,000원 환급",
    "the delivery charge refunded"); "교환이 안 되면" names none."""
    piece = _without_turn(text[wish.start : wish.end])
    asked = chosen(piece, wish=True)
    if asked is None:
        return False
    joining = load("remedies")["listed_openers"]["joining"]
    return any(
        not p.sentence
        and any(t.tag.startswith(("NN", "SN")) or not (t.tag or t.word in joining) for t in p.words)
        for p in phrases(piece[: asked.start])
    )


def _said(text: str, wish: Wish, language: str) -> str:
    """A wish as stored: the remedy's name, or the request as said without the words that
    lead it and the marks that end it."""
    if wish.remedy is not None:
        return wish.remedy.name(language)
    said = _without_turn(pattern("remedies", "pointing").sub(" ", text[wish.start : wish.end]))
    return as_wish(request_leads_end(said)).strip(" ,.;!~…")


def _without_turn(said: str) -> str:
    """A piece without the words that turn to it ("or failing that …", "또는 …")."""
    said = said.strip()
    turns = (_falling_back(), pattern("remedies", "alternatives"))
    while m := next((m for t in turns if (m := t.match(said)) and m.end()), None):
        said = said[m.end() :].lstrip(" ,")
    return said


def with_wish(held: str, new: str, language: str) -> str:
    """A wish added at the read-back beside the one held ("please also put that you pay for
    the wall", "보상도 넣어주쇼"): both, the new one without the words that add it; the new
    one alone when it holds the old ("수리하고 보상 둘 다")."""
    added = _without_adding(new)
    if not held or held.lower() in added.lower():
        return added
    if added.lower() in held.lower():
        return held
    return str(load("remedies")["several_joined"][language]).join([held, added])


def _without_adding(said: str) -> str:
    """A wish without the words that add it: "put that you pay for the wall" → "you pay for
    the wall", "재발 방지 대책 설명 요청도 포함해 주십시오" → "재발 방지 대책 설명 요청"."""
    found = pattern("corrections", "adding_wish").search(said)
    if found and found.start() > 0 and HANGUL.search(said):
        said = said[: found.start()]  # a Korean wish comes before the verb that adds it
    said = pattern("corrections", "adding").sub(" ", said)
    said = pattern("corrections", "adding_wish").sub(" ", said)
    said = _ADDED_PARTICLE.sub("", said.strip(" ,.;!~…"))
    return " ".join(said.split()).strip(" ,.;!~…") or said


# The particle "도" ("also") that ends a Korean wish said as added ("김치값 보상도"): the
# analyser reads some such words whole ("안내도", a guide map), so it is taken off as written.
_ADDED_PARTICLE = re.compile(r"(?<=[\uac00-\ud7a3])도$")


def wish_of(text: str, language: str) -> str | None:
    """The wish a correction names: several wishes kept together, remedies asked together
    ("수리하고 보상 둘 다요") or as alternatives, or the one remedy."""
    turn = changed_at(text)
    if turn is not None and turn < len(text) and (after := text[turn:].strip(" ,.")):
        # "환불 말고 수리해 주세요. 그리고 사과도 해주세요", "no wait, I change my idea: is better
        # you send me other machine new": what is wished after the change
        changed = (
            several(after, language)
            or together(after, language, wish=True)
            or remedy_of(after, language, wish=True)
        )
        if changed is not None:
            return changed
    return (
        several(text, language)
        or together(text, language, wish=True)
        or alternatives(text, language, wish=True)
        or remedy_of(text, language)
    )

"""What a customer says when closing the loop (ISO 10002 7.8-7.9, 8.3): whether the answer
resolves their complaint, that the problem is back, a satisfaction score and whether a
comment is no comment. The words are data in `nlu/vocabulary/closing.yml`; a yes or a no in
any words is the meta vocabulary's (`Reading.consent`). `handlers/reading.py` reads these
for every action; none parses the text again."""

from __future__ import annotations

import re
from functools import cache

from handlers import vocabulary
from handlers.clauses import faults_said, negated
from handlers.meta import read_meta, says_nothing_else
from handlers.words import sentences, standard_spelling

_PUNCTUATION = re.compile(r"[\s.,;:!?~…()\-–—\"'ㅠㅜㅋㅎ^]+")
# A digit that is a whole number (not "10", "2024", "3.5")
_DIGIT = (
    r"(?<![\d./])([1-5])(?!\d|\.\d|/[0-46-9])"
    # "3 days ago", "2 times", "3일 전": a count, never a score ("5 주고 싶어요" gives 5)
    r"(?!\s*(?:일|번|시|개|주(?![고세면께게시어었실])|월|년|달|분|째|days?|times?|weeks?|hours?|months?|years?|"
    r"st\b|nd\b|rd\b|th\b|am\b|pm\b))"
)


def decision(
    text: str, consent: str | None, faults: tuple[str, ...] = (), around: str | None = None
) -> str | None:
    """`accept`, `decline` or None: words that say the answer does not resolve it first
    ("not fixed" says "fixed" too), then words that say it does, then what came about or
    agreeing to the offer (`outcome`; `around`: the whole message of this clause), then a
    yes or a no."""
    if vocabulary.says("closing", "not_resolved", text) or _still_wrong(text):
        return "decline"
    said = list(vocabulary.pattern("closing", "resolved").finditer(text))
    if said and any(
        negated(text, m.start(), m.end()) or _not_regarded(text, m.start()) for m in said
    ):
        return "decline"  # "it hasnt been fixed", "nobody fixed it", "never resolved"
    # "I want my money back … or a new one that works": a sentence asking for a remedy says
    # nothing of acceptance
    text = _without_wishes(text) if said else text
    if vocabulary.says("closing", "resolved", text):
        return "accept"
    return outcome(text, faults, around) or {"yes": "accept", "no": "decline"}.get(consent or "")


def _without_wishes(text: str) -> str:
    """The text with its sentences that ask for a remedy blanked, places kept."""
    from handlers.answers import asks_for_something  # the answers read the closing's words
    from handlers.remedies import remedies_asked

    for start, end in sentences(text, clauses=False):
        said = text[start:end]
        if asks_for_something(said) and remedies_asked(said, wish=True):
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _not_regarded(text: str, start: int) -> bool:
    """Whether "resolved" at `start` is turned down by a negation of regarding before it in
    its clause ("I cannot regard the matter as settled while …")."""
    regarding = vocabulary.pattern("closing", "not_regarding")
    # ("I can't see why it took so long, but it's resolved": the clause ends its reach)
    for begin, end in sentences(text):
        if begin <= start < end:
            return regarding.search(text, begin, start) is not None
    return False


def outcome(text: str, faults: tuple[str, ...] = (), around: str | None = None) -> str | None:
    """`accept` when the message tells that what was promised came about or the thing works
    again ("refund's landed", "it is charging well now", "환불 들어왔어요") with no "but", no
    fault (`faults`: the policy's fault keywords) and nothing still wrong; `decline` when it
    says it did not ("the refund hasn't arrived"); else None (`outcome` in closing.yml).
    `around`: the message the text is a clause of, where the "but" or the fault may be."""
    told = vocabulary.pattern("closing", "outcome")
    found = list(told.finditer(text))
    if not found and not agrees(text):
        return None
    if any(negated(text, m.start(), m.end()) for m in found):
        return "decline"
    return "accept" if _nothing_against(told.sub(" ", around or text), faults) else None


def _nothing_against(text: str, faults: tuple[str, ...]) -> bool:
    """Whether a text says nothing against the answer: no "but", nothing still wrong, no
    fault of the policy's."""
    if vocabulary.says("closing", "contrast", text) or _still_wrong(text):
        return False
    return not (faults and faults_said(faults, text))


def well_taken(text: str, faults: tuple[str, ...] = ()) -> bool:
    """Whether a message is glad of the answer and says nothing against it: thanks or a word
    of relief (`glad` in closing.yml: "ㄳ", "굿굿", "맘 편허우다", "cheers") with no "but", no
    "not", nothing still wrong and no fault; the caller has found no question or request."""
    if not vocabulary.says("closing", "glad", text) or acknowledges(text):
        return False  # "thank you" alone acknowledges the answer: whether it resolves is asked
    return not vocabulary.says("closing", "not_resolved", text) and _nothing_against(text, faults)


def agrees(text: str) -> bool:
    """Whether a sentence agrees to what the answer offers: a word pointing at the offer and
    one that agrees, no question, no "not" (`agree_pointing`, `agree_words` in closing.yml)."""
    pointing = vocabulary.pattern("closing", "agree_pointing")
    agreeing = vocabulary.pattern("closing", "agree_words")
    for start, end in sentences(text):
        said = text[start:end]
        if "?" in said or not pointing.search(said):
            continue
        agreed = [m for m in agreeing.finditer(said) if not negated(said, m.start(), m.end())]
        if agreed and not vocabulary.says("closing", "not_resolved", said):
            return True
    return False


def acknowledges(text: str) -> bool:
    """Whether a clause only acknowledges ("ok thanks", "cool"; `acknowledging` in
    closing.yml): beside another clause, no yes to the answer."""
    rest = vocabulary.pattern("closing", "acknowledging").sub("", text)
    return bool(text.strip()) and not _PUNCTUATION.sub("", rest)


def leads_with_no(text: str) -> bool:
    """Whether the text opens with a no, its reason after it ("nah 10 days without my laptop
    is a joke", "아니오 그건 말이 안되죠"; `no_leads` in closing.yml)."""
    return bool(vocabulary.pattern("closing", "no_leads").match(text.strip()))


def indignant(text: str) -> bool:
    """Whether a sentence ends as a Korean retort, no question ("그건 말이 안되죠";
    `retorts` in closing.yml): "아직도 안 됐나요" asks."""
    endings = tuple(vocabulary.load("closing").get("retorts", {}).get("ko", []))
    return bool(endings) and _PUNCTUATION.sub("", text.strip()[-4:]).endswith(endings)


def aside(text: str, after: str = "") -> bool:
    """Whether a question is a remark beside the decision, not about the answer's substance:
    ended by laughter or a rhetorical ending ("근데 왜 배송팀임?ㅋㅋ", "이 정도는
    알아들으시죠?"), naming no money, date or next step ("환불은 언제 와요?ㅋㅋ" asks;
    `aside_ends`, `rhetorical`, `substance` in closing.yml); `after`: the clause after it,
    whose laughter alone ends it ("you a bot or what? lol")."""
    if vocabulary.says("closing", "substance", text):
        return False
    laughter = vocabulary.pattern("closing", "aside_ends")
    if after and not _PUNCTUATION.sub("", laughter.sub("", after)):
        return True
    if vocabulary.says("closing", "aside_leads", text):
        return True  # "oh wait is that the pool reopening sign on your website?"
    if laughter.search(text.strip()[-12:]):
        return True
    endings = tuple(vocabulary.load("closing").get("rhetorical", {}).get("ko", []))
    return bool(endings) and _PUNCTUATION.sub("", text.strip()[-6:]).endswith(endings)


def explicit(text: str) -> bool:
    """Whether a clause accepts in so many words ("resolved", "됐어요", "we're good"), not
    by a bare yes: only such an acceptance stands beside an aside."""
    return vocabulary.says("closing", "resolved", text) or bool(
        vocabulary.pattern("closing", "outcome").search(text)
    )


def _still_wrong(text: str) -> bool:
    """Whether "still" says the problem goes on ("it still thumps just as loud"), with no
    good news after it ("it still works great"; `still_fine` in `closing.yml`) nor the
    customer's own step to come ("I still haven't collected it"; `still_pending`)."""
    fine = vocabulary.pattern("closing", "still_fine")
    pending = vocabulary.pattern("closing", "still_pending")
    for found in re.finditer(r"\bstill\b", text, re.IGNORECASE):
        after = text[found.end() :].lstrip()
        if not (fine.match(after) or pending.match(after)):
            return True
    return False


def reason(text: str) -> str:
    """The decline's reason: the message as said, unless it says no more than that the
    answer does not resolve it ("아니요 아직 해결 안 됐어요", "no")."""
    rest = vocabulary.pattern("closing", "not_resolved").sub(" ", text)
    rest = vocabulary.pattern("closing", "resolved").sub(" ", rest)
    if not _PUNCTUATION.sub("", rest) or says_nothing_else(rest):
        return ""
    # what is left after the Korean phrases may be a bare ending ("…됐어요" → "어요"); a
    # question of short words is more ("… 왜 제가 직접 해야 돼요?")
    if not re.search(r"[A-Za-z]{2,}", rest) and sum("\uac00" <= ch <= "\ud7a3" for ch in rest) < 4:
        return ""
    return text.strip()


def again(text: str) -> bool:
    """The problem is back ("it's leaking again", "같은 문제가 또 생겼어요"), or a reopening
    is asked ("재접수 해주세요"); "again" about the chat ("rate it again") is neither."""
    text = vocabulary.pattern("closing", "not_again").sub(" ", text)
    return vocabulary.says("closing", "again", text) or vocabulary.says("closing", "reopen", text)


@cache
def _scores(*, asked: bool = False) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int]]:
    table = vocabulary.load("closing")
    units = vocabulary.pattern("closing", "score_units").pattern
    if asked:  # "I give 3 of 5" answers the survey; "one of 5 boxes" counts boxes
        of = vocabulary.pattern("closing", "score_units_asked").pattern
        joins = _alternation(table.get("score_joins") or [])
        units = rf"{units}|(?:{of})(?![ \t]+(?!(?:{joins})\b)[A-Za-z])"
    numbers: dict[str, int] = {}
    for language in ("en", "ko"):
        for value, said in (table.get("numbers") or {}).get(language, {}).items():
            for word in said:
                numbers[str(word).lower()] = int(value)
    english = "|".join(re.escape(w) for w in numbers if w.isascii())
    korean = "|".join(
        re.escape(w) for w in sorted(numbers, key=len, reverse=True) if not w.isascii()
    )
    # a number before a unit: "4/5", "4 out of 5", "4점", "네 점", "four stars"
    with_unit = re.compile(
        rf"(?:{_DIGIT}|\b({english})\b|(?<![\uac00-\ud7a3])({korean}))\s*(?:{units})",
        re.IGNORECASE,
    )
    # the native Korean numbers stand alone too ("넷이요", "넷 주께"); 한, 두, 세, 네 only
    # before a counter, and 일, 이, 삼, 사, 오 before a unit, as they are other words alone
    native = "|".join(re.escape(str(w)) for w in (table.get("native_numbers") or []))
    alone = re.compile(
        rf"{_DIGIT}|\b({english})\b"
        + (
            rf"|(?<![\uac00-\ud7a3])({native})(?=$|[^\uac00-\ud7a3]|이요|이유|요|입니다|은|는|을|를|으로|로)"
            if native
            else ""
        ),
        re.IGNORECASE,
    )
    return with_unit, alone, numbers


@cache
def _counted() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Stars counted: named before their number ("별 세 개", "별점 4개"), a number with a
    counter alone ("세 개요"), and star symbols ("★★★☆☆")."""
    _, _, numbers = _scores()
    stars = vocabulary.pattern("closing", "score_stars").pattern
    counters = vocabulary.pattern("closing", "score_counters").pattern
    korean = "|".join(
        re.escape(w) for w in sorted(numbers, key=len, reverse=True) if not w.isascii()
    )
    # a number the counter follows, or that ends its word ("별 세탁기" has no 세)
    number = (
        rf"(?:(?<![\d./])([1-5])|(?<![\uac00-\ud7a3])({korean}))"
        rf"(?=\s*(?:{counters})|(?![\d.\uac00-\ud7a3]))"
    )
    # or glued to the star word with its counter ("별네개"; "별일" has none)
    glued = rf"(?:([1-5])|({korean}))(?=\s*(?:{counters}))"
    starred = re.compile(rf"(?:{stars})\s*(?:{number}|{glued})\s*(?:{counters})?")
    counted = re.compile(rf"{number}\s*(?:{counters})")
    table = vocabulary.load("closing").get("score_symbols") or {}
    full = "".join(re.escape(s) for s in table.get("full", []))
    empty = "".join(re.escape(s) for s in table.get("empty", []))
    symbols = re.compile(rf"((?:[{full}]\ufe0f?)+)((?:[{empty}]\ufe0f?)*)")
    return starred, counted, symbols


def _beside_digit(before: str, after: str) -> bool:
    return bool(re.search(r"\d\s*$", before) or re.match(r"\s*\d", after))


def _stars(text: str, *, asked: bool, giving: bool = False) -> tuple[list[str], str]:
    """The star counts the text gives, and the text without them: stars named or drawn
    wherever they are, a counted number only as the whole answer to the question or given
    ("… 다섯 개 다 드릴게요")."""
    starred, counted, symbols = _counted()
    found = [next(g for g in m.groups() if g) for m in starred.finditer(text)]
    text = starred.sub(" ", text)
    for m in symbols.finditer(text):
        full = len(m.group(1).replace("\ufe0f", ""))
        empty = len(m.group(2).replace("\ufe0f", ""))
        if full == 1 and not empty and _beside_digit(text[: m.start()], text[m.end() :]):
            continue  # "4 ⭐": the star is the number's unit
        if full + empty <= 5:
            found.append(str(full))
    text = symbols.sub(" ", text)
    if asked and not found:
        counts = [next(g for g in m.groups() if g) for m in counted.finditer(text)]
        # said around it, no more: "네개정도요", "세 개 드릴게요"
        rest = vocabulary.pattern("closing", "score_framing").sub(" ", counted.sub(" ", text))
        if len(counts) == 1 and (
            giving or says_nothing_else(rest) or not _PUNCTUATION.sub("", rest)
        ):
            found, text = counts, rest
    return found, text


def score(text: str, *, asked: bool = False) -> int | None:
    """A satisfaction score of 1 to 5 the message gives: a number with a unit ("4/5", "네
    점", "별로였어요 2점", "three stars"), stars named or drawn ("별 세 개", "★★★★"), or a
    number said alone ("4", "uh 4 i guess"). `asked`: the desk has just asked for the
    score, so a number in a short answer is it ("3, it was slow"), and a counted one said
    alone too ("세 개요")."""
    with_unit, alone, numbers = _scores(asked=asked)
    text = halves_up(standard_spelling(text.lower()))  # "call it a fower" (Geordie) is four
    # "a five, but knock one off for the wait, call it four": the one settled on
    settled = list(vocabulary.pattern("closing", "score_final").finditer(text)) if asked else []
    after = text[settled[-1].end() :] if settled else ""
    # the first clause after the marker that gives one ("nah go on then, a four, yous sorted
    # it in the end"), else all that follows it
    for said in [*re.split(r"[,.;!?]", after), after] if settled else []:
        if said.strip() and (settled_on := score(said, asked=True)) is not None:
            return settled_on
    if asked and (changed := _settled_before(text)) is not None:
        return changed  # "10점 만점에 9점이요! … 8점으로 할게요": the number settled on
    if (scaled := _on_another_scale(text)) is not None:  # "7 out of ten", "10점 만점에 육점"
        return scaled
    if _other_scales()[2].search(text):  # "3 out of 10 boxes came broken": a count
        return None
    last = [text[a:b] for a, b in sentences(text, clauses=False)][-1:] if asked else []
    if last and last[0] != text.strip() and (alone_said := score(last[0], asked=True)):
        # "… so minus one. Three.": a last sentence that is only a score settles it, as one
        # that changes to it does ("…4점은 좀 후하네요. 3점으로 바꿀게요")
        rest = alone.sub(" ", last[0])
        if (
            says_nothing_else(rest)
            or not _PUNCTUATION.sub("", rest)
            or read_meta(last[0]).says("change")
        ):
            return alone_said
    # "5 stars minus one", "5점인데 하나 뺄게요": the one taken off is no score, the score one less
    less = vocabulary.pattern("closing", "score_less_one")
    two = vocabulary.pattern("closing", "score_less_two")
    taken = 2 if two.search(text) else 1 if less.search(text) else 0
    less_one = bool(taken)
    if taken and (base := _taken_from(text, numbers)) is not None:
        return max(1, base - taken)  # "다섯에서 둘 빼고 드리겠소": five, two taken off
    if asked and (summed := _summed(text, numbers)) is not None:
        return summed  # "셋에 하나를 더한 만큼", "the mean of five and one"
    text = two.sub(" ", text)
    # full marks said, even as what might have been ("I'd have said full marks but I'll
    # knock one off"), is the scale one is taken off
    full = vocabulary.says("closing", "full_marks", text)
    text = _as_said(less.sub(" ", text))
    # "… 다섯 개 다 드릴게요", "i'd give it a 4": a number given is the score, however long
    given = vocabulary.pattern("closing", "score_giving").search(text) if asked else None
    giving = given is not None
    if given is not None:  # the number given: after "i'd give", before "드릴게요"
        text = text[given.start() :] if given.group(0).isascii() else text[: given.end()]
    scale = vocabulary.pattern("closing", "score_scale")
    named = scale.search(text) is not None
    text = scale.sub(" ", text)
    found, text = _stars(text, asked=asked or giving, giving=giving)
    found += [next(g for g in m.groups() if g) for m in with_unit.finditer(text)]
    if not found and less_one and (named or full) and asked:
        return 5 - taken  # "다섯 개 중에 하나 빼고 줄라요": full marks, one taken off
    if not found:
        found = [next(g for g in m.groups() if g) for m in alone.finditer(text)]
        if len(found) != 1:
            return None
        rest = alone.sub(" ", text)
        said_more = not (says_nothing_else(rest) or not _PUNCTUATION.sub("", rest))
        if said_more and not giving and (not asked or len(text.split()) > 8):
            return None
    values = {int(f) if f.isdigit() else numbers[f.lower()] for f in found}
    if len(values) != 1:
        return None
    score_given = values.pop()
    return score_given - taken if less_one and score_given == 5 else score_given


def _summed(text: str, numbers: dict[str, int]) -> int | None:
    """A score said as a sum or a mean of two numbers (closing.yml `score_sums`): "셋에 하나를
    더한 만큼" is 4, "the mean of five and one" 3 (a half up), "three plus one" 4."""
    said = r"(\d|[^\W\d_]+)"
    data = vocabulary.load("closing")["score_sums"]
    for kind, forms in data.items():
        for form in forms:
            pattern = re.escape(str(form)).replace("A", said, 1).replace("B", said, 1)
            for found in re.finditer(pattern, text, re.IGNORECASE):
                a, b = (_number(found.group(i), numbers) for i in (1, 2))
                if a is None or b is None:
                    continue
                value = a + b if kind == "sum" else int((a + b) / 2 + 0.5)
                if 1 <= value <= 5:
                    return value
    return None


def _number(said: str, numbers: dict[str, int]) -> int | None:
    """A number said in digits or words ("3", "셋", "three"; "셋에" with its particle)."""
    said = said.lower()
    if said.isdigit():
        return int(said)
    for end in range(len(said), 0, -1):
        if said[:end] in numbers:
            return numbers[said[:end]]
    return None


@cache
def _said_from() -> re.Pattern[str]:
    """A number said with closing.yml `score_from` ("다섯에서", "from five")."""
    said = vocabulary.load("closing")["score_from"]
    korean = _alternation([str(w) for w in said["ko"]])
    english = _alternation([str(w) for w in said["en"]])
    return re.compile(rf"(\S+?)\s*(?:{korean})|\b(?:{english})\s+(\S+)", re.IGNORECASE)


def _taken_from(text: str, numbers: dict[str, int]) -> int | None:
    """The number a score is taken off, said as where from ("다섯에서 둘 빼고", "from five, minus
    two"): 5 at most."""
    for found in _said_from().finditer(text):
        said = (found.group(1) or found.group(2) or "").strip(".,!?").lower()
        value = int(said) if said.isdigit() else numbers.get(said)
        if value is not None and 1 < value <= 5:
            return value
    return None


@cache
def _halves() -> re.Pattern[str]:
    """A number below five with a half after it, its unit or counter between ("4.5",
    "two and a half", "세 개 반쯤")."""
    _, _, numbers = _scores()
    words = "|".join(re.escape(w) for w in sorted(numbers, key=len, reverse=True))
    table = vocabulary.load("closing").get("halves") or {}
    halves = _alternation([str(h) for language in ("en", "ko") for h in table.get(language, [])])
    counters = vocabulary.pattern("closing", "score_counters").pattern
    return re.compile(
        rf"(?<![\d.])(?P<n>[0-4]|\b(?:{words}))(?P<unit>\s*(?:점|{counters})?\s*)(?:{halves})(?![\d])",
        re.IGNORECASE,
    )


def halves_up(text: str) -> str:
    """The text with each score and a half said as the score above it ("4.5" → "5")."""
    _, _, numbers = _scores()

    def up(found: re.Match[str]) -> str:
        said = found.group("n")
        value = int(said) if said.isdigit() else numbers[said.lower()]
        return f"{value + 1}{found.group('unit').rstrip() or ''} "

    return _halves().sub(up, text)


@cache
def _other_scales() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], dict[str, int]]:
    """A score and its scale: "N out of M" in English, "M점 만점에 N점" in Korean; and
    things counted so ("3 out of 10 boxes"), no score."""
    table = vocabulary.load("closing").get("other_scales") or {}
    numbers = {
        str(word).lower(): int(value)
        for language in ("en", "ko")
        for word, value in (table.get("numbers") or {}).get(language, {}).items()
    }
    english = "|".join(re.escape(w) for w in sorted(numbers, key=len, reverse=True) if w.isascii())
    korean = "|".join(
        re.escape(w) for w in sorted(numbers, key=len, reverse=True) if not w.isascii()
    )
    between = "|".join(re.escape(str(w)) for w in table.get("between") or [])
    leads = "|".join(re.escape(str(w)).replace(r"\ ", r"\s*") for w in table.get("leads") or [])
    said = rf"\d{{1,3}}(?:\.\d)?|\b(?:{english})\b"
    # "3 out of 10 boxes" counts boxes: a word after the scale only when it joins on
    closing = vocabulary.load("closing")
    joins = _alternation([*closing.get("score_joins", []), *table.get("joins", [])])
    thing = rf"[ \t]+(?!(?:{joins})\b)[A-Za-z]"
    en = re.compile(
        rf"(?P<n>{said})\s*(?:{between})\s*(?P<m>{said})(?!{thing})"
        # the scale said first ("Out of ten I'd say a five")
        rf"|\bout of (?P<m2>{said})\b[^.!?\d]{{0,25}}?(?P<n2>{said})",
        re.IGNORECASE,
    )
    counts = re.compile(rf"(?:{said})\s*(?:{between})\s*(?:{said})(?={thing})", re.IGNORECASE)
    number = rf"\d{{1,3}}(?:\.\d)?|(?<![\uac00-\ud7a3])(?:{_SINO_TENS}|{korean})"
    ko = re.compile(rf"(?P<m>{number})\s*점?\s*(?:{leads})[^\d.!?]{{0,12}}?(?P<n>{number})\s*점")
    return en, ko, counts, numbers


# A Sino-Korean number of tens ("육십", "칠십오", "십"), read by `_tens`.
_SINO_TENS = "[이삼사오육칠팔구]?십[일이삼사오육칠팔구]?"
_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}


def _alternation(words: list[str]) -> str:
    """Words of the vocabulary as one alternation, whole words, the longest first."""
    return "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))


def _tens(said: str) -> int | None:
    """A Sino-Korean number of tens as a number ("육십" 60, "칠십오" 75), else None."""
    if not re.fullmatch(_SINO_TENS, said):
        return None
    tens, _, ones = said.partition("십")
    return _SINO.get(tens, 1) * 10 + _SINO.get(ones, 0)


def _settled_before(text: str) -> int | None:
    """The number said right before the last word that settles on it ("…8점으로 할게요":
    `score_final_after`), as one of five on the scale said with another ("10점 만점에")."""
    found = list(vocabulary.pattern("closing", "score_final_after").finditer(text))
    if not found:
        return None
    before = text[: found[-1].start()].rstrip()
    number = re.search(r"(\d{1,3})\s*(?:점|개)?$", before)
    if number is None:
        return None
    said = int(number.group(1))
    scale = max((_scale(m) for m in _scales_said(text[: number.start()])), default=5)
    if not 0 < said <= scale:
        return None
    return max(1, min(5, int(said * 5 / scale + 0.5)))


def _scales_said(text: str) -> list[re.Match[str]]:
    en, ko, _, _ = _other_scales()
    return [*en.finditer(text), *ko.finditer(text)]


def _scale(found: re.Match[str]) -> int:
    """The scale of a score said against one ("10점 만점에 9점": 10)."""
    groups = found.groupdict()
    said = groups.get("m") or groups["m2"]
    numbers = _other_scales()[3]
    return int(float(said)) if said[0].isdigit() else _tens(said) or numbers.get(said.lower(), 5)


def other_scale_said(text: str) -> str:
    """The text without its scores said against another scale ("백점 만점에 구십점이요")."""
    en, ko, _, _ = _other_scales()
    return ko.sub(" ", en.sub(" ", text))


def _on_another_scale(text: str) -> int | None:
    """A score said against a scale other than five, as one of five (a half rounded up)."""
    en, ko, _, numbers = _other_scales()
    less = 1 if vocabulary.says("closing", "score_less_one", text) else 0  # "…, minus one"
    for found in (*en.finditer(text), *ko.finditer(text)):
        groups = found.groupdict()
        n, m = (
            float(said) if said[0].isdigit() else _tens(said) or numbers.get(said.lower(), 0)
            for said in (groups.get("n") or groups["n2"], groups.get("m") or groups["m2"])
        )
        if m != 5 and m >= 2 and 0 <= n <= m:
            return max(1, min(5, int((n - less) * 5 / m + 0.5)))
    return None


@cache
def _not_scores() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """ "one" as a thing ("the second one"), and a score of what might have been."""
    after = vocabulary.load("closing").get("one_as_a_thing_after") or []
    thing = re.compile(
        r"\b((?:" + "|".join(re.escape(str(w)) for w in after) + r")\s+)one\b", re.IGNORECASE
    )
    hypothetical = vocabulary.pattern("closing", "hypothetical")
    # to where the sentence turns ("…다섯 개였을 텐데 두 개 드릴게요"), or its end
    ends = r"텐데|는데|지만|건데|\bbut\b|\bso\b"
    return thing, re.compile(
        rf"(?:{hypothetical.pattern})(?:[^.!?\n]*?(?:{ends})|[^.!?\n]*)", re.IGNORECASE
    )


def _as_said(text: str) -> str:
    """The text without what gives no score: "one" as a thing, what might have been, and a
    score meant and not given ("다섯 개 다 줄란디, …": from its clause's start)."""
    thing, hypothetical = _not_scores()
    text = hypothetical.sub(" ", thing.sub(r"\1it", text))
    meant = vocabulary.pattern("closing", "hypothetical_before")
    while (found := meant.search(text)) is not None:
        # from where its sentence or clause begins ("넷은 줘야겄지유 | … 다섯 줬을텐디")
        start = max(
            [a for a, _ in sentences(text) if a <= found.start()]
            + [text.rfind(mark, 0, found.start()) + 1 for mark in ".,!?\n"]
        )
        text = f"{text[:start]} {text[found.end() :]}"
    return text


def score_in_words(text: str) -> int | None:
    """A score said in words ("Middling I'd say", "그냥 보통이요", "excellent"): the level
    whose words are said, the longest phrase first ("very good" is no "good"), when only one
    level is; for the answer to the survey just asked only (`score_words` in closing.yml)."""
    found: dict[int, int] = {}  # where each level is said
    lowered = _as_said(text).lower()  # "Would've been full marks if …": no score given
    for phrase, level in _score_words():
        at = _phrase_at(phrase, lowered)
        if at is not None:
            found[level] = at
            lowered = lowered[:at] + " " * len(phrase) + lowered[at + len(phrase) :]
    if found and vocabulary.says("closing", "score_less_one", text):
        # "만점 드리고 싶은데 … 하나 뺄게요": the best said, one taken off
        return max(1, max(found) - 1)
    if len(found) == 1:
        return next(iter(found))
    given = vocabulary.pattern("closing", "score_giving").search(text)
    if given is None or not found:
        return None
    # "the service was good only, full marks I will give": the words given
    away = sorted(
        (min(abs(at - given.start()), abs(at - given.end())), lvl) for lvl, at in found.items()
    )
    return away[0][1] if away[0][0] != away[1][0] else None


@cache
def _score_words() -> tuple[tuple[str, int], ...]:
    table = vocabulary.load("closing").get("score_words") or {}
    said = [
        (str(phrase).lower(), int(level))
        for language in ("en", "ko")
        for level, phrases in (table.get(language) or {}).items()
        for phrase in phrases
    ]
    return tuple(sorted(said, key=lambda entry: len(entry[0]), reverse=True))


def _phrase_at(phrase: str, lowered: str) -> int | None:
    """Where a phrase is said: an English one as whole words, a Korean one anywhere."""
    if phrase.isascii():
        found = re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", lowered)
    else:
        found = re.search(re.escape(phrase), lowered)
    return found.start() if found else None


def no_comment(text: str, consent: str | None) -> bool:
    """Nothing more to say to "anything we could have done better?" ("no", "없어요"), or the
    survey declined ("id rather not rate it again")."""
    if vocabulary.says("closing", "no_rating", text):
        return True
    # "Nope, nothing else to report, take care eh": a goodbye beside it is no comment
    rest = vocabulary.pattern("triage", "signing_off").sub(" ", text)
    rest = vocabulary.pattern("closing", "no_comment").sub(" ", rest)
    if rest != text and (not _PUNCTUATION.sub("", rest) or says_nothing_else(rest)):
        return True
    return consent == "no" and says_nothing_else(text)

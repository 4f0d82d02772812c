"""What a correction says: the fields one message gives new values for, at the read-back or
mid-form ("product is Galaxy Buds FE, I want a replacement, it happened 3 days ago", "close,
but it was sat 28th. and put the product as cordless stick vacuum pls", "이름 박순자로
바꿔주시고 번호는 010-1111-2222요", "어제가 아니라 그저께예요").

Read in two steps, each from data:
1. The message is cut into clauses. A clause that names a field ("the product is …", "change
   the name to …", "날짜가 틀렸어요 28일이에요") gives that field what follows the field's
   name and the words that link them (`nlu/vocabulary/corrections.yml`), checked as its
   question would check it.
2. Clauses that name no field are searched for any field's value.

In both, what is turned down is no value ("the dryer not the washer", "yesterday not today",
"어제가 아니라 그저께": the words are `turned_down` in `nlu/vocabulary/answers.yml`), and of
several days the last one said is the one meant ("it was the weekend before that, sat 28th").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from handlers.answers import as_wish, asks_for_something, noun_phrase, says_availability
from handlers.dates import IncidentDate, find_incident_date, parse_incident_date, read_date
from handlers.fields import (
    find_contact,
    parse_contact,
    preferred_contact,
    valid_short,
    without_ending,
)
from handlers.meta import quotes, read_meta, says_nothing_else
from handlers.remedies import (
    remedies_asked,
    remedies_said,
    remedy_of,
    remedy_words,
    together,
)
from handlers.vocabulary import load, says
from handlers.vocabulary import pattern as vocabulary_pattern
from handlers.words import full_stops, morphemes, sentences, tokens

# How a correction may begin ("no wait the product is …", "아 잠깐만요 제품은 …")
_LEADING_ANSWER = re.compile(
    r"^((no|nope|nah|actually|sorry|wait|oops|oh|hmm|um|ok|okay|close|but|also|and|so|"
    r"아니요|아니|아뇨|아|잠깐만요|잠깐|그리고|근데|또)\b[\s,.!]*)+",
    re.I,
)
_ARTICLE = re.compile(r"^(a|an|the|my|our)\s+", re.I)
# Where a correction's clauses part: a mark (never a comma of "15,000"), "and", or a Korean "…이고" before the next
# field's name (`clauses` of `_words`, built from the field names in corrections.yml)
_CLAUSE_MARKS = r",(?!\d{3}(?!\d))|[;\n]|\.\s|[?？]+\s*|\s+and\s+|\s*그리고\s*"
_LABELLED = (
    ("product", re.compile(r"^(the\s+)?(product|item|model)\s*(is|was|:)\s*(?P<v>.+)$", re.I)),
    (
        "product",
        re.compile(
            r"^(제품|상품|모델)\s*(은|는|:)\s*(?P<v>.+?)\s*(이에요|예요|에요|입니다|이요|요)?$"
        ),
    ),
    (
        "customer_name",
        re.compile(r"^(my\s+name\s+is|name\s*(is|:)|i'?m|i\s+am)\s+(?P<v>.+)$", re.I),
    ),
    ("customer_name", re.compile(r"^(제\s*)?(이름|성함)\s*(은|는|:)\s*(?P<v>.+)$")),
    (
        "contact",
        re.compile(r"^(my\s+)?(e-?mail|phone|number|mobile|contact)\s*(is|:)\s*(?P<v>.+)$", re.I),
    ),
    (
        "contact",
        re.compile(
            r"^(제\s*)?(연락처|전화\s?번호|번호|이메일|메일)\s*(은|는|:)\s*(?P<v>.+?)(이에요|예요|입니다|이요|요)?$"
        ),
    ),
    ("incident_date", re.compile(r"^(it\s+)?(happened|was|started)\s+(?P<v>.+)$", re.I)),
    (
        "incident_date",
        re.compile(
            r"^(날짜|발생일|일자|언제)\s*(은|는|:)\s*(?P<v>.+?)(이에요|예요|입니다|이요|요)?$"
        ),
    ),
    ("desired_outcome", re.compile(r"^i\s+(want|would\s+like|need|'d\s+like)\s+(?P<v>.+)$", re.I)),
)

# Labels that are also ordinary words ("it was …", "i want …"): a clause they give nothing
# for is still searched for other fields.
_WEAK_LABELS = {
    pattern.pattern
    for field, pattern in _LABELLED
    if pattern.pattern.startswith(("^(it\\s+)?", "^i\\s+"))
}


def _alternation(phrases: list[str]) -> str:
    return "|".join(
        re.escape(p).replace(r"\ ", r"\s*") for p in sorted(phrases, key=len, reverse=True)
    )


@cache
def _words() -> dict[str, re.Pattern[str]]:
    """The patterns of `nlu/vocabulary/corrections.yml` and of what turns a value down."""
    data = load("corrections")
    turned = load("answers")["turned_down"]
    found: dict[str, re.Pattern[str]] = {}
    # "제품은 tv 리모컨이고 날짜는 그저께예요": "…이고" before the next field's name ends a clause
    labels = _alternation([w for said in data["fields"].values() for w in said["ko"]])
    found["clauses"] = re.compile(
        rf"{_CLAUSE_MARKS}|(?<=[\uac00-\ud7a3A-Za-z0-9])(?:이고요|고요|이고|고|이며|며)\s+"
        rf"(?=(?:{labels})\s*(?:은|는|:|도|이|가|에|을|를))",
        re.IGNORECASE,
    )
    for field, said in data["fields"].items():
        english = rf"\b(?:{_alternation(said['en'])})\b"
        korean = rf"(?:{_alternation(said['ko'])})"
        found[field] = re.compile(f"{english}|{korean}", re.I)
    links_en = _alternation(data["links"]["en"])
    links_ko = _alternation(data["links"]["ko"])
    found["links"] = re.compile(
        rf"^\s*(?:(?:{links_en})(?![\w'])|(?<![\uac00-\ud7a3])(?:{links_ko})(?![\uac00-\ud7a3]))",
        re.I,
    )
    found["confirming"] = re.compile(
        rf"^(?:{_alternation(data['confirming']['en'] + data['confirming']['ko'])})(?![\w'])",
        re.I,
    )
    found["change_ko"] = re.compile(rf"\s*(?:{_alternation(data['change_endings']['ko'])}).*$")
    found["after_en"] = re.compile(
        rf"(?:(?:^|\s+)(?:{_alternation(data['after_value']['en'])}))+[\s.!]*$", re.I
    )
    english_down = [p for p in turned["en"] if p.split()[0] != "no"]  # "no, …" answers
    found["down_before"] = re.compile(rf"\b(?:{_alternation(english_down)})\s*(?:on\s+)?$", re.I)
    # (to its word's end: "분유 아니라니까요 ㅠㅠ 수도요" leaves no "니까요 ㅠㅠ")
    found["down_after"] = re.compile(
        rf"^\s*(?:이|가|은|는)?\s*(?:{_alternation(turned['ko'])})[\uac00-\ud7a3]*[\s\u3131-\u318e]*"
    )
    found["down_split_en"] = re.compile(rf"\s*,?\s*\b(?:{_alternation(english_down)})\b", re.I)
    # (to its word's end: "분유 아니라니까요 ㅠㅠ 수도요" leaves no "니까요")
    found["down_split_ko"] = re.compile(
        rf"\s*(?:이|가|은|는)?\s*(?:{_alternation(turned['ko'])})[\uac00-\ud7a3]*[\s\u3131-\u318e]*"
    )
    shown = data["shown"]
    found["shown_before"] = re.compile(
        rf"(?<![\w'])(?:{_alternation(shown['before']['en'])})(?![\w'])"
        rf"|(?:{_alternation(shown['before']['ko'])})(?=\s)",
        re.I,
    )
    found["shown_after"] = re.compile(rf"(?:{_alternation(shown['after']['ko'])})")
    found["shown_ends_en"] = re.compile(rf"^(?:{_alternation(shown['ends']['en'])})(?![\w'])", re.I)
    # "케이블이에요ㅋㅋ": laughter after the ending still ends the value shown
    found["shown_ends_ko"] = re.compile(
        rf"(?:{_alternation(shown['ends']['ko'])})[.!~\u3131-\u3163]*$"
    )
    return found


def fields_named(text: str) -> set[str]:
    """The fields a text names by the words of `fields` in corrections.yml."""
    words = _words()
    return {field for field in load("corrections")["fields"] if words[field].search(text)}


def without_leading(text: str) -> str:
    """A clause without the answer it begins with ("no wait", "아 그리고")."""
    return _LEADING_ANSWER.sub("", text.strip())


def without_leading_story_name(text: str) -> str:
    """A text without the story's name it begins with ("내용에 박스 테이프가 …")."""
    found = _words()["description"].search(text)
    if found is None or text[: found.start()].strip():
        return text
    return _unlinked(text[found.end() :]).strip() or text


def without_story_name(text: str) -> str:
    """A text without the story's name and the words linking it ("내용에 …", "… in the
    description")."""
    found = _words()["description"].search(text)
    if found is None:
        return text
    before = text[: found.start()].split()
    while before and before[-1].lower() in {"in", "from", "to", "of", "the", "my", "your"}:
        before.pop()  # "… in the description": "in the" went with the name
    return f"{' '.join(before)} {_unlinked(text[found.end() :])}".strip()


def _unquoted(clause: str) -> str:
    """A clause without the values it quotes as shown ("why does it say today", "왜 오늘로
    돼있죠", "it says yesterday but …"): those are what is wrong, not the new values."""
    words = _words()
    while (after := words["shown_after"].search(clause)) is not None:
        # "오늘로 돼있죠": the word before the marker is the value shown
        start = clause.rfind(" ", 0, after.start()) + 1
        clause = f"{clause[:start]} {clause[after.end() :]}".strip()
    while (before := words["shown_before"].search(clause)) is not None:
        rest = clause[before.end() :]
        korean = not before.group(0).isascii()
        end = 0
        for count, token in enumerate(re.finditer(r"\S+", rest)):
            word = token.group(0)
            if count and not korean and words["shown_ends_en"].match(word):
                break  # "it says yesterday | but it was the 28th"
            end = token.end()
            if korean and (words["shown_ends_ko"].search(word) or count == 2):
                break  # "왜 12월 6일이죠 |": the question ends the value shown
        clause = f"{clause[: before.start()]} {rest[end:]}".strip()
    return clause


def turned_down_at(text: str, start: int, end: int) -> bool:
    """Whether the words at `start`…`end` are turned down ("not the fridge", "세탁기 말고")."""
    return _turned_down(text, start, end) is not None


def _turned_down(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the value at `start`…`end` stands with the words that turn it down, if any
    ("not today", "어제가 아니라")."""
    words = _words()
    before = words["down_before"].search(text[:start])
    if before is not None:
        return before.start(), end
    after = words["down_after"].match(text[end:])
    if after is not None:
        return start, end + after.end()
    return None


def chosen_over(text: str, held: str, today: date, language: str) -> str | None:
    """The product said in place of the one held when the held one is turned down in the same
    sentence without a label ("It should be staff service, not laptop"), checked."""
    at = text.lower().find(held.lower()) if held else -1
    span = _turned_down(text, at, at + len(held)) if at >= 0 else None
    if span is None:
        return None
    for start, end in full_stops(text):  # "…, not laptop." is one
        if start <= at < end:
            rest = f"{text[start : span[0]]} {text[span[1] : end]}"
            return _checked("product", _unlinked(rest.strip()), today, language, "KR", strict=False)
    return None


def replaced_wish(text: str, held: str, language: str) -> str | None:
    """The wish said in place of the one held when the held one is turned down and a
    sentence puts another ("I don't want refund again. Put it as deliver the laptop to me"),
    in the customer's words."""
    said = {
        remedy_of(text[a:b], language)
        for a, b in remedies_said(text)
        if text[a:b] and (a, b) not in {(x.start, x.end) for x in remedies_asked(text, wish=True)}
    }
    if not held or held not in said:
        return None
    put = vocabulary_pattern("corrections", "put_as")
    for start, end in full_stops(text):
        sentence = text[start : end + 1]
        if (found := put.search(sentence)) is not None and (
            wish := sentence[found.end() :].strip(" ,.!~")
        ):
            return as_wish(wish)
    return None


def written_as(text: str) -> str | None:
    """The value said to be written, in Korean before "라고 써" ("무상 재수리라고 써",
    "…로 적어 주세요" is read elsewhere): up to three words before it, from where its
    clause begins."""
    found = vocabulary_pattern("corrections", "written_as").search(text)
    if found is None:
        return None
    before = text[: found.start()].rstrip()
    last = next((span for span in quotes(before) if span[1] == len(before)), None)
    if last is not None and before[last[0] + 1 : last[1] - 1].strip():
        # "요청 사항은 '교환 및 리콜 검토'라고 써주세요": what is quoted, whole
        return before[last[0] + 1 : last[1] - 1].strip()
    words = before.split()[-3:]
    while words and (words[0].endswith(_CLAUSE_ENDINGS) or fields_named(words[0])):
        words.pop(0)  # "… 안 되니까 무상 재수리": the clause before it, or its field's name
    return " ".join(words) or None


# Who a sentence is said of, as its first word: what follows names no thing.
_SUBJECTS = frozenset(["i", "i'm", "im", "i'll", "you", "he", "she", "we", "they"])
# Korean connective endings that close the clause before a value ("되니까", "했는데").
_CLAUSE_ENDINGS = ("니까", "는데", "은데", "지만", "고", "서", "면", "요", ".", ",")


def _chosen_part(value: str) -> str:
    """Of "the dryer not the washer" or "세탁기 말고 건조기", the part chosen."""
    words = _words()
    english = words["down_split_en"].split(value, maxsplit=1)
    if len(english) == 2:
        return english[0].strip()
    korean = words["down_split_ko"].split(value, maxsplit=1)
    if len(korean) == 2:
        return korean[1].strip()  # "4일 말고" alone chooses nothing
    return value


# Where a Korean product's name ends in a clause that goes on: at "…고" before more words, or
# where a remedy starts.
_PRODUCT_ENDS = re.compile(rf"\s+(?:{remedy_words('ko')}).*$", re.S)


def _before_and(value: str) -> str:
    """A Korean product's name up to the "…고" that joins more to it ("버즈3 프로고 환불로…":
    버즈3 프로), read by the analyser: the 고 of "냉장고" is the noun's own."""
    for form, tag, _, end in morphemes(value):
        if (
            form == "고"
            and (tag.startswith("EC") or tag == "XPN")
            and value[end : end + 1].isspace()
        ):
            word_start = value.rfind(" ", 0, end) + 1
            said = value[word_start:end]
            return value[: end - (2 if said.endswith("이고") else 1)]
    return value


def _date_words(parsed: IncidentDate) -> str:
    """The words that name a day ("wednesday" of "wednesday not thursday")."""
    return parsed.words or parsed.text


def _checked(
    field: str, value: str, today: date, language: str, region: str, *, strict: bool
) -> str | None:
    """A value said for a field, checked as its question would check it. `strict`: the
    value must be the whole of what was said (after a label's own pattern)."""
    from handlers.names import of_a_sentence, read_name  # names reads the fields' helpers
    from handlers.wishes import wish_of  # wishes reads the remedies this module reads

    said = value.strip(" .!:")
    # a wish quoted whole is written as quoted ("Please write what I would like as: \"a
    # refund of the £6.99 delivery charge, and the checkout … labelled\"")
    in_quotes = quotes(said) == [(0, len(said))]
    # a value quoted ("'사무용 의자 EC-200'으로"): its quotes are no part of it
    value = _ARTICLE.sub("", _chosen_part(value).strip(" .!'\"‘’“”")).strip(" '\"‘’“”")
    if not value or _words()["confirming"].match(value) or says_nothing_else(value):
        return None  # "my name is ok": right as it is, no name
    if says("corrections", "flaws", value):
        return None  # "The product line still carries a small error": said of it, no value
    if field == "desired_outcome" and in_quotes:
        return valid_short(said[1:-1].strip())
    if field == "desired_outcome" and (
        _remarks(value) or says("corrections", "reply_asked", value)
    ):
        # "I WANT A TEXT BACK BY 5 O'CLOCK TODAY": hearing back is no wish in place of the one held
        return wish_of(value, language)
    if field == "product":
        # "포장이사 서비스라고 고쳐 주씨요", "전기요예요": up to the copula or the quote,
        # the value as said (its own ending kept)
        unlinked = _unlinked(value)
        quoted = _before_quote(unlinked)
        if quoted != unlinked:
            quoted = _ARTICLE.sub("", _PRODUCT_ENDS.sub("", quoted)).strip()
            return None if _remarks(quoted) else valid_short(quoted)
        value = _PRODUCT_ENDS.sub("", _before_and(unlinked))  # "버즈3 프로고 환불로…"
        value = _ARTICLE.sub("", value).strip()
        if not value or says_nothing_else(value) or _remarks(value):
            return None  # "the product is wrong": no product, the next clause may say it
        if value.split()[0].lower() in _SUBJECTS:
            return None  # "… but I shall not trouble you further": a sentence, no thing
        # the name of the thing, what is said around it off ("pls its Sony WF-1000XM5")
        phrase = noun_phrase(value)
        value = value[phrase.start : phrase.end] if phrase else value
        return valid_short(without_ending(_words()["after_en"].sub("", value)))
    if field == "customer_name":
        # "I am afraid this has become worse": a sentence after "I am" is no name
        name = read_name(value).name
        return None if name is None or of_a_sentence(name) else name
    if field == "contact":
        contact = parse_contact(value, region)  # the whole value first, then one in it
        contact = contact or (None if strict else find_contact(value, region))
        return contact.display if contact else None
    if field == "incident_date":
        parsed = parse_incident_date(value, today) if strict else None
        parsed = parsed or find_incident_date(value, today) or read_date(value, today)
        if parsed is None and (unknown := parse_incident_date(value, today)) is not None:
            parsed = unknown if unknown.on is None else None  # "거긴 그냥 모름으로 해주세요"
        return _date_words(parsed) if parsed else None
    if strict:
        # "요청 사항이 [아직 교환으로 되어 있]습니다": what is left of a value shown names nothing
        named = any(t.tag.startswith(("NN", "SL", "SH")) or not t.tag for t in tokens(value))
        return wish_of(value, language) or (valid_short(value) if named else None)
    return wish_of(value, language)


def _before_quote(value: str) -> str:
    """A Korean value up to the copula or the quote after it, whatever follows ("포장이사
    서비스라고 고쳐 주씨요", "한라봉이고"); the value as it is without one."""
    for _, tag, start, _ in morphemes(value):
        if tag.startswith(("VCP", "JKQ")) and start:
            return value[:start].strip()
    # a quote the analyser reads as another word ("캠핑의자라고": 자라 is to grow)
    quoting = sorted(load("names")["quoting"], key=len, reverse=True)
    end = 0
    for word in value.split():
        end = value.index(word, end) + len(word)
        form = next((q for q in quoting if word.endswith(q)), None)
        if form and len(word) > len(form):
            return value[: end - len(form)].strip()
    return value


def _remarks(value: str) -> bool:
    """Whether what follows a field's name is a remark on it, no value: a Korean clause that
    ends in a predicate not made a noun nor a request ("연락처 얘기가 들어가 있는데", "그대로
    둬", "탭은 맘에 안 들지만"); "탭 당장 돌려받는 거", "35,000원 환급이에요" name one."""
    parsed = morphemes(value)
    last = max((i for i, m in enumerate(parsed) if m[1].startswith("E")), default=None)
    if last is None or parsed[last][1] not in ("EC", "EF"):
        return False
    predicate = next((m[1] for m in reversed(parsed[:last]) if m[1].startswith(("V", "XS"))), "")
    return predicate not in ("", "VCP") and not asks_for_something(value)


@dataclass(frozen=True)
class _Said:
    """A field a clause names, its value as checked (None: it does not pass), and whether
    the clause says nothing else (a label's own pattern) or may name other fields too."""

    field: str
    value: str | None
    alone: bool


def _worded(said: str, rest: str) -> str | None:
    """The words to write as said, where the links before them give wording, not a value
    ("the 'you'd like' bit is wrong, it should just say refund the second charge")."""
    linking = said[: max(said.find(rest), 0)]
    return valid_short(rest) if says("corrections", "wording", linking) else None


_QUOTES = frozenset("'\"‘’“”")


def _unlinked(rest: str) -> str:
    """What follows the words that link a field's name to its value ("is wrong, its …")."""
    words = _words()
    while (link := words["links"].match(rest)) is not None and link.end() > 0:
        rest = rest[link.end() :]
    return rest.strip(" ,.!~")


def _named_in(clause: str, today: date, language: str, region: str) -> _Said | None:
    """The field a clause names and what it says after the name and the linking words
    ("put the product as cordless stick vacuum pls" → product, "cordless stick vacuum";
    "이름 박순자로 바꿔주시고" → customer_name, "박순자"), checked."""
    words = _words()
    unread: _Said | None = None
    labels: list[tuple[int, int]] = []
    for field in ("product", "desired_outcome", "incident_date", "customer_name", "contact"):
        # the last time the field is named ("put the model in the product pls its …")
        found = next(reversed(list(words[field].finditer(clause))), None)
        if found is None or any(a <= found.start() < b for a, b in labels):
            continue  # "책 이름이": the product's label, no name's
        labels.append(found.span())
        after = clause[found.end() :]
        if clause[found.start() - 1 : found.start()] in _QUOTES and after[:1] in _QUOTES:
            after = after[1:]  # "the 'you'd like' bit is wrong": the read-back's label quoted
        unlinked = _unlinked(after)
        rest = words["change_ko"].sub("", unlinked).strip(" .!~")
        if words["confirming"].match(unlinked) or words["confirming"].match(rest) or confirms(rest):
            return None  # "the product is fine", "제품은 무선청소기 맞고여": right as it is
        if says("corrections", "recorded_wrong", rest):
            # "제품명이 '냉장'으로 잘못 들어갔습니다": how it was written; the value comes next
            return _Said(field, None, alone=False)
        if not rest or says_nothing_else(rest):
            # "product still wrong ugh. JBL Flip 6": the value comes in the next clause
            return _Said(field, None, alone=False)
        # the wish named by its own label is taken as said ("요청사항은 12,900원 환불이에요"),
        # never a word left of a clause ("요청사항이 그냥 [환불로 돼 있]는데")
        strict = field == "desired_outcome" and len(rest.split()) > 1
        checked = _checked(field, rest, today, language, region, strict=strict)
        if checked and strict:
            checked = _worded(after, rest) or checked
        if checked:
            return _Said(field, checked, alone=False)
        unread = unread or _Said(field, None, alone=False)
    # "the phone number is wrong too": named, its value not said
    return unread


def confirms(value: str) -> bool:
    """Whether a value said is said to be right ("무선청소기 맞고여", "JBL Flip 6 is right");
    an English word of it only after "is" ("should be the Dyson V15 alright" corrects)."""
    said = [w.strip(";,.!~?") for w in value.split()]
    if len(said) < 2 or not _words()["confirming"].fullmatch(said[-1]):
        return False
    return not said[-1].isascii() or said[-2].lower() in ("is", "was", "'s", "looks", "seems")


def _labelled(clause: str, today: date, language: str, region: str) -> _Said | None:
    """The field a clause's label names and its value checked (None when the value does not
    pass), or None for a clause without a label's pattern; a loose label ("it was …", "i
    want …") that gives nothing counts as none."""
    for field, pattern in _LABELLED:
        match = pattern.match(clause)
        if not match:
            continue
        if _words()["confirming"].match(match.group("v")):
            return None  # "성함은 제대로 수정되었습니다": right as it is now
        said = _words()["change_ko"].sub("", match.group("v"))  # "…로 바꿔주세요"
        if confirms(said) or confirms(clause):
            return None  # "제품은 무선청소기 맞고여": right as it is
        checked = _checked(field, said, today, language, region, strict=True)
        if checked:
            return _Said(field, checked, alone=True)
        if not _unlinked(match.group("v")):
            # "the product is wrong. JBL Flip 6": the value comes in the next clause
            return _Said(field, None, alone=False)
        if pattern.pattern not in _WEAK_LABELS:
            # "my name is 3 days ago" is no name, and no date either; "the product is
            # fine" is right as it is
            return _Said(field, None, alone=True)
    return None


@dataclass(frozen=True)
class Corrections:
    """The values a correction gives, and the fields it names without a value (to be asked,
    never dropped)."""

    values: dict[str, str]
    unresolved: tuple[str, ...] = ()


def corrections(
    text: str, today: date, language: str, region: str = "KR", *, anywhere: bool = True
) -> dict[str, str]:
    """Field values named in one message ("product is Galaxy Buds FE, I want a replacement,
    it happened 3 days ago, my name is John Smith"), each checked as its question would.
    With `anywhere`, clauses without a label of their own are searched too ("…프로고 환불로
    해주세요, 3일 전부터 그랬어요"). Of several days, the last one said is the one meant."""
    return read_corrections(text, today, language, region, anywhere=anywhere).values


def read_corrections(
    text: str,
    today: date,
    language: str,
    region: str = "KR",
    *,
    anywhere: bool = True,
    stored_on: date | None = None,
) -> Corrections:
    """`corrections`, with the fields named without a value ("…, and the phone number is
    wrong too"). A value quoted as shown ("why does it say today?") is none, and so is the
    day `stored_on` when another is said ("it began yesterday evening, it was only the smell
    this morning")."""
    found: dict[str, str] = {}
    days: list[str] = []
    unlabelled: list[str] = []
    unresolved: list[str] = []
    awaited: str | None = None  # a field named in the clause before, with no value yet
    # "my job number RJ-55821" names no field: its words are taken out first
    text = vocabulary_pattern("corrections", "not_fields").sub(" ", text)
    # a question that asks something else ("주말에도 봄?"), not why a value is shown so
    questions = [
        text[a:b]
        for a, b in sentences(text)
        if "?" in text[a:b] and not says("corrections", "why_shown", text[a:b])
    ]
    for clause, shown in _clauses_shown(text):
        clause = _LEADING_ANSWER.sub("", clause)
        if not clause or _right_as_is(clause):
            continue  # "성함은 제대로 수정되었습니다": said to be right, no value in it
        if "description" in fields_named(clause):
            # "이건 내용에서 빼주세요": an edit of what happened, no other field's value
            awaited = None
            continue
        said = _labelled(clause, today, language, region) or _named_in(
            clause, today, language, region
        )
        if said is None and awaited is not None:
            # "이름 틀렸어요 | 김하나로 고쳐 주세요": the value with the change asked after it
            rest = _unlinked(_words()["change_ko"].sub("", clause))  # "정확히는 …"
            value = _checked(awaited, rest, today, language, region, strict=True)
            if value and awaited == "desired_outcome" and len(rest.split()) > 1:
                value = _worded(clause, rest) or value
            said = _Said(awaited, value, alone=True) if value else None
            if said is None and says_nothing_else(clause):
                continue  # "…my name is "RN" which, I mean. Karen Lindqvist.": still awaited
        awaited = said.field if said is not None and said.value is None and not said.alone else None
        if awaited is not None:
            unresolved.append(awaited)
        elif said is None and shown is not None:
            # "Still says website where the product goes. | Make that the smoker's meat probe"
            awaited = shown
        if said is not None and said.value and said.field == "incident_date":
            days.append(said.value)
        elif said is not None and said.value:
            found.setdefault(said.field, said.value)
        elif said is None and (contact := parse_contact(clause, region)):
            found.setdefault("contact", contact.display)
            continue
        if said is not None and said.alone:
            continue  # a label's own pattern gives its field only
        if said is not None and said.value:
            # "이름 김민지로 고쳐주세요", "fix the name to …": asking for the change is no remedy
            clause = vocabulary_pattern("corrections", "change_verbs").sub(
                "", _words()["change_ko"].sub("", clause)
            )
        # "fix then send", "12월 6일로 fix 해주세요": an edit asked, no wish
        unlabelled.append(vocabulary_pattern("corrections", "draft_edits").sub(" ", clause))
        if (
            anywhere
            and (said is None or said.field != "incident_date")
            and not any(clause in q for q in questions)  # "주말에도 봄?": no correction
            and (day := _day_in(clause, today))
        ):
            days.append(day)
    if anywhere:
        found = {**found, **_found_anywhere("\n".join(unlabelled), language, region, found)}
    # "I want all three things: my £45 back, a morning appointment, and the apology"; "수리를
    # 원합니다. 수리가 안 되면 그때 교환입니다.": the wishes across the clauses that name no
    # other field (what is shown as wrong left out), where a clause only points at them or
    # names the first of them
    from handlers.wishes import pointing, several  # wishes reads the remedies this module reads

    held = found.get("desired_outcome")
    # ("ㅇㅋ 넣어주셈 근데 답장 언제쯤 옴?": a yes and a question, no wish)
    wishing = [c for c in unlabelled if not any(c in q for q in questions) and not _only_meta(c)]
    told = several(", ".join(c.strip(" .,;") for c in wishing), language)
    fallback = str(load("remedies")["fallback_joined"][language])
    if told and (not held or pointing(held) or told.startswith(f"{held}{fallback}")):
        found["desired_outcome"] = told
    # "want still wrong. refund AND apology.": remedies joined in one sentence naming no other
    # field are one wish, though its clauses were read apart
    joint = next(
        (
            both
            for a, b in sentences(text, clauses=False)
            if not (set(fields_named(text[a:b])) - {"desired_outcome"})
            and (both := together(text[a:b], language, wish=True))
        ),
        None,
    )
    held = found.get("desired_outcome")
    if joint and (not held or held.casefold() in joint.casefold()):
        found["desired_outcome"] = joint
    if days:
        other = [
            d for d in days if (p := parse_incident_date(d, today)) is None or p.on != stored_on
        ]
        found["incident_date"] = (other or days)[-1]
    asked = tuple(dict.fromkeys(f for f in unresolved if f not in found))
    return Corrections(found, asked)


def _right_as_is(clause: str) -> bool:
    """Whether a clause names a field and says it is right as it is now, before any change
    asked ("성함은 제대로 수정되었습니다"; `confirming` in corrections.yml)."""
    words = _words()
    for field in load("corrections")["fields"]:
        found = next(reversed(list(words[field].finditer(clause))), None)
        if found is not None and words["confirming"].match(_unlinked(clause[found.end() :])):
            return True
    return False


def _only_meta(clause: str) -> bool:
    """Whether a clause is only a yes, a no or the like ("ㅇㅋ 넣어주셈"), no wish."""
    meta = read_meta(clause)
    return meta.only or "yes" in meta.kinds


def _clauses(text: str) -> list[str]:
    """The clauses of a correction, each without what it quotes as shown: parted at marks
    and joining words, and where a Korean sentence ends ("…프로2 에요 배터리가 …")."""
    return [clause for clause, _ in _clauses_shown(text)]


def _clauses_shown(text: str) -> list[tuple[str, str | None]]:
    """`_clauses`, each with the field named in what it quotes as shown ("Still says website
    where the product goes": the product), whose value the next clause may give."""
    names = {w for said in load("corrections")["fields"].values() for w in said["ko"]}
    # what is quoted is one value, whatever marks are inside it ("write it as: \"a refund of
    # the £6.99 charge, and the checkout … labelled\"")
    text = text or ""
    quoted = [text[start:end] for start, end in quotes(text)]
    for i, said in enumerate(quoted):
        text = text.replace(said, f"\x00{i}\x00", 1)
    raw: list[str] = []
    for piece in _words()["clauses"].split(text):
        piece, start = piece or "", 0
        for _, end in sentences(piece):
            if piece[start:end].strip() in names:
                continue  # "성함 박지민으로 …": a field's name alone ends no sentence
            raw.append(_LEADING_ANSWER.sub("", piece[start:end].strip()))
            start = end
        raw.append(_LEADING_ANSWER.sub("", piece[start:].strip()))
    found: list[tuple[str, str | None]] = []
    for said in (_requoted(r, quoted) for r in raw):
        clause = _unquoted(said)
        shown = sorted(fields_named(said) - fields_named(clause) - {"description"})
        found.append((clause, shown[0] if len(shown) == 1 else None))
    return [(clause, shown) for clause, shown in found if clause]


def _requoted(clause: str, quoted: list[str]) -> str:
    """A clause with the quotes it held put back in their places."""
    for i, said in enumerate(quoted):
        clause = clause.replace(f"\x00{i}\x00", said)
    return clause


# "제품은 갤럭시 버즈3 프로고 환불로 해주세요": a Korean label's value ends at "…고" before more
# words, or where a remedy starts.
_KO_PRODUCT = re.compile(
    r"(?:제품|상품|모델)\s*(?:은|는|:)\s*(?P<v>.+?)"
    r"(?=(?:이고|고)\s|\s*(?:그리고|,|\.)|"
    rf"\s+(?:{remedy_words('ko')})|(?:이에요|예요|입니다|이요|요)?\s*$)"
)


_DATE_WORD = re.compile(r"\b(?:date|day)\b|날짜|발생일|일자", re.IGNORECASE)


def _day_in(clause: str, today: date) -> str | None:
    """The day a clause without a label names: in a sentence, a day said as one; a day of
    the month alone ("sat 28th", "아 잠깐 24일이요") when the clause is short or names the
    date (it is what is corrected); never one the clause turns down ("not the 3rd")."""
    clause = _chosen_part(clause)
    if (
        not clause
        or read_meta(clause).person
        or says_availability(clause)
        or says("corrections", "reply_asked", clause)
    ):
        # "월욜 오전에 꼭 전화주세요", "A TEXT BACK BY 5 O'CLOCK TODAY": when to hear back, not
        # when it went wrong
        return None
    when = find_incident_date(clause, today)
    if when is None and (_DATE_WORD.search(clause) or len(clause.split()) <= 3):
        when = read_date(clause, today)
    said = (when.words or when.text) if when else ""
    start = clause.lower().find(said.lower()) if said else -1
    if when is not None and start >= 0:
        # "my yesterday was Sunday the 6th": the day said it was, not the one it names
        rest = clause[start + len(said) :].lstrip()
        was = vocabulary_pattern("corrections", "said_to_be").match(rest)
        if was and (then := find_incident_date(rest[was.end() :], today)):
            when, said = then, then.words or then.text
            start = clause.lower().find(said.lower())
    if when is None or (start >= 0 and _turned_down(clause, start, start + len(said))):
        return None
    return when.text if when.words and len(clause.split()) > 3 else _date_words(when)


def _found_anywhere(text: str, language: str, region: str, found: dict[str, str]) -> dict[str, str]:
    """Fields a correction names without a clause of their own ("…프로고 환불로 해주세요, 3일
    전부터 그랬어요"): each looked for in the clauses without a label, for the fields not
    `found`."""
    from handlers.names import name_in  # names reads the fields module's helpers

    more: dict[str, str] = {}
    confirmed = any(confirms(clause) for clause in _clauses(text))  # "제품은 … 맞아요"
    if "product" not in found and (m := _KO_PRODUCT.search(text)) and not confirmed:
        product = valid_short(m.group("v"))
        if product:
            more["product"] = product
    # "그거만 고쳐주믄 나머지는 다 맞심더": fixing the read-back is no repair asked for
    text = vocabulary_pattern("corrections", "correcting").sub(" ", text)
    # "I will raise the accessibility fix with whoever handles it": what the customer will do
    # asks for nothing
    text = "\n".join(
        line
        for line in text.splitlines()
        if not (line.split()[:1] and line.split()[0].lower() in _SUBJECTS)
        or asks_for_something(line)
    )
    # "repair?? no. refund the extra 14.99": of clauses that each name one, the last one said
    lines = [remedy_of(line, language) for line in text.splitlines()]
    # "요청은 수리하고 보상 둘 다요": remedies asked together are one wish
    together_asked = together(text, language, wish=True)
    remedy = (
        together_asked or remedy_of(text, language) or next((r for r in reversed(lines) if r), None)
    )
    if "desired_outcome" not in found and remedy:
        more["desired_outcome"] = remedy
    if "customer_name" not in found and (name := name_in(text)):
        more["customer_name"] = name
    if "contact" not in found and (contact := preferred_contact(text, region)):
        more["contact"] = contact.display
    return more

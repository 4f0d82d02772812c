"""The values a message names for the complaint's fields, each with where it stands and how
sure the reading is. One extractor per kind (the table `EXTRACTORS`), each returning the span,
so that the rest of the sentence stays what happened and a question is never a value:

- product: the catalogue first (`config.yml` products, as a gazetteer), then a kind of product
  named with its brand, size or model ("85 inch QLED", "테레비", "soundbar order"; the words
  are `nlu/vocabulary/products.yml`);
- remedy: `nlu/vocabulary/remedies.yml` (a change of mind ends on the last one);
- date, name, contact, reference: their parsers (`handlers/dates.py`, `handlers/names.py`,
  `phonenumbers`, `handlers/references.py`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from handlers import vocabulary
from handlers.answers import own_contact, says_only, small_word, turned_down
from handlers.clauses import faults_said
from handlers.dates import find_incident_date
from handlers.fields import contacts_found
from handlers.lexicon import Hit, Lexicon, lexicon
from handlers.names import name_before_contact, name_in, name_signed
from handlers.phones import numbers_in, with_digits
from handlers.products import Product, mention
from handlers.references import find_reference, reference_spans
from handlers.remedies import chosen
from handlers.vocabulary import load
from handlers.words import Token, morphemes, sentences, tokens

KINDS = ("product", "remedy", "date", "name", "contact", "reference")


@dataclass(frozen=True)
class Value:
    """A value for a field, where it stands in the message and how sure the reading is."""

    kind: str
    value: str
    start: int
    end: int
    confidence: float

    @property
    def span(self) -> tuple[int, int]:
        """Where it stands (start, end)."""
        return self.start, self.end


@dataclass(frozen=True)
class Scope:
    """What the extractors read besides the message: the catalogue, the day, the phone
    region, the desk's own contacts (never the customer's) and the language values are
    stored in."""

    catalogue: tuple[Product, ...] = ()
    today: date | None = None
    region: str = "KR"
    own_contacts: frozenset[str] = frozenset()
    language: str = "en"
    #: the policy's keywords of a fault or a danger: an outcome told beside one is no "resolved"
    faults: tuple[str, ...] = ()


def _located(text: str, said: str, confidence: float, kind: str) -> Value | None:
    """A value whose words are found in the text as said."""
    start = text.lower().find(said.lower())
    if start < 0:
        return None
    return Value(kind, said, start, start + len(said), confidence)


@cache
def _product_words() -> tuple[Lexicon, Lexicon]:
    """The kinds of product (a part of one apart, and what goes on after one), and the
    words said beside one as part of its name (brands and measures)."""
    data = load("products")
    parts = {str(p).lower() for lang in ("en", "ko") for p in data["parts"][lang]}
    kinds = [
        (p, "part" if str(p).lower() in parts else "kind")
        for lang in ("en", "ko")
        for p in [*data["kinds"][lang], *data["parts"][lang]]
    ]
    kinds += [(p, "after") for lang in ("en", "ko") for p in data["after_kind"][lang]]
    kinds += [(p, "other") for lang in ("en", "ko") for p in data["other_after"][lang]]
    kinds += [(p, "other") for lang in ("en", "ko") for p in data["not_a_product"][lang]]
    before = [(p, "brand") for lang in ("en", "ko") for p in data["brands"][lang]]
    before += [(p, "measure") for lang in ("en", "ko") for p in data["measures"][lang]]
    real = load("answers")["real_words"]
    return Lexicon(kinds, typos=True, real_words=real), Lexicon(before)


@cache
def _counted() -> frozenset[str]:
    """The words after a number that make it a count ("2 days", "3개"), not a model."""
    data = load("products")["counted"]
    return frozenset(str(w).lower() for lang in ("en", "ko") for w in data[lang])


@cache
def _not_had() -> Lexicon:
    return lexicon(load("products")["not_had"], "not_had")


def _denied(toks: tuple[Token, ...], first: int, last: int) -> bool:
    """Whether the thing at words `first`…`last` is turned down ("not the soundbar", "세탁기
    말고") or said not to be had ("I don't have a mobile", "휴대폰은 없고")."""
    if turned_down(toks, first, last):
        return True
    said = [t.word for t in toks]
    if toks[first].tag:
        return last < len(toks) and _not_had().at(said, last) is not None
    return any(
        (found := _not_had().at(said, k)) is not None and k + found[0] == first
        for k in range(max(0, first - 5), first)
    )


def _joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring words belong to one name: nothing but a space or a hyphen
    between ("washer-dryer", "Galaxy S24-Ultra"); a line break ends a name (a number on
    the line above is none of it)."""
    between = text[left.end : right.start]
    return "\n" not in between and between.strip() in ("", "-")


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?:\n"


def _name_word(text: str, toks: tuple[Token, ...], i: int, labels: dict[int, str]) -> str:
    """What word `i` is in the name of a thing: a "brand", a "model" (a number, a code, a
    capitalised word inside a sentence: "ROG", "StreamMax", "IH"), a "measure", a plain
    "noun" (which names only between those and the kind: "ninja foodi air fryer"), or ""
    (a word no name has: "my", "lol", a verb)."""
    tok = toks[i]
    said = text[tok.start : tok.end]
    if i in labels:
        # a measure only after its number ("27 in"): "subscription in November" is no size
        counted = i > 0 and any(ch.isdigit() for ch in toks[i - 1].word)
        return "" if labels[i] == "measure" and not counted else labels[i]
    if tok.tag:
        if tok.verb:
            return ""
        if tok.tag in ("SL", "SN", "SH") or any(ch.isdigit() for ch in said):
            return "model"
        # an adverb read inside a name written as one word ("뽀송": 뽀 + 송) is part of it
        inside = tok.tag == "MAG" and i + 1 < len(toks) and toks[i + 1].start == tok.end
        return "noun" if tok.tag.startswith(("NNG", "NNP", "XR")) or inside else ""
    if small_word(tok.word) or not said[:1].isalnum():
        return ""
    if said.lower() != tok.word:
        said = tok.word  # typed as texted ("ur app 2day"): the word meant, no model code
    if said.isalpha() and said.isupper() and len(said) > 4:
        return ""  # shouted ("ur charger MELTED"): a model code is short or has digits
    capital = said[:1].isupper() and not _sentence_start(text, tok.start)
    if any(ch.isdigit() for ch in said) or any(ch.isupper() for ch in said[1:]) or capital:
        return "model"
    return "noun"


def _a_count(toks: tuple[Token, ...], i: int) -> bool:
    """Whether word `i` is a number that counts what follows ("2 days", "3개") or an error
    code ("E5 에러"), no model."""
    if not any(ch.isdigit() for ch in toks[i].word) or i + 1 >= len(toks):
        return False
    after = toks[i + 1]
    return after.word in _counted() or after.tag == "NNBC"


def _extent(
    text: str, toks: tuple[Token, ...], first: int, last: int, taken: set[int]
) -> tuple[int, int]:
    """The whole name around words `first`…`last`: the brand, model and size words joined
    to it on either side ("ASUS ROG Strix laptop", "전동킥보드 샤오미 프로2", "85 inch QLED"),
    and the plain words between those and it ("ninja foodi air fryer", "캐리어 벽걸이
    에어컨"); a number that counts ("2 LEFT shoes", "2개") is no part of it. `taken`: the
    words of other kinds of product, which end it."""
    _, before = _product_words()
    labels = {i: hit.label for hit in before.hits(toks) for i in range(hit.first, hit.last)}
    anchors: list[int] = []
    i = first
    while i > 0 and first - i < 6 and _joined(text, toks[i - 1], toks[i]) and i - 1 not in taken:
        kind = _name_word(text, toks, i - 1, labels)
        if not kind:
            break
        i -= 1
        attached = toks[i].tag.startswith("NN") and toks[i].end == toks[i + 1].start
        if kind in ("brand", "model") or attached:
            anchors.append(i)
    anchors.sort()
    if anchors and toks[anchors[0]].word.isdigit() and labels.get(anchors[0] + 1) != "measure":
        anchors.pop(0)  # "2 LEFT shoes", "3 chairs": counted, not named; "65 inch" names
    begin = anchors[0] if anchors else first
    end = last
    j = last
    while j < len(toks) and j - last < 5 and _joined(text, toks[j - 1], toks[j]) and j not in taken:
        kind = _name_word(text, toks, j, labels)
        if not kind or _a_count(toks, j):
            while end > last and end == j and toks[j - 1].end == toks[j].start:
                end, j = end - 1, j - 1  # a code's letters go with it ("E5 에러")
            break
        j += 1
        if kind in ("brand", "model") or (kind == "measure" and toks[j - 2].word.isdigit()):
            end = j  # "LG 27 inch"
    return begin, end


def _named(text: str, toks: tuple[Token, ...], hit: Hit, hits: dict[int, Hit]) -> Value:
    """A kind of product with what names it further: a brand, a size or a model around it
    ("samsung 25w charger", "85인치 QLED 티비", "김치냉장고"), a part after it ("soundbar
    order", "정수기 렌탈", "phone charger"); a part named apart from its whole is less sure
    than the whole ("전동킥보드 샤오미 프로2 배터리쪽이" is the scooter)."""
    last = hit.last
    while (
        last < len(toks)
        and last in hits
        and hits[last].label != "other"
        and _joined(text, toks[last - 1], toks[last])
        # "고데기 주문했는데": a word said after a product used as a verb orders it, no name
        and not (
            hits[last].label == "after"
            and hits[last].last < len(toks)
            and toks[hits[last].last].tag.startswith("XSV")
        )
    ):
        last = hits[last].last
    taken = {
        i
        for h in hits.values()
        if not (h.first >= hit.first and h.last <= last)
        for i in range(h.first, h.last)
    }
    first, last = _extent(text, toks, hit.first, last, taken)
    start, end = toks[first].start, toks[last - 1].end
    sure = 0.7 if hit.label == "part" else 0.85 if (first, last) != (hit.first, hit.last) else 0.8
    return Value("product", text[start:end], start, end, sure)


def _brand_named(text: str, toks: tuple[Token, ...], taken: set[int]) -> list[Value]:
    """A brand with its model, said without a kind of product ("Breville Barista Express",
    "nike pegasus 41"); a brand alone names no product ("I called Samsung twice")."""
    _, before = _product_words()
    found: list[Value] = []
    for hit in before.hits(toks):
        if hit.label != "brand" or hit.first in taken:
            continue
        first, last = _extent(text, toks, hit.first, hit.last, taken)
        if last > hit.last:
            start, end = toks[first].start, toks[last - 1].end
            found.append(Value("product", text[start:end], start, end, 0.82))
    return found


def in_passing(text: str, start: int, end: int) -> bool:
    """Whether the kind at `start`…`end` is said in a remark, not complained of: about the
    customer or staff ("with these computer things", "폰만 보면서"; products.yml
    `passing_before`, `passing_after`), or as a label before a number ("Mobile: 98450 …")."""
    rest = text[end:]
    gap = len(rest) - len(rest.lstrip(" \t"))
    if vocabulary.pattern("products", "passing_after").match(text, end + gap):
        return True
    label = rest.lstrip(" \t")
    if label.startswith(":") and label[1:].lstrip(" \t")[:1] in tuple("+(0123456789"):
        return True  # "Mobile: 98450 …"
    if label.startswith(",") and _number_first(label[1:].lstrip(" \t")):
        return True  # "so the mobile, 07794 310 228"
    # "record my mobile +91 98450 12377": a phone's name right before its number
    if vocabulary.says("products", "label_words", text[start:end]) and _number_first(label):
        return True
    return vocabulary.said_just_before("products", "passing_before", text, start)


def _number_first(text: str) -> bool:
    """Whether a text begins with a phone number."""
    found = numbers_in(text[:40], "KR")
    return bool(found) and text[: found[0][1]].strip() == ""


def not_a_product(text: str, said: str) -> bool:
    """Whether words another reader took for a product are, where the text says them, what
    products.yml says is no product ("rude on the phone", "I don't have a mobile")."""
    start = text.lower().find(said.lower())
    if not said or start < 0:
        return False
    end = start + len(said)
    kinds, _ = _product_words()
    toks = tokens(text)
    if any(h.label == "other" and h.start <= start and end <= h.end for h in kinds.hits(toks)):
        return True
    if in_passing(text, start, end):
        return True
    inside = [i for i, t in enumerate(toks) if start <= t.start and t.end <= end]
    return bool(inside) and _denied(toks, inside[0], inside[-1] + 1)


def products_in(text: str, scope: Scope) -> list[Value]:
    """The products a message names: catalogue products by their catalogue name, then kinds
    of product as the customer named them (a whole thing surer than a part of one), then
    brands with their model."""
    found: list[Value] = []
    known = mention(scope.catalogue, text)
    if known is not None:
        product, where = known
        found.append(Value("product", product.name, where.start(), where.end(), 1.0))
    kinds, _ = _product_words()
    toks = tokens(text)
    hits = {hit.first: hit for hit in kinds.hits(toks)}
    for hit in list(hits.values()):
        if hit.label not in ("kind", "part") or any(
            v.start < hit.end and hit.start < v.end for v in found
        ):
            continue
        if hits.get(hit.last, hit).label == "other" and _joined(
            text, *toks[hit.last - 1 : hit.last + 1]
        ):
            continue  # a "phone number" is no phone
        named = _named(text, toks, hit, hits)
        first = next(i for i, t in enumerate(toks) if t.start == named.start)
        if _denied(toks, first, hit.last):  # "not the soundbar", "I don't have a mobile"
            continue
        # "with these computer things"; "mobile 07700 900412": a label before a number,
        # read by the kind's own word
        if in_passing(text, named.start, named.end) or in_passing(text, hit.start, hit.end):
            continue
        if not any(v.start < named.end and named.start < v.end for v in found):
            found.append(named)
    taken = {i for h in hits.values() for i in range(h.first, h.last)}
    taken |= {i for i, t in enumerate(toks) if any(v.start <= t.start < v.end for v in found)}
    for named in _brand_named(text, toks, taken):
        first = next(i for i, t in enumerate(toks) if t.start == named.start)
        last = next(i for i, t in enumerate(toks) if t.end == named.end) + 1
        if not _denied(toks, first, last):
            found.append(named)
    # ("전기요 주문헌 게 …": 주문 is a word said after a product, no product of its own)
    if not found and not any(h.label in ("kind", "part") for h in hits.values()):
        found = _unnamed(text, scope)
    # "인터넷으로 로봇청소기를 샀는디", "앱에서 텀블러 시켰는데": a kind said as the way or the
    # place it was bought, beside the thing bought
    data = load("products")
    ways, channels = tuple(data.get("way_particles") or ()), set(data.get("channels") or ())
    things = [v for v in found if not (v.value in channels and text[v.end :].startswith(ways))]
    if found and not things:
        things = _unnamed(text, scope)
    # "농협 인터넷 쇼핑몰서 주문헌 한라봉": a channel is the product only when nothing else is;
    # nor is a place the thing went ("… so it cannot safely go in the oven")
    # "the hotel booking app": a place or a way that names the thing after it is no product
    things = [v for v in things if not _naming(text, v, things, channels)] or things
    aside = [v for v in things if v.value in channels or _placed(text, v.start)]
    if aside:
        other = [v for v in things if v not in aside]
        more = _unnamed(text, scope)
        things = other or [v for v in more if v.value not in channels] or things
    return sorted(
        (_without_owner(_named_whole(text, v)) for v in things or found), key=lambda v: v.start
    )


def _naming(text: str, value: Value, things: list[Value], channels: set[str]) -> bool:
    """Whether a place or a way ("hotel", "app") names another thing found right after it,
    with at most two words between ("hotel booking app"): a part of that thing's name."""
    if value.value not in channels:
        return False
    return any(
        other.start > value.end
        and len(between := text[value.end : other.start].split()) <= 2
        and all(w.isalpha() and w.lower() not in ("and", "or", "및", "또는") for w in between)
        for other in things
    )


def _without_owner(value: Value) -> Value:
    """A thing named with an 's ("Me broadband's been knackered"): the thing, the 's off."""
    if value.value[-2:] not in ("'s", "’s"):
        return value
    return replace(value, value=value.value[:-2], end=value.end - 2)


def _named_whole(text: str, value: Value) -> Value:
    """A Korean thing named inside a word quoted with 라는 ("따숨보일러서비스라는 데서" had
    been 숨보일러, the analyser reading 따 alone): the whole word, its 라는 off."""
    start = text.rfind(" ", 0, value.start) + 1
    end = text.find(" ", value.end)
    word = text[start : end if end >= 0 else len(text)]
    quoting = tuple(str(q) for q in load("products").get("quoted_as") or ())
    said_as = next((q for q in quoting if word.endswith(q)), None)
    if said_as is None or start > value.start:
        return value
    whole = word[: -len(said_as)]
    return replace(value, value=whole, start=start, end=start + len(whole)) if whole else value


@cache
def _buying() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    data = load("products")["bought"]
    return (
        frozenset(data["ko"]),
        frozenset(data["en"]),
        frozenset(data["en_stops"]),
        frozenset(data["en_after_i"]),
    )


def _bought(text: str, scope: Scope) -> list[Value]:
    """A thing no vocabulary names, told as what was bought or ordered (products.yml
    `bought`): the nouns before a Korean buying word or after one that buys them ("전기요
    주문헌 게 …", "쿠팡에서 산 무선 이어폰 충전이 안돼요"), the words after an English one
    ("I ordered the glow boost serum from you"); less sure than a kind named."""
    korean, english, stops, after_i = _buying()
    only_describing = frozenset(load("products")["bought"].get("ko_describing_only") or ())
    living = frozenset(load("products")["bought"].get("ko_living") or ())
    never = _not_things(scope.faults)
    if any("\uac00" <= ch <= "\ud7a3" for ch in text):
        parsed = morphemes(text)
        for i, (form, tag, _, _) in enumerate(parsed):
            if form not in korean:
                continue
            # "산 무선 이어폰", "주문헌 한라봉" (the noun made a verb by 하): it describes
            # (the analyser may read that 하 as making an adjective: "주문한 아기 … 장난감")
            verb = i + 1 if i + 1 < len(parsed) and parsed[i + 1][1] in ("XSV", "XSA") else i
            describing = verb + 1 < len(parsed) and parsed[verb + 1][1] == "ETM"
            if form in only_describing and not describing:
                continue  # "부산 살아요": to live, no buying
            lives = text[parsed[i][2] : parsed[min(verb + 1, len(parsed) - 1)][3]]
            if lives in living:
                # "오사카에 사는 재일교포", "서산 운산면 사는 늙은이유" (read as the noun 사 and
                # 는): where someone lives
                continue
            if (tag.startswith("NN") and not describing) or (
                tag.startswith("VV") and not describing
            ):
                # "전기요 주문", "블루투스 스피커를 샀는데": the nouns before it, or its object
                # said before where it was bought ("시즌권을 스키장 홈페이지서 샀는데")
                objects = [k for k in range(i - 1, -1, -1) if parsed[k][1] == "JKO"]
                clause = (
                    not any(parsed[k][1] in ("EC", "EF") for k in range(objects[0], i))
                    if objects
                    else False
                )
                last = objects[0] if clause else (i - 1 if i and parsed[i - 1][1] == "JKO" else i)
                # how many, said after the thing ("등산화 1켤레를", "PT 20회 끊었거든예", "라면 한
                # 박스 샀어요")
                while last > 1 and parsed[last - 2][1] == "MM" and parsed[last - 1][1] == "NNG":
                    last -= 2
                while last > 0 and parsed[last - 1][1] in _COUNTS:
                    last -= 1
                first = last
                while first > 0 and parsed[first - 1][1].startswith((*_NOUNS, "XSN")):
                    first -= 1
                run = parsed[first:last]
            else:  # "산 무선 이어폰": the nouns the buying describes
                first = verb + 2
                last = first
                while last < len(parsed) and parsed[last][1].startswith(_NOUNS):
                    last += 1
                run = parsed[first:last]
                if not run and tag.startswith("NN"):  # "전기요 주문헌 게": the nouns before
                    first = i
                    while first > 0 and parsed[first - 1][1].startswith(_NOUNS):
                        first -= 1
                    run = parsed[first:i]
            while run and run[-1][0] in never:
                run = run[:-1]
            while run and run[0][0] in never:
                run = run[1:]
            if run:
                begin, finish = run[0][2], run[-1][3]
                return [Value("product", text[begin:finish], begin, finish, 0.6)]
        return []
    toks = tokens(text)
    said = [t.word for t in toks]
    for i, tok in enumerate(toks):
        if tok.word not in english and not (tok.word in after_i and i and toks[i - 1].word == "i"):
            continue
        thing: list[Token] = []
        # "a casserole dish which I ordered from your shop": the thing before who bought it
        back = i - 1 if i and toks[i - 1].word == "i" else 0
        if back and toks[back - 1].word in ("which", "that"):
            back -= 1
        for before in reversed(toks[max(0, back - 5) : back]):
            after = thing[0] if thing else toks[back]
            if (
                before.word in stops
                or small_word(before.word)
                or text[before.end : after.start].strip(" -")
            ):
                break  # "sorry my english. i buy jacket": a sentence ends before who bought
            thing.insert(0, before)
        if thing:
            start, end = thing[0].start, thing[-1].end
            return [Value("product", text[start:end], start, end, 0.6)]
        led = _buying_leads().at(said, i + 1)  # "bought one of them cordless drills"
        first = i + 1 + (led[0] if led else 0)
        for after in toks[first : first + 6]:
            if after.word in stops or (thing and small_word(after.word)):
                break
            if not small_word(after.word):
                thing.append(after)
        if thing and len(thing) <= 5:
            start, end = thing[0].start, thing[-1].end
            return [Value("product", text[start:end], start, end, 0.6)]
    return []


def _placed(text: str, start: int) -> bool:
    """Whether the thing at `start` is said as a place ("go in the oven", "near the hob";
    products.yml `places`)."""
    before = [w.lower().strip(".,") for w in text[:start].split()[-2:]]
    if before and before[-1] in ("the", "a", "my", "our", "your"):
        before = before[:-1]
    return bool(before) and before[-1] in load("products")["places"]


@cache
def _buying_leads() -> Lexicon:
    return Lexicon((str(p), "lead") for p in load("products")["bought"]["en_leads"])


_NAMING = ("NNG", "NNP", "SL", "SH", "SN", "SSO", "SSC", "XSN", "NP")
_NOUNS = ("NNG", "NNP", "SL", "SH")
# A number and its counter ("1켤레", "20회")
_COUNTS = ("SN", "NNBC", "NR")


@cache
def _not_things(faults: tuple[str, ...]) -> frozenset[str]:
    """The nouns never the thing told of: `not_things`, and the nouns of the fault words."""
    data = load("products")["told_subject"]
    said = {m[0] for k in faults for m in morphemes(k.replace("*", "").replace("&", " "))}
    return frozenset(data["not_things"]) | said


def _unnamed(text: str, scope: Scope) -> list[Value]:
    """A thing no vocabulary names: told as what went wrong, or as what was bought, or (the
    least sure) as the subject of a clause that "the" leads ("the number 13 bus never came")."""
    return _told_subject(text, scope) or _bought(text, scope) or _owned_subject(text, leading=True)


def _told_subject(text: str, scope: Scope) -> list[Value]:
    """A thing no vocabulary names, told in Korean as what went wrong: the nouns a subject
    or topic particle closes in a clause that says a fault (products.yml `told_subject`):
    "탄소매트(전기요) 퀸 사이즈가 12월 4일 밤에 과열돼서"; in English, the thing owned said
    as the subject ("my casserole dish arrived with a cracked base"); less sure than a kind
    named."""
    if not any("\uac00" <= ch <= "\ud7a3" for ch in text):
        return _owned_subject(text)
    if not scope.faults:
        return []
    particles = set(load("products")["told_subject"]["particles"])
    channels = set(load("products").get("channels") or ())
    never = _not_things(scope.faults)
    for start, end in sentences(text):
        clause = text[start:end]
        if not faults_said(scope.faults, clause):
            continue
        parsed = morphemes(clause)
        for i, (form, tag, _, _) in enumerate(parsed):
            if not (tag.startswith(("JKS", "JX")) and form in particles):
                continue
            first = i
            while first > 0 and parsed[first - 1][1].startswith(_NAMING):
                first -= 1
            run = parsed[first:i]
            # a thing begins with its name, not with where or whose it is ("거실 벽지")
            while run and (not run[0][1].startswith(_NOUNS) or run[0][0] in never):
                run = run[1:]
            if run and run[-1][0] in channels:
                continue  # "동구 사택 인터넷이 먹통": the service told of, not where it is
            # nor ends with its part ("족욕기 뚜껑이 깨졌어요" is the 족욕기)
            while run and (
                run[-1][1].startswith(("SSO", "SN"))
                or (run[-1][1].startswith(_NOUNS) and run[-1][0] in never)
            ):
                run = run[:-1]
            nouns = [m[0] for m in run if m[1].startswith(_NOUNS)]
            if nouns and nouns[-1] not in never:
                begin, finish = start + run[0][2], start + run[-1][3]
                return [Value("product", text[begin:finish], begin, finish, 0.6)]
    return []


# Any day will do to tell whether words name a day ("yesterday", "monday", "last week").
_A_DAY = date(2026, 1, 15)


def _owned_subject(text: str, *, leading: bool = False) -> list[Value]:
    """An English thing owned, said as the subject: the words after "my" up to a verb of what
    happened to it ("my casserole dish arrived …"), two to four words none of them small or
    no thing (products.yml `told_subject`)."""
    data = load("products")["told_subject"]
    verbs = set(data["en_clause_verbs"] if leading else data["en_verbs"])
    owners = set(data["en_clause_owners"] if leading else data["en_owners"])
    never = set(data["en_not_things"])
    toks = tokens(text)
    for i, tok in enumerate(toks):
        gap = text[toks[i - 1].end : tok.start] if i else "."
        starts = any(c in ".,;:!?\n" for c in gap) or toks[i - 1].word in ("and", "but", "so")
        if tok.word not in owners or (leading and not starts):
            continue
        thing = list(
            itertools.takewhile(
                lambda t: t.word not in verbs and not small_word(t.word), toks[i + 1 : i + 6]
            )
        )
        after = i + 1 + len(thing)
        if (
            1 <= len(thing) <= 4
            and after < len(toks)
            and toks[after].word in verbs
            # what it is, its last word ("the number 13 bus"; "my phone number is" no thing)
            and thing[-1].word not in never
            and not text[thing[0].start : thing[-1].end].count(",")
            # "my yesterday was Sunday the 6th": a day, no thing
            and find_incident_date(text[thing[0].start : thing[-1].end], _A_DAY) is None
        ):
            start, end = thing[0].start, thing[-1].end
            return [Value("product", text[start:end], start, end, 0.6)]
    return []


def remedies_in(text: str, scope: Scope) -> list[Value]:
    """The remedy a message asks for (after a change of mind, the last one)."""
    found = chosen(text)
    if found is None:
        return []
    return [Value("remedy", found.remedy.name(scope.language), found.start, found.end, 0.9)]


def dates_in(text: str, scope: Scope) -> list[Value]:
    """The day a message names as when it went wrong."""
    if scope.today is None:
        return []
    when = find_incident_date(text, scope.today)
    if when is None:
        return []
    value = _located(text, when.words or when.text, 0.9, "date")
    return [value] if value else []


def names_in(text: str, scope: Scope) -> list[Value]:
    """A name said as one ("my name is …", "이름은 …"), or a name just before a contact."""
    labelled = name_in(text, labelled=True)
    said = labelled or name_in(text)
    confidence = 1.0 if labelled else 0.8
    if said is None and (signed := name_signed(text)) is not None:
        said = signed  # "Yours faithfully,\nMargaret Ellison (Mrs)"
    if said is None:  # "김철수 공일공 …": the number said in words is a number too
        said, confidence = name_before_contact(with_digits(text)), 0.6
    value = _located(text, said, confidence, "name") if said else None
    return [value] if value else []


def contacts_in(text: str, scope: Scope) -> list[Value]:
    """The customer's e-mail addresses and phone numbers (a landline or a hotline less
    surely: it may be a shop's or ours)."""
    return [
        Value("contact", contact.display, start, end, 1.0 if mobile else 0.6)
        for contact, start, end, mobile in contacts_found(text, scope.region, scope.own_contacts)
    ]


def references_in(text: str, scope: Scope) -> list[Value]:
    """A complaint reference ("CMP-7K3F-9QX2")."""
    parsed = find_reference(text)
    if parsed is None or parsed.reference is None:
        return []
    start, end = reference_spans(text)[0]
    return [Value("reference", parsed.reference, start, end, 1.0)]


EXTRACTORS: dict[str, Callable[[str, Scope], list[Value]]] = {
    "product": products_in,
    "remedy": remedies_in,
    "date": dates_in,
    "name": names_in,
    "contact": contacts_in,
    "reference": references_in,
}


def best(values: Iterable[Value], kind: str) -> Value | None:
    """The surest value of a kind (the first of equals)."""
    return max((v for v in values if v.kind == kind), key=lambda v: v.confidence, default=None)


def values_in(text: str, scope: Scope, kinds: Iterable[str] = KINDS) -> tuple[Value, ...]:
    """Every value a message names, of the kinds asked, in the order they stand."""
    found = [value for kind in kinds for value in EXTRACTORS[kind](text, scope)]
    return tuple(sorted(_owned(text, found), key=lambda v: (v.start, v.kind)))


def _owned(text: str, found: list[Value]) -> list[Value]:
    """A number said right after the customer's name ("Gareth Pryce 07700 900412") or after
    words that say it is theirs ("you can reach me on 07700 900123") is theirs, though no
    region says it is a mobile."""
    names = [v for v in found if v.kind == "name"]
    return [
        Value(v.kind, v.value, v.start, v.end, 1.0)
        if v.kind == "contact"
        and (
            any(n.end <= v.start and not text[n.end : v.start].strip(" ,:/-") for n in names)
            or _said_own(text[: v.start])
        )
        else v
        for v in found
    ]


@cache
def _own_links() -> frozenset[str]:
    return frozenset((load("names").get("contact") or {}).get("own_links") or ())


def _said_own(before: str) -> bool:
    """Whether the words just before a number say it is the customer's own."""
    own, links = own_contact(), _own_links()
    toks = own.tokens(before)
    hits = own.hits(toks)
    return bool(hits) and all(t.word in links for t in toks[hits[-1].last :])


@cache
def _services() -> Lexicon:
    data = load("products").get("services") or {}
    return Lexicon([(p, "service") for lang in ("en", "ko") for p in data.get(lang) or []])


def names_goods(product: str) -> bool:
    """Whether a product's name names goods ("robot vacuum", "김치냉장고", "samsung 25w
    charger"), not a service ("subscription", "요금제") nor an order or an installation of
    something ("soundbar order", "에어컨 설치")."""
    kinds, _ = _product_words()
    toks = tokens(product)
    hits = kinds.hits(toks)
    services = {(h.first, h.last) for h in _services().hits(toks)}
    return any(
        h.label in ("kind", "part") and (h.first, h.last) not in services for h in hits
    ) and not any(h.label == "after" for h in hits)


def brand_alone(text: str) -> str | None:
    """A brand said with nothing else ("its a bosch", "코웨이꺼요"): a detail of the product,
    never an answer to another question."""
    _, before = _product_words()
    toks = tokens(text)
    for hit in before.hits(toks):
        if hit.label == "brand" and says_only(text, (hit.start, hit.end)):
            return text[hit.start : hit.end]
    return None


def brand_named(text: str) -> str | None:
    """A brand with its size or model, said without a kind of product ("its an LG 27 inch,
    i mixed it up w my old one"): what names the product more exactly."""
    _, before = _product_words()
    toks = tokens(text)
    said = [t.word for t in toks]
    for hit in before.hits(toks):
        if hit.label != "brand":
            continue
        last = hit.last
        while last < len(toks) and _joined(text, toks[last - 1], toks[last]):
            found = before.at(said, last)
            if any(ch.isdigit() for ch in toks[last].word):
                last += 1
            elif found is not None and found[1] == "measure":
                last += found[0]
            else:
                break
        # said as the product, not in passing ("I called Samsung twice already")
        if says_only(text, (hit.start, toks[last - 1].end)):
            return text[hit.start : toks[last - 1].end]
    return None

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

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from handlers.answers import says_only, turned_down
from handlers.dates import find_incident_date
from handlers.fields import contacts_found
from handlers.lexicon import Hit, Lexicon
from handlers.names import name_before_contact, name_in, name_signed
from handlers.phones import with_digits
from handlers.products import Product, mention
from handlers.references import find_reference, reference_spans
from handlers.remedies import chosen
from handlers.vocabulary import load
from handlers.words import Token, tokens

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


def _located(text: str, said: str, confidence: float, kind: str) -> Value | None:
    """A value whose words are found in the text as said."""
    start = text.lower().find(said.lower())
    if start < 0:
        return None
    return Value(kind, said, start, start + len(said), confidence)


@cache
def _product_words() -> tuple[Lexicon, Lexicon]:
    """The kinds of product (and what goes on after one), and the words said before one as
    part of its name (brands and measures)."""
    data = load("products")
    kinds = [(p, "kind") for lang in ("en", "ko") for p in data["kinds"][lang]]
    kinds += [(p, "after") for lang in ("en", "ko") for p in data["after_kind"][lang]]
    kinds += [(p, "other") for lang in ("en", "ko") for p in data["other_after"][lang]]
    before = [(p, "brand") for lang in ("en", "ko") for p in data["brands"][lang]]
    before += [(p, "measure") for lang in ("en", "ko") for p in data["measures"][lang]]
    real = load("answers")["real_words"]
    return Lexicon(kinds, typos=True, real_words=real), Lexicon(before)


def _joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring words belong to one name: nothing but a space or a hyphen
    between ("washer-dryer", "Galaxy S24-Ultra")."""
    return text[left.end : right.start].strip() in ("", "-")


def _named(text: str, toks: tuple[Token, ...], hit: Hit, hits: dict[int, Hit]) -> Value:
    """A kind of product with what names it further: a brand, a size or a model before it
    ("samsung 25w charger", "85인치 QLED 티비", "김치냉장고"), a part after it ("soundbar
    order", "정수기 렌탈")."""
    _, before = _product_words()
    said = [t.word for t in toks]
    first, last = hit.first, hit.last
    while (
        last < len(toks)
        and last in hits
        and hits[last].label != "other"
        and _joined(text, toks[last - 1], toks[last])
    ):
        last = hits[last].last
    while first > 0 and _joined(text, toks[first - 1], toks[first]):
        prev = toks[first - 1]
        attached = prev.tag.startswith("NN") and prev.end == toks[first].start
        model = any(ch.isdigit() for ch in prev.word) or prev.tag == "SL"
        named = before.at(said, first - 1)
        if named is not None and named[1] == "measure":
            # a size counts after its number ("85 inch"): "built in oven" is an oven
            counted = first > 1 and any(ch.isdigit() for ch in toks[first - 2].word)
            named = named if counted else None
        if not (attached or model or named):
            break
        first -= 1
    start, end = toks[first].start, toks[last - 1].end
    return Value("product", text[start:end], start, end, 0.8)


def products_in(text: str, scope: Scope) -> list[Value]:
    """The products a message names: catalogue products by their catalogue name, then kinds
    of product as the customer named them."""
    found: list[Value] = []
    known = mention(scope.catalogue, text)
    if known is not None:
        product, where = known
        found.append(Value("product", product.name, where.start(), where.end(), 1.0))
    kinds, _ = _product_words()
    toks = tokens(text)
    hits = {hit.first: hit for hit in kinds.hits(toks)}
    for hit in list(hits.values()):
        if hit.label != "kind" or any(v.start < hit.end and hit.start < v.end for v in found):
            continue
        if hits.get(hit.last, hit).label == "other" and _joined(
            text, *toks[hit.last - 1 : hit.last + 1]
        ):
            continue  # a "phone number" is no phone
        named = _named(text, toks, hit, hits)
        first = next(i for i, t in enumerate(toks) if t.start == named.start)
        if turned_down(toks, first, hit.last):  # "not the soundbar", "세탁기 말고"
            continue
        if not any(v.start < named.end and named.start < v.end for v in found):
            found.append(named)
    return sorted(found, key=lambda v: v.start)


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
    """A number said right after the customer's name ("Gareth Pryce 07700 900412") is
    theirs, though no region says it is a mobile."""
    names = [v for v in found if v.kind == "name"]
    return [
        Value(v.kind, v.value, v.start, v.end, 1.0)
        if v.kind == "contact"
        and any(n.end <= v.start and not text[n.end : v.start].strip(" ,:/-") for n in names)
        else v
        for v in found
    ]


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
    return any(h.label == "kind" and (h.first, h.last) not in services for h in hits) and not any(
        h.label == "after" for h in hits
    )


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

"""Remedies: what a customer asks us to do, read from one vocabulary
(`nlu/vocabulary/remedies.yml`) by the form, the read-back, the opening message and the
assessment alike. A remedy word only mentioned ("oven repair booking", "confirmation it's
fixed"), turned down ("not a refund", "환불 말고") or had already ("이미 환불 받았어요") asks
for nothing; after a change of mind ("refund, no wait, a replacement") the last one counts.

The words are read as the vocabulary's: a Korean noun typed one letter off is mended
("환뷸해줘", by the lexicon), and an amount of money is the word "money" ("the 35k back",
"5000원 돌려주세요"). In a wish (the answer to the remedy question, or a sentence that asks
for something) the remedy may also be said in other words (`wished`), where a kind of
product stands for "one" ("deliver the correct sofa", "new battery", "기사님 불러주세요")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from handlers.lexicon import Lexicon, lexicon
from handlers.vocabulary import load, pattern, says
from handlers.words import Token, morphemes, tokens

_BREAK = re.compile(r"[.,;!?\n]")  # what ends a clause between two words
_THING_WORDS = 3  # the most words a thing asked beside a remedy is said in


@dataclass(frozen=True)
class Remedy:
    """One remedy and the name it is stored under in each language."""

    en: str
    ko: str

    def name(self, language: str) -> str:
        """The name in the customer's language ("Refund" / "환불")."""
        return self.ko if language == "ko" else self.en


@dataclass(frozen=True)
class Asked:
    """A remedy asked for, and where: its characters and its words."""

    remedy: Remedy
    start: int
    end: int
    first: int
    last: int


@dataclass(frozen=True)
class _Vocabulary:
    remedies: tuple[Remedy, ...]
    words: Lexicon  # each remedy's phrases, labelled by its index; mentions as "mention"
    mentioned_before: Lexicon
    declined_after: Lexicon
    declined_before: Lexicon
    between: Lexicon
    wanting: frozenset[str]  # words of wanting between a remedy and its "not" ("싶은 건 아니")
    change: Lexicon
    quoted: tuple[str, ...]
    saying: frozenset[str]
    fallback: Lexicon
    wished: Lexicon  # each remedy's phrases of a wish, a kind of product read as "one"
    kinds: Lexicon  # the kinds of product (nlu/vocabulary/products.yml)
    money: frozenset[str]  # the words of an amount after its number ("quid", "원", "k")
    symbols: str  # the signs of an amount before its number ("£", "$")
    returned: frozenset[str]  # words after a bare number that make it money ("34 back")
    returned_then: frozenset[str]  # what may follow them ("34 back please"; not "3 back rows")
    skipped: Lexicon  # words that never matter inside a wish ("좀", "just")
    joined: frozenset[str]  # what joins a remedy to more asked beside it ("+", "and", "랑")
    joining: Lexicon  # the words that may stand beside remedies asked together ("both")
    compared: tuple[str, ...]  # a Korean remedy's endings that compare it away ("보다는")
    condition_en: frozenset[str]  # words before a remedy that make it a condition ("if")
    condition_ko: tuple[str, ...]  # a Korean remedy's endings of a condition ("하면")
    owed: Lexicon  # costs that are a remedy alone and the object of one after them ("수리비")
    judged_after: Lexicon  # said right after a remedy, it is wished ("would be fair")
    concessive: frozenset[str]  # a Korean verb's "even if" endings, as analysed ("ㅓ도")
    not_needed: Lexicon  # after the words of wanting, a remedy not needed ("건 필요 없고")


@cache
def _vocabulary() -> _Vocabulary:
    data = load("remedies")
    remedies = tuple(Remedy(**entry["name"]) for entry in data["remedies"])
    entries = [
        (phrase, str(i))
        for i, entry in enumerate(data["remedies"])
        for language in ("en", "ko")
        for phrase in entry.get(language) or []
    ]
    entries += [(p, "mention") for language in ("en", "ko") for p in data["mentions"][language]]
    wished = [
        (phrase, str(i))
        for i, entry in enumerate(data["remedies"])
        for language in ("en", "ko")
        for phrase in (entry.get("wished") or {}).get(language) or []
    ]
    real = load("answers")["real_words"]
    products = load("products")
    money = data.get("money") or {}
    return _Vocabulary(
        remedies=remedies,
        words=Lexicon(entries, typos=True, real_words=real),
        mentioned_before=lexicon(data["mentioned_before"], "mention"),
        declined_after=lexicon(data["declined_after"], "declined"),
        declined_before=lexicon(data["declined_before"], "declined"),
        between=lexicon(data["between"], "between"),
        wanting=frozenset(str(w) for w in data.get("wanting") or ()),
        change=lexicon(load("meta").get("change"), "change"),
        quoted=tuple(data.get("quoted") or ()),
        saying=frozenset(str(w) for w in data.get("saying") or ()),
        fallback=lexicon(data.get("fallback"), "fallback"),
        wished=Lexicon(wished, typos=True, real_words=real),
        kinds=Lexicon(
            ((p, "kind") for lang in ("en", "ko") for p in products["kinds"][lang]),
            typos=True,
            real_words=real,
        ),
        money=frozenset(str(w) for lang in ("en", "ko") for w in money.get(lang) or []),
        symbols="".join(str(s) for s in money.get("symbols") or []),
        returned=frozenset(str(w) for w in money.get("returned") or []),
        returned_then=frozenset(str(w) for w in money.get("returned_then") or []),
        skipped=lexicon(data.get("skipped"), "skipped"),
        joined=frozenset(str(w).lower() for w in data.get("joined") or ()),
        joining=Lexicon(
            [(str(w), "joining") for w in data.get("joined") or ()]
            + [(str(p), "joining") for lang in ("en", "ko") for p in data["together"][lang]]
        ),
        compared=tuple(str(w) for w in data.get("compared") or ()),
        condition_en=frozenset(str(w) for w in (data.get("condition") or {}).get("en") or ()),
        condition_ko=tuple(str(w) for w in (data.get("condition") or {}).get("ko") or ()),
        owed=lexicon(data.get("owed"), "owed"),
        judged_after=lexicon(data.get("judged_after"), "judged"),
        not_needed=lexicon(data.get("not_needed"), "not_needed"),
        concessive=frozenset(
            str(w) for w in (data.get("condition") or {}).get("ko_concessive") or ()
        ),
    )


# What an amount of money and a kind of product are read as, in each language.
_MONEY = {"en": "money", "ko": "돈"}
_ONE = {"en": "one", "ko": "거"}


def _amounts(text: str, toks: tuple[Token, ...]) -> tuple[Token, ...]:
    """The words with each amount of money read as the word "money" ("the 35k back", "my
    £49 back", "5000원 돌려주세요", "3만 5천원"): a number with a sign before it or a word of
    money after it, or written as a price ("the 64.50 back")."""
    vocab = _vocabulary()
    found: list[Token] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        digits = tok.word.rstrip("abcdefghijklmnopqrstuvwxyz")
        if not digits or not digits[0].isdigit() or tok.tag not in ("", "SN"):
            found.append(tok)
            i += 1
            continue
        j = i + 1
        while j < len(toks) and (toks[j].tag in ("NR", "SN") or toks[j].word[:1].isdigit()):
            j += 1  # "3만 5천원", "1 200 won"
        after = j < len(toks) and toks[j].word in vocab.money
        signed = tok.start > 0 and text[tok.start - 1] in vocab.symbols
        written = text[tok.start : toks[j - 1].end]
        # "just want the extra 34 back": a bare number given back is money
        returned = (
            not tok.tag
            and not any(mark in written for mark in ".:")  # "the 10.30 back": a time
            and j < len(toks)
            and toks[j].word in vocab.returned
            and (j + 1 == len(toks) or toks[j + 1].word in vocab.returned_then)
        )
        money = after or signed or tok.word[len(digits) :] in vocab.money or returned
        if not (money or _priced(written)):
            found.append(tok)
            i += 1
            continue
        end = toks[j].end if after else toks[j - 1].end
        language = "ko" if tok.tag else "en"
        found.append(Token(_MONEY[language], tok.start, end, "NNG" if tok.tag else ""))
        i = j + 1 if after else j
    return tuple(found)


def _priced(written: str) -> bool:
    """Whether a number is written as a price, with pence or cents after a point that no
    clock reads ("64.50", "1,299.00", "12.99"; not "10.30")."""
    whole, point, cents = written.rpartition(".")
    whole = whole.replace(",", "")
    if not (point and len(cents) == 2 and cents.isdigit() and whole.isdigit()):
        return False
    return int(whole) > 24 or int(cents) > 59


def _as_one(toks: tuple[Token, ...]) -> tuple[Token, ...]:
    """The words with each kind of product read as "one" ("deliver the correct sofa": the
    correct one; "새 식세기로": 새 거) and without the words that never matter inside a wish
    ("기사님 좀 보내 주세요"), for the phrases of a wish."""
    vocab = _vocabulary()
    skipped = vocab.skipped.covers_tokens(toks)
    toks = tuple(t for i, t in enumerate(toks) if i not in skipped)
    kinds = {hit.first: hit for hit in vocab.kinds.hits(toks) if hit.label == "kind"}
    found: list[Token] = []
    i = 0
    while i < len(toks):
        hit = kinds.get(i)
        if hit is None:
            found.append(toks[i])
            i += 1
            continue
        tag = toks[i].tag
        found.append(Token(_ONE["ko" if tag else "en"], hit.start, hit.end, "NNB" if tag else ""))
        i = hit.last
    return tuple(found)


def _read(text: str) -> tuple[Token, ...]:
    """The text's words as the remedies are read: typos mended, amounts of money named."""
    return _amounts(text, _vocabulary().words.tokens(text))


def _same_clause(text: str, toks: tuple[Token, ...], a: int, b: int) -> bool:
    """Whether no clause ends between word `a` and word `b` (a < b)."""
    return not _BREAK.search(text[toks[a].end : toks[b].start])


def _ends_at(lex: Lexicon, said: list[str], j: int) -> bool:
    """Whether a phrase of `lex` ends at word `j`, or runs on into what follows it ("not an"
    before the remedy "an apology")."""
    for k in range(max(0, j - 7), j + 1):
        found = lex.at(said, k)
        if found is not None and k + found[0] >= j + 1:
            return True
    return False


def _declined(text: str, toks: tuple[Token, ...], said: list[str], first: int, last: int) -> bool:
    """Whether the remedy at words `first`…`last` is only mentioned, turned down or had."""
    vocab = _vocabulary()
    if last < len(said) and vocab.mentioned_before.at(said, last):
        return True  # "repair booking", "환불 규정"
    before = first - 1
    while before >= 0 and _same_clause(text, toks, before, first):
        if _ends_at(vocab.declined_after, said, before):
            return True  # "not a refund", "already got a refund", "이미 환불"
        if not vocab.between.at(said, before):
            break
        before -= 1
    after = last
    # a phrase between may be of several words ("환불 그런 거 말고"), and the other remedies
    # of a list turned down together ("환불 교환 그런거 아니고")
    while after < len(said) and (
        (between := vocab.between.at(said, after)) is not None
        or (between := _a_korean_remedy(vocab, said, after)) is not None
    ):
        after += between[0]
    # "돈을 돌려받고 싶은 건 아니고요", "환불을 원하는 게 아니라": wanted, then "not"
    wanted = after
    while wanted < len(said) and said[wanted] in vocab.wanting:
        wanted += 1
    if (
        wanted > after
        and wanted < len(said)
        and (said[wanted] == "아니다" or vocab.not_needed.at(said, wanted) is not None)
    ):
        # the "not" itself ("환불 받고 싶어요 대신 …" turns nothing down), or no need of it
        # ("돈 돌려주는 건 필요 엇고")
        return True
    if after < len(said) and vocab.declined_before.at(said, after):
        return True  # "환불 말고", "교환은 싫어요"
    if _ending(text, toks[last - 1].end).startswith(vocab.compared) or _compared_after(
        text, toks[last - 1].end, vocab.compared
    ):
        return True  # "교환보다는 환불이 나아요": the one compared against
    after_remedy = toks[last - 1].end
    after_remedy += len(text[after_remedy:]) - len(text[after_remedy:].lstrip(" ,.-"))
    undecided = pattern("remedies", "undecided")
    # "교환으로 할지", right after it; "refund or repair, not sure yet": after the alternatives
    # that go with it, nothing else between ("I want a refund, not sure which store …" asks)
    later = undecided.search(text, after_remedy)
    if undecided.match(text, after_remedy) or (
        later is not None
        and text[after_remedy : after_remedy + 1].isascii()
        and _ALTERNATIVES_ONLY.fullmatch(text[after_remedy : later.start()])
    ):
        return True  # "교환으로 할지 고치는 걸로 할지": still deciding, nothing asked yet
    # a Korean remedy whose verb is past was had already ("환불 받았어요", "수리했는데")
    verb = next(
        (i for i in range(last - 1, min(len(toks), last + 3)) if toks[i].verb),
        None,
    )
    if verb is None or not toks[verb].past or not _same_clause(text, toks, first, verb):
        return False
    # "환불이라고 했잖아요", "교환이요 위에 썼는데": the past verb is the saying, not the
    # remedy had
    quoting = text[toks[last - 1].end : toks[verb].start]
    if toks[verb].word in vocab.saying:
        return False
    return not any(mark in quoting for mark in vocab.quoted)


def _a_korean_remedy(vocab: _Vocabulary, said: list[str], at: int) -> tuple[int, str] | None:
    """A Korean remedy's word at `at` (a list of them said before their "not")."""
    if not any("\uac00" <= ch <= "\ud7a3" for ch in said[at]):
        return None
    found = vocab.words.at(said, at)
    return found if found is not None and found[1] != "mention" else None


# What may stand between the remedies weighed and their "not sure yet": "or repair, ".
_ALTERNATIVES_ONLY = re.compile(r"[\s,]*(?:or\s+\w+[\s,]*)*", re.IGNORECASE)


def _ending(text: str, end: int) -> str:
    """What is typed on to a word that ends at `end`, up to the next space ("보다는" of
    "교환보다는")."""
    rest = text[end:]
    return rest.split(maxsplit=1)[0] if rest[:1].strip() else ""


def _compared_after(text: str, end: int, compared: tuple[str, ...]) -> bool:
    """Whether a word just after a remedy said as a verb compares it away ("돈 돌려받는
    것보다는요", "수리 받는 거보다": the thing, 것 or 거, then the comparison)."""
    words = text[end:].split()[:3]
    things = tuple(f"{t}{c}" for t in "것거" for c in compared)
    return bool(compared) and any(w.startswith(things) for w in words[1:] or words)


def _conditional(text: str, asked: Asked) -> bool:
    """Whether a remedy is said as a condition, not asked for: "환불하면 다시 사야 되니까",
    "환불 받으면 …", "if I got a refund I'd only buy it again"."""
    vocab = _vocabulary()
    own = _ending(text, asked.end)
    following = text[asked.end :].split()
    said = own if own and not own.endswith(("을", "를", "은", "는", "이", "가")) else ""
    if not said and len(following) > (1 if own else 0):
        said = following[1 if own else 0]  # "환불 받으면"
    if said and said.endswith(vocab.condition_ko):
        return True
    # a verb's concessive ending, as the analyser reads it ("바꿔도 또 고장날듯": even if)
    start = text.rfind(" ", 0, asked.start) + 1
    word = text[start:].split(maxsplit=1)[0] if text[start:].strip() else ""
    parsed = morphemes(word) if any("\uac00" <= ch <= "\ud7a3" for ch in word) else []
    if any(
        tag == "EC" and form in vocab.concessive and before.startswith(("VV", "VX", "XSV"))
        for (_, before, _, _), (form, tag, _, _) in pairwise(parsed)
    ):
        return True
    clause = _BREAK.split(text[: asked.start])[-1]
    return any(t.word in vocab.condition_en for t in tokens(clause) if not t.tag)


def _owed(text: str, asked: Asked, found: list[Asked]) -> bool:
    """Whether a remedy is a cost owed that another remedy after it in its clause pays back,
    nothing joining them ("수리비 18만원 환불", "수리비 받은 거 다 토해내", "the repair bill
    refunded"; not "수리비랑 사과")."""
    vocab = _vocabulary()
    said = [t.word for t in _read(text[asked.start : asked.end])]
    if not said or (vocab.owed.at(said, 0) or (0,))[0] != len(said):
        return False
    later = next((a for a in found if a.start >= asked.end), None)
    between = text[asked.end : later.start] if later else ""
    return (
        later is not None
        and later.remedy != asked.remedy
        and not _BREAK.search(between)
        and not any(t.word in vocab.joined for t in tokens(between))
    )


def _asked(text: str, lex: Lexicon, toks: tuple[Token, ...]) -> list[Asked]:
    vocab = _vocabulary()
    said = [t.word for t in toks]
    found: list[Asked] = []
    for hit in lex.hits(toks):
        if hit.label == "mention" or _declined(text, toks, said, hit.first, hit.last):
            continue
        remedy = vocab.remedies[int(hit.label)]
        found.append(Asked(remedy, hit.start, hit.end, hit.first, hit.last))
    return found


def remedies_asked(text: str, *, wish: bool = False) -> list[Asked]:
    """Every remedy the text asks for, in order; with `wish` (the text is a wish: the answer
    to the remedy question, or a sentence that asks for something), said in other words too
    ("brought one that actually works", "기사님 불러주세요")."""
    vocab = _vocabulary()
    found = _asked(text, vocab.words, _read(text))
    if wish:
        # their words' places are of another reading: only the characters are compared
        more = _asked(text, vocab.wished, _as_one(_read(text)))
        found += [a for a in more if not any(a.start < b.end and b.start < a.end for b in found)]
        found.sort(key=lambda a: a.start)
    return [a for a in found if not _owed(text, a, found)]


def remedies_said(text: str) -> list[tuple[int, int]]:
    """Where remedies stand in a text, asked for or turned down (what is said of a remedy,
    not of what happened)."""
    return [(h.start, h.end) for h in _vocabulary().words.hits(_read(text)) if h.label != "mention"]


def changed_at(text: str) -> int | None:
    """Where the last change of mind in a text ends ("refund, no wait, make it a …"), if any."""
    toks = tokens(text)
    hits = _vocabulary().change.hits(toks)
    if not hits:
        return None
    after = hits[-1].last  # a Korean verb's span leaves its ending ("말|고"): up to the next word
    return toks[after].start if after < len(toks) else len(text)


def falls_back(text: str) -> bool:
    """Whether a text names a fallback ("if you can't, then refund", "교환 안 되면 환불")."""
    return bool(_vocabulary().fallback.hits(tokens(text)))


def chosen(text: str, *, wish: bool = False) -> Asked | None:
    """The one remedy a text asks for; after a change of mind, the one it ends on; None for
    none, or several at once ("refund or replacement, whatever is faster"). `wish`: the text
    is a wish, so a remedy said in other words counts too."""
    asked = remedies_asked(text, wish=wish)
    if len({a.remedy for a in asked}) > 1 and _vocabulary().fallback.hits(tokens(text)):
        # "a new one, or failing that my money back": the first choice is the one asked
        return asked[0]
    if len({a.remedy for a in asked}) > 1 and (turn := changed_at(text)) is not None:
        # a change said last ("…새걸로 바꿔주세요") changes to what it names, before it;
        # one that ends the message ("…send me a new one instead") to the last before it
        asked = [a for a in asked if a.start >= turn] or asked[-1:]
    if len({a.remedy for a in asked}) > 1:
        # "환불하면 다시 사야 되니까 새걸로 주세요": the remedy said as a condition is no wish
        asked = [a for a in asked if not _conditional(text, a)] or asked
    if len({a.remedy for a in asked}) != 1:
        return None
    return asked[-1]


def alternatives(text: str, language: str, *, wish: bool = False) -> str | None:
    """Remedies offered as alternatives, any one will do ("fix or swap, dont care which",
    "수리든 교환이든"), named as one wish: "Repair or Replacement", "수리 또는 교환"."""
    asked = remedies_asked(text, wish=wish)
    names = list(dict.fromkeys(a.remedy.name(language) for a in asked))
    if len(names) < 2 or not says("remedies", "alternatives", text):
        return None
    if _vocabulary().fallback.hits(tokens(text)) or changed_at(text) is not None:
        return None  # a first choice, or a change of mind: `chosen` reads it
    joiner = (load("remedies").get("alternatives_joined") or {}).get(language, " / ")
    return joiner.join(names)


def together(text: str, language: str, *, wish: bool = False) -> str | None:
    """Several remedies asked for at once, each joined to the one before ("repair and an
    apology", "수리랑 보상 둘 다요", "my £85 back AND someone to fix it"), named as one wish:
    "Repair and an apology", "수리, 보상"."""
    asked = remedies_asked(text, wish=wish)
    if len({a.remedy for a in asked}) < 2 or changed_at(text) is not None:
        return None
    if _vocabulary().fallback.hits(tokens(text)):
        return None  # a first choice: `chosen` reads it
    joined = _vocabulary().joined
    for a, b in pairwise(asked):
        gap = text[a.end : b.start].lower()
        if a.remedy != b.remedy and not (
            gap.strip(" ,") in joined or any(t.word in joined for t in tokens(gap))
        ):
            return None
    names = list(dict.fromkeys(a.remedy.name(language) for a in asked))
    if language == "en":  # "Repair and an apology": only the first name starts the wish
        names[1:] = [n[:1].lower() + n[1:] for n in names[1:]]
    joiner = (load("remedies").get("together_joined") or {}).get(language, ", ")
    return joiner.join(names)


def only_joining(text: str) -> bool:
    """Whether a text beside remedies only joins them ("and … both", "랑 … 둘 다요"): they
    are asked together and nothing else; more words ("콘센트 수리비") keep the wish as said."""
    toks = tokens(text)
    return len(_vocabulary().joining.covers_tokens(toks)) == len(toks)


def judged_wanted(text: str) -> bool:
    """Whether a remedy in the text is said to be fair or welcome right after it ("reckon me
    money back'd be fair dinkum", "a replacement would be appreciated"): it is wished."""
    toks = _read(text)
    said = [t.word for t in toks]
    judged = _vocabulary().judged_after
    return any(
        a.last < len(said) and judged.at(said, a.last) is not None for a in remedies_asked(text)
    )


def remedy_of(text: str, language: str, *, wish: bool = False) -> str | None:
    """The remedy a text asks for, in the customer's language ("Refund" / "환불"), if one."""
    found = chosen(text, wish=wish)
    return found.remedy.name(language) if found else None


def joined_to_more(text: str, asked: Asked) -> int | None:
    """Where more asked beside a remedy begins, when it is joined to it ("환불 + 케어플랜
    해지", "환불이랑 해지요", "refund and cancel the plan"; or before it, "installation and compensation"): the wish is more than the remedy; None when nothing is
    joined to it."""
    vocab = _vocabulary()
    toks = _read(text)
    # a thing of a few words joined before it ("installation AND compensation", "설치랑
    # 보상"), not a clause ("somebody to come to the house and mend it")
    before = [
        t for t in toks if t.end <= asked.start and not _BREAK.search(text[t.end : asked.start])
    ]
    if before and not any(s < asked.start for s, _ in remedies_said(text)):
        gap = text[before[-1].end : asked.start].strip().lower()
        more = before if gap and gap in vocab.joined else []
        if not more and before[-1].word in vocab.joined:
            more = before[:-1]
        if 0 < len(more) <= _THING_WORDS:
            return more[0].start
    after = next((i for i, t in enumerate(toks) if t.start >= asked.end), None)
    if after is None:
        return None
    gap = text[asked.end : toks[after].start].strip().lower()
    if gap in vocab.joined:  # "+", "이랑", "&" between them
        return toks[after].start
    if not gap.strip(" ,") and toks[after].word in vocab.joined and after + 1 < len(toks):
        return toks[after + 1].start  # "refund and …", "환불 그리고 …"
    return None


def names_a_remedy(text: str) -> bool:
    """Whether a text asks for any remedy (one or several), not only mentions one."""
    return bool(remedies_asked(text))


@cache
def _left_to_us() -> Lexicon:
    return lexicon(load("remedies").get("left_to_us"), "left")


def left_to_us(text: str, language: str) -> str | None:
    """What is stored for a wish left to the team ("up to you", "dunno, whatever you think is
    fair", "알아서 해 주세요") when no remedy is asked beside it."""
    if remedies_said(text) or remedies_asked(text, wish=True) or not _left_to_us().hits(text):
        return None
    return left_unsaid("desired_outcome", language)


def left_unsaid(field: str, language: str) -> str:
    """What is stored for `field` left unsaid (answers.yml `left_unsaid`)."""
    return str(load("answers")["left_unsaid"][field][language])


def is_remedy_name(text: str) -> bool:
    """Whether a text is a remedy's stored name ("Refund", "교환")."""
    return any(text in (r.en, r.ko) for r in _vocabulary().remedies)


@cache
def remedy_words(language: str) -> str:
    """The remedies' words of one language as a pattern's alternation (for a clause that
    reads words, not a sentence's structure): English phrases with their stems, Korean
    nouns."""
    phrases: list[str] = []
    for entry in load("remedies")["remedies"]:
        for phrase in entry.get(language) or []:
            phrase = str(phrase)
            if language == "ko" and not all(t.noun for t in tokens(phrase)):
                continue  # a Korean phrase with its verb is matched by the lexicon only
            stem = phrase.endswith("*")
            body = r"\s+".join(re.escape(w) for w in phrase.rstrip("*").split())
            phrases.append(body + (r"\w*" if stem else ""))
    return "|".join(sorted(set(phrases), key=len, reverse=True))

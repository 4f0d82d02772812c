"""Tracking references: generation, check symbol, normalisation (property-based)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.references import (
    ALPHABET,
    check_symbol,
    find_reference,
    new_reference,
    parse_reference,
)

bodies = st.text(alphabet=ALPHABET, min_size=7, max_size=7)
SHAPE = re.compile(r"^CMP-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def test_generated_references_have_the_documented_shape_and_are_not_sequential() -> None:
    refs = {new_reference() for _ in range(500)}
    assert len(refs) == 500
    assert all(SHAPE.match(r) for r in refs)


@given(bodies)
def test_every_generated_reference_parses_back(body: str) -> None:
    code = body + check_symbol(body)
    reference = f"CMP-{code[:4]}-{code[4:]}"
    assert parse_reference(reference).outcome == "valid"
    assert parse_reference(reference).reference == reference


@given(bodies, st.integers(min_value=0, max_value=7), st.sampled_from(ALPHABET))
def test_every_single_symbol_substitution_is_detected(
    body: str, position: int, symbol: str
) -> None:
    code = body + check_symbol(body)
    if code[position] == symbol:
        return
    typo = code[:position] + symbol + code[position + 1 :]
    parsed = parse_reference(f"CMP-{typo[:4]}-{typo[4:]}")
    assert parsed.outcome == "mistyped"


@given(bodies, st.sampled_from(["", " ", "-", "  "]), st.booleans())
def test_case_spacing_and_dashes_are_normalised(body: str, separator: str, lower: bool) -> None:
    code = body + check_symbol(body)
    typed = f"CMP{separator}{code[:4]}{separator}{code[4:]}"
    typed = typed.lower() if lower else typed
    assert parse_reference(typed).reference == f"CMP-{code[:4]}-{code[4:]}"
    assert parse_reference(typed).outcome == "valid"


@given(bodies)
def test_o_i_l_fold_to_digits(body: str) -> None:
    code = body + check_symbol(body)
    typed = code.replace("0", "O").replace("1", "l")
    assert parse_reference(typed).reference == f"CMP-{code[:4]}-{code[4:]}"


def test_malformed_input_is_told_apart_from_a_mistype() -> None:
    assert parse_reference("CMP-1234").outcome == "malformed"
    assert parse_reference("CMP-UUUU-UUUU").outcome == "malformed"
    assert parse_reference("").outcome == "malformed"


def test_references_are_found_in_free_text_in_both_languages() -> None:
    reference = new_reference()
    compact = reference.replace("-", "")
    found = find_reference(f"{compact}는 어떻게 됐나요")
    assert found is not None and found.reference == reference
    found = find_reference(f"what is the status of {reference.lower()}?")
    assert found is not None and found.reference == reference
    assert find_reference("my washing machine is broken") is None
    assert find_reference("the keyboard, mainboard and notebook") is None


def test_a_number_that_happens_to_pass_the_check_is_not_a_reference() -> None:
    """Card, phone and order numbers in a complaint are not references, even the one in 32
    whose last digit happens to be a valid check symbol."""
    from handlers.references import find_reference, is_valid_code

    number = next(f"{n:08d}" for n in range(12345670, 12346000) if is_valid_code(f"{n:08d}"))
    assert find_reference(f"my card {number[:4]} {number[4:]} was charged twice") is None
    assert find_reference(f"status of CMP-{number[:4]}-{number[4:]}") is not None  # prefixed


def test_words_and_a_digit_spread_over_a_sentence_are_not_a_reference() -> None:
    from handlers.references import find_reference

    assert find_reference("I have been a customer here for 1 year") is None
    assert find_reference("a b c d e f g 1") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # round 8 (trial AO): "ends 7731" read as CMP-ENDS-7731, so the answer to staff's
        # question was offered as a new complaint
        ("The account number ends 7731, if that is any help.", None),
        ("my code word then 4412 please", None),
        # a reference written as shown, with or without the prefix
        ("YYQB-2CMJ", "CMP-YYQB-2CMJ"),
        ("it is CMP-YYQB-2CMJ", "CMP-YYQB-2CMJ"),
        # a word's last letter before the prefix starts no shape that hides the reference
        # ("it's CMP-…" had found none: the shape "s CMP-YYQB" was tried and the rest skipped)
        ("it's CMP-YYQB-2CMJ", "CMP-YYQB-2CMJ"),
        ("Hi, that's YYQB-2CMJ from last week", "CMP-YYQB-2CMJ"),
        ("re: cmp yyqb 2cmj", "CMP-YYQB-2CMJ"),
    ],
)
def test_a_word_and_a_number_are_no_reference(text: str, found: str | None) -> None:
    parsed = find_reference(text)
    assert (parsed.reference if parsed and parsed.outcome == "valid" else None) == found

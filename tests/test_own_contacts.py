"""The desk's own contact details are not taken as the customer's; they are compared whole,
so an address inside one of them ("e@example.com" in "care@example.com") is the customer's."""

from __future__ import annotations

import pytest

from handlers.fields import contacts_in, find_contact


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("e@example.com", "e@example.com"),
        ("my email is E@Example.com thanks", "e@example.com"),
        ("reach me at are@example.com", "are@example.com"),
        ("care@example.co", "care@example.co"),
        ("010-1588-0000", "+821015880000"),
    ],
)
def test_an_address_inside_the_desks_own_is_the_customers(text: str, normalized: str) -> None:
    ours = contacts_in("call 1588-0000 or e-mail care@example.com")
    found = find_contact(text, personal=True, not_ours=ours)
    assert found is not None and found.normalized == normalized
    # the same as text, as callers once passed it
    found = find_contact(text, personal=True, not_ours="care@example.com, 1588-0000")
    assert found is not None and found.normalized == normalized


@pytest.mark.parametrize(
    "text", ["care@example.com", "CARE@Example.com.", "I mailed care@example.com twice"]
)
def test_the_desks_own_address_is_not_the_customers(text: str) -> None:
    assert find_contact(text, personal=True, not_ours=contacts_in("care@example.com")) is None


def test_the_desks_own_number_is_not_the_customers_however_it_is_written() -> None:
    ours = contacts_in("call 010-9999-0000")
    for text in ("010-9999-0000", "01099990000", "+82 10 9999 0000", "010 9999 0000"):
        assert find_contact(text, personal=True, not_ours=ours) is None, text


async def test_a_customer_whose_address_is_inside_the_desks_gives_it_once(chat, desk) -> None:
    """`e@example.com`, given with the complaint, is kept and not asked for."""
    await chat.say("my toaster stopped working yesterday, i want a refund")
    await chat.say("my name is Eve Kim, e@example.com")
    assert "How can we reach you" not in chat.text
    assert "e@example.com" in chat.text

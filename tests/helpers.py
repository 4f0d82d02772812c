"""Helpers shared by the conversation tests."""

from __future__ import annotations

import re

from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint

REFERENCE = re.compile(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}")


def stored_complaint(desk, text: str) -> Complaint:
    """The complaint whose reference a reply gives, as stored (detached from its session)."""
    match = REFERENCE.search(text)
    assert match, text
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=match.group(0))
        assert complaint is not None
        session.expunge(complaint)
        return complaint

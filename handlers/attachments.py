"""Files customers send: checked against the limits, kept by SHA-256, linked to a complaint.

A file sent while a complaint is being filed waits and is linked when it is filed; one sent
later goes to the customer's most recent open complaint; with none, it waits for the next.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker

from handlers import thread
from handlers.identity import Identity
from handlers.policy import Policy
from storage import repositories as repo
from storage.db import transaction
from storage.models import Attachment, Complaint
from storage.vocabulary import OPEN_STATUSES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Where files are kept, how big they may be, and which types are taken."""

    directory: Path
    max_bytes: int
    types: tuple[str, ...]


def refusal(limits: Limits, *, mime_type: str | None, size: int | None) -> str | None:
    """Why a file is refused before it is fetched ("too_big", "type"), or None."""
    if size is not None and size > limits.max_bytes:
        return "too_big"
    if (mime_type or "").lower() not in limits.types:
        return "type"
    return None


@dataclass(frozen=True)
class Kept:
    """Where a file went: a complaint's reference, or waiting for the complaint being filed."""

    outcome: Literal["attached", "waiting"]
    reference: str | None
    sha256: str


def store_bytes(directory: Path, content: bytes) -> str:
    """Write the content under its SHA-256 (once: the same file twice is one file)."""
    digest = hashlib.sha256(content).hexdigest()
    target = directory / digest[:2] / digest
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)  # whole or not at all
    return digest


def keep(
    factory: sessionmaker,
    limits: Limits,
    *,
    identity: Identity,
    content: bytes,
    file_id: str,
    filename: str | None,
    mime_type: str,
    filing: bool,
    now: datetime,
    policy: Policy | None = None,
) -> Kept:
    """Store a checked file and link it: to the complaint being filed (`filing`, linked at
    intake), else to the customer's latest open complaint, else waiting for the next. A
    file sent after filing is a message of the case thread (with `policy`, posted to its
    staff)."""
    digest = store_bytes(limits.directory, content)
    with transaction(factory) as session:
        target: Complaint | None = None
        if not filing:
            target = session.execute(
                sa.select(Complaint)
                .where(
                    Complaint.channel == identity.channel,
                    Complaint.user_id == identity.user_id,
                    Complaint.status.in_(OPEN_STATUSES),
                )
                .order_by(Complaint.created_at.desc(), Complaint.id.desc())
                .limit(1)
            ).scalar_one_or_none()
        session.add(
            Attachment(
                complaint=target,
                channel=identity.channel,
                user_id=identity.user_id,
                sha256=digest,
                file_id=file_id[:500],
                filename=(filename or "")[:300] or None,
                mime_type=mime_type,
                size_bytes=len(content),
                created_at=now,
            )
        )
        if target is not None:
            repo.add_event(
                session,
                complaint=target,
                actor=identity.actor,
                kind="attachment.added",
                data={"sha256": digest, "mime_type": mime_type, "size": len(content)},
                at=now,
            )
            reference: str | None = target.reference
        else:
            reference = None
    log.info("attachment.kept", extra={"size": len(content), "linked": reference is not None})
    if reference is not None and policy is not None:
        thread.customer_message(
            factory,
            policy,
            reference=reference,
            identity=identity,
            text=filename or mime_type,
            now=now,
            attachment={"sha256": digest, "mime_type": mime_type, "filename": filename},
        )
    return Kept("attached" if reference else "waiting", reference, digest)

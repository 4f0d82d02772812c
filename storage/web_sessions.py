"""Web page sessions: only keys the server minted count, kept by their SHA-256 (a copy of
the table gives no cookie), and forgotten when idle or old."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from storage.models import WebSession

IDLE = timedelta(days=30)
LIFETIME = timedelta(days=90)  # the cookie's own max-age
# last_seen is written at most this often: a turn should not also write its session
TOUCH_EVERY = timedelta(minutes=5)
_TABLE = WebSession.__table__


def key_hash(key: str) -> str:
    """The SHA-256 of a session key, as kept."""
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def _engine(factory: sessionmaker) -> Engine:
    return factory.kw["bind"]


def remember(factory: sessionmaker, *, key: str, now: datetime) -> None:
    """Keep a newly minted key, and forget the sessions idle or old by now."""
    with _engine(factory).begin() as connection:
        connection.execute(
            sa.delete(_TABLE).where(
                sa.or_(_TABLE.c.last_seen < now - IDLE, _TABLE.c.created_at < now - LIFETIME)
            )
        )
        connection.execute(
            sa.insert(_TABLE).values(key_hash=key_hash(key), created_at=now, last_seen=now)
        )


def is_live(factory: sessionmaker, *, key: str, now: datetime) -> bool:
    """Whether the server minted this key and the session is neither idle nor old; marks
    it used."""
    digest = key_hash(key)
    engine = _engine(factory)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(_TABLE.c.created_at, _TABLE.c.last_seen).where(_TABLE.c.key_hash == digest)
        ).first()
    if row is None or row.last_seen < now - IDLE or row.created_at < now - LIFETIME:
        return False
    if now - row.last_seen > TOUCH_EVERY:
        with engine.begin() as connection:
            connection.execute(
                sa.update(_TABLE).where(_TABLE.c.key_hash == digest).values(last_seen=now)
            )
    return True

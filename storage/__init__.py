"""Persistence: SQLAlchemy models, repositories, Alembic migrations and the outbox.

`storage` imports nothing of `handlers` or `bot`.
"""

"""Deliveries claimed and finished, per bot: a redelivery of an update whose turn never
finished is handled, one that finished is skipped, and update ids of another bot (a new token)
are not taken for duplicates. Rows recorded before this revision were handled: done.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-06 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("bot", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("state", sa.String(length=16), nullable=False, server_default="done")
        )
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("payload", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("done_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint("uq_processed_updates", type_="unique")
        batch_op.create_unique_constraint("uq_processed_updates", ["channel", "bot", "update_id"])
        batch_op.create_check_constraint(
            "ck_processed_updates_state", "state IN ('received', 'done')"
        )
        batch_op.create_index("ix_processed_updates_done_at", ["done_at"], unique=False)
        batch_op.create_index("ix_processed_updates_open", ["state", "channel"], unique=False)
    op.execute("UPDATE processed_updates SET done_at = received_at")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        # new rows say their own state; the default was only for the rows above
        batch_op.alter_column("state", existing_type=sa.String(length=16), server_default=None)
        batch_op.alter_column("bot", existing_type=sa.String(length=64), server_default=None)
        batch_op.alter_column("attempts", existing_type=sa.Integer(), server_default=None)


def downgrade() -> None:
    op.execute("DELETE FROM processed_updates WHERE state <> 'done'")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_processed_updates_open")
        batch_op.drop_index("ix_processed_updates_done_at")
        batch_op.drop_constraint("ck_processed_updates_state", type_="check")
        batch_op.drop_constraint("uq_processed_updates", type_="unique")
        batch_op.create_unique_constraint("uq_processed_updates", ["channel", "update_id"])
        for column in (
            "done_at",
            "payload",
            "attempts",
            "claimed_at",
            "claimed_by",
            "state",
            "bot",
        ):
            batch_op.drop_column(column)

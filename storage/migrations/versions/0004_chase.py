"""The chase sweep: when each complaint is next due for chasing, and the ladder's ledger.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_chase_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_complaints_next_chase_at"), ["next_chase_at"], unique=False
        )
    # Complaints already open start their ladder where they are.
    op.execute(
        "UPDATE complaints SET next_chase_at = CASE "
        "WHEN acknowledged_at IS NULL THEN ack_due_at "
        "WHEN responded_at IS NULL THEN respond_due_at END "
        "WHERE status NOT IN ('closed', 'withdrawn')"
    )
    op.create_table(
        "chase_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id", "step", "due_at", name="uq_chase_steps"),
    )


def downgrade() -> None:
    op.drop_table("chase_steps")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_next_chase_at"))
        batch_op.drop_column("next_chase_at")

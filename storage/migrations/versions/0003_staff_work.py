"""Staff work in Slack: escalation levels, where each complaint's cards were posted, and
a customer's waiting notices found by recipient.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outbox_recipient", ["channel", "recipient", "status"], unique=False
        )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("escalation_level", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_table(
        "slack_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("ts", sa.String(length=32), nullable=False),
        sa.Column("viewer", sa.String(length=100), nullable=True),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("complaint_id", "channel", name="uq_slack_cards"),
    )
    with op.batch_alter_table("slack_cards", schema=None) as batch_op:
        batch_op.create_index("ix_slack_cards_message", ["channel", "ts"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("slack_cards", schema=None) as batch_op:
        batch_op.drop_index("ix_slack_cards_message")
    op.drop_table("slack_cards")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("escalation_level")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_recipient")

"""Each form submission's idempotency key, unique: a retried submission files nothing new.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", sa.String(length=64), nullable=True))
        batch_op.create_index("ux_complaints_submission_key", ["submission_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("ux_complaints_submission_key")
        batch_op.drop_column("submission_key")

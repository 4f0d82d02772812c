"""The staff desk: a member of staff away until a moment (new work passes them by), and
the date promised to a customer whose answer is late, kept beside the original target.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("away_until", sa.DateTime(), nullable=True))
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("promised_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_column("promised_at")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("away_until")

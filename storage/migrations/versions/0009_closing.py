"""Closing the loop with the customer: declines and reopenings counted, when the complaint
went back to work, the earlier complaint a new one follows on from, and the satisfaction
survey (asked when, the 1-5 score, a comment).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("declined_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("reopened_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("resumed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("linked_reference", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("survey_asked_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction_score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("satisfaction_at", sa.DateTime(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_complaints_linked_reference"), ["linked_reference"], unique=False
        )
        batch_op.create_check_constraint(
            "ck_complaints_satisfaction_score", "satisfaction_score BETWEEN 1 AND 5"
        )


def downgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_constraint("ck_complaints_satisfaction_score", type_="check")
        batch_op.drop_index(batch_op.f("ix_complaints_linked_reference"))
        for column in (
            "satisfaction_at",
            "satisfaction_comment",
            "satisfaction_score",
            "survey_asked_at",
            "linked_reference",
            "resumed_at",
            "reopened_count",
            "declined_count",
        ):
            batch_op.drop_column(column)

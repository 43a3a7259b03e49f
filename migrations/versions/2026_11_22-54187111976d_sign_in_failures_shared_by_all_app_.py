"""sign-in failures shared by all app processes

The sign-in rate limit counted failures in each process's memory, so N processes allowed N
times the attempts. Failures are now rows, read by every process; rows older than the window
are deleted as new ones arrive.

Revision ID: 54187111976d
Revises: b71c2e9d4a05
Create Date: 2026-11-22 01:36:17.577780

"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = "54187111976d"
down_revision: str | Sequence[str] | None = "b71c2e9d4a05"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=400), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_failures_at"), ["at"], unique=False)
        batch_op.create_index("ix_sign_in_failures_key_at", ["key", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sign_in_failures", schema=None) as batch_op:
        batch_op.drop_index("ix_sign_in_failures_key_at")
        batch_op.drop_index(batch_op.f("ix_sign_in_failures_at"))
    op.drop_table("sign_in_failures")

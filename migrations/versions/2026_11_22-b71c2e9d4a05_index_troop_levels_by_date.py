"""index troop levels by date

The dashboard reads the newest troop figures first (ORDER BY as_of DESC LIMIT n); with this
index the database walks the newest entries instead of sorting every figure.

Revision ID: b71c2e9d4a05
Revises: 8e4b6a1f2c37
Create Date: 2026-11-22 12:10:00

"""
from collections.abc import Sequence

from alembic import op


revision: str = "b71c2e9d4a05"
down_revision: str | Sequence[str] | None = "8e4b6a1f2c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("troop_levels", schema=None) as batch_op:
        batch_op.create_index("ix_troop_levels_as_of", ["as_of"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("troop_levels", schema=None) as batch_op:
        batch_op.drop_index("ix_troop_levels_as_of")

"""users.session_version: sessions that sign-out, deactivation and password change revoke

A signed session cookie carried only the user id, so a copied cookie kept working for 14
days after sign-out. The cookie now carries the user's session version too; sign-out,
deactivation and a password change raise the version, and older cookies stop working.

Revision ID: c4e2a9b7d315
Revises: 54187111976d
Create Date: 2026-12-02 20:27:00

"""
from collections.abc import Sequence

from alembic import op
import sqlalchemy as sa


revision: str = "c4e2a9b7d315"
down_revision: str | Sequence[str] | None = "54187111976d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (SQLite >= 3.35 and PostgreSQL), not a batch copy of `users`.
    op.add_column(
        "users", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    op.execute("ALTER TABLE users DROP COLUMN session_version")

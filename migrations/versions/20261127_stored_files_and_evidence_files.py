"""Stored files (uploads kept on disk by SHA-256) and evidence files on a progress version

Revision ID: 5e1f0a7c9d24
Revises: c2357f18df90
Create Date: 2026-11-27 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e1f0a7c9d24"
down_revision: str | None = "c2357f18df90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_user_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by_token_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_stored_files_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_token_id"],
            ["api_tokens.id"],
            name=op.f("fk_stored_files_uploaded_by_token_id_api_tokens"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_user_id"],
            ["users.id"],
            name=op.f("fk_stored_files_uploaded_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
    )
    op.create_index(
        op.f("ix_stored_files_organization_id"), "stored_files", ["organization_id"], unique=False
    )
    op.create_index(op.f("ix_stored_files_sha256"), "stored_files", ["sha256"], unique=False)
    op.create_table(
        "progress_evidence_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_progress_evidence_files_file_id_stored_files"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["progress_versions.id"],
            name=op.f("fk_progress_evidence_files_version_id_progress_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_evidence_files")),
    )
    op.create_index(
        op.f("ix_progress_evidence_files_file_id"),
        "progress_evidence_files",
        ["file_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_progress_evidence_files_version_id"),
        "progress_evidence_files",
        ["version_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_progress_evidence_files_version_id"), table_name="progress_evidence_files"
    )
    op.drop_index(op.f("ix_progress_evidence_files_file_id"), table_name="progress_evidence_files")
    op.drop_table("progress_evidence_files")
    op.drop_index(op.f("ix_stored_files_sha256"), table_name="stored_files")
    op.drop_index(op.f("ix_stored_files_organization_id"), table_name="stored_files")
    op.drop_table("stored_files")

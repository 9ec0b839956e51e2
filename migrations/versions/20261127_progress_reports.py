"""Progress reports: a thread per (plan, measure key, organisation, period), its
immutable versions, the values reported per indicator and links to evidence

Revision ID: c2357f18df90
Revises: 4c8d2e6f1b37
Create Date: 2026-11-27 13:31:40
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c2357f18df90"
down_revision: str | None = "4c8d2e6f1b37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "progress_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=36), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=8), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                "accepted",
                name="reportstate",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("submitted_version", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_progress_reports_organization_id_organizations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_progress_reports_plan_id_plans"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_reports")),
        sa.UniqueConstraint(
            "organization_id",
            "external_id",
            name=op.f("uq_progress_reports_organization_id_external_id"),
        ),
        sa.UniqueConstraint(
            "plan_id",
            "measure_key",
            "organization_id",
            "period",
            name=op.f("uq_progress_reports_plan_id_measure_key_organization_id_period"),
        ),
    )
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_reports_measure_key"), ["measure_key"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_progress_reports_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_progress_reports_period"), ["period"], unique=False)
        batch_op.create_index(
            "ix_progress_reports_plan_id_state", ["plan_id", "state"], unique=False
        )
        batch_op.create_index(
            "ix_progress_reports_updated_at_id", ["updated_at", "id"], unique=False
        )

    op.create_table(
        "progress_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "work_status",
            sa.Enum(
                "not_started",
                "on_track",
                "done",
                "delayed",
                "not_applicable",
                name="workstatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("delay_reason", sa.Text(), nullable=True),
        sa.Column("remedy", sa.Text(), nullable=True),
        sa.Column("not_applicable_reason", sa.Text(), nullable=True),
        sa.Column("narrative", sa.Text(), nullable=True),
        sa.Column("written_by", sa.String(length=200), nullable=False),
        sa.Column("written_by_user_id", sa.Integer(), nullable=True),
        sa.Column("written_by_token_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["progress_reports.id"],
            name=op.f("fk_progress_versions_report_id_progress_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_token_id"],
            ["api_tokens.id"],
            name=op.f("fk_progress_versions_written_by_token_id_api_tokens"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["written_by_user_id"],
            ["users.id"],
            name=op.f("fk_progress_versions_written_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_versions")),
        sa.UniqueConstraint(
            "report_id", "number", name=op.f("uq_progress_versions_report_id_number")
        ),
    )
    with op.batch_alter_table("progress_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_versions_report_id"), ["report_id"], unique=False
        )

    op.create_table(
        "progress_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("indicator_key", sa.String(length=36), nullable=False),
        sa.Column("value", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["progress_versions.id"],
            name=op.f("fk_progress_values_version_id_progress_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_values")),
    )
    with op.batch_alter_table("progress_values", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_values_version_id"), ["version_id"], unique=False
        )

    op.create_table(
        "progress_evidence_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["progress_versions.id"],
            name=op.f("fk_progress_evidence_links_version_id_progress_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_evidence_links")),
    )
    with op.batch_alter_table("progress_evidence_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_evidence_links_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("progress_evidence_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_evidence_links_version_id"))

    op.drop_table("progress_evidence_links")
    with op.batch_alter_table("progress_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_values_version_id"))

    op.drop_table("progress_values")
    with op.batch_alter_table("progress_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_versions_report_id"))

    op.drop_table("progress_versions")
    with op.batch_alter_table("progress_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_progress_reports_updated_at_id")
        batch_op.drop_index("ix_progress_reports_plan_id_state")
        batch_op.drop_index(batch_op.f("ix_progress_reports_period"))
        batch_op.drop_index(batch_op.f("ix_progress_reports_organization_id"))
        batch_op.drop_index(batch_op.f("ix_progress_reports_measure_key"))

    op.drop_table("progress_reports")

"""The work status of a report's current and of its last submitted version, kept on the
report (what the progress matrix counts without reading the versions); an index that
hands the matrix a plan's reports in (measure key, organisation) order, and one that hands
the report list a plan's page in its (updated_at, id) order

Revision ID: 5d1f3a9c7e20
Revises: 5e1f0a7c9d24
Create Date: 2026-11-27 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d1f3a9c7e20"
down_revision: str | None = "5e1f0a7c9d24"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = ("not_started", "on_track", "done", "delayed", "not_applicable")
MATRIX_COLUMNS = (
    "period",
    "state",
    "submitted_at",
    "version",
    "submitted_version",
    "current_status",
    "submitted_status",
)


def _status() -> sa.Enum:
    return sa.Enum(*STATUSES, name="workstatus", native_enum=False, length=32)


def upgrade() -> None:
    op.add_column("progress_reports", sa.Column("current_status", _status(), nullable=True))
    op.add_column("progress_reports", sa.Column("submitted_status", _status(), nullable=True))
    op.execute(
        "UPDATE progress_reports SET "
        "current_status = (SELECT v.work_status FROM progress_versions v "
        "WHERE v.report_id = progress_reports.id AND v.number = progress_reports.version), "
        "submitted_status = (SELECT v.work_status FROM progress_versions v "
        "WHERE v.report_id = progress_reports.id "
        "AND v.number = progress_reports.submitted_version)"
    )
    op.create_index(
        "ix_progress_reports_standing",
        "progress_reports",
        ["plan_id", "measure_key", "organization_id"],
        postgresql_include=list(MATRIX_COLUMNS),
    )
    op.create_index(
        "ix_progress_reports_plan_id_updated_at_id",
        "progress_reports",
        ["plan_id", "updated_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_progress_reports_plan_id_updated_at_id", table_name="progress_reports")
    op.drop_index("ix_progress_reports_standing", table_name="progress_reports")
    op.drop_column("progress_reports", "submitted_status")
    op.drop_column("progress_reports", "current_status")

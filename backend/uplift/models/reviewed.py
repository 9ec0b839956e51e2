"""What every document an enterprise submits for review keeps (a progress report, a results
report): its life-cycle state (kit/review.py), the version reviewers read, and who wrote
each version. Mixins, so both tables say it in the same columns."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import UtcDateTime, str_enum, utcnow
from uplift.kit.review import ReportState


class Reviewed:
    state: Mapped[ReportState] = mapped_column(str_enum(ReportState), default=ReportState.draft)
    review_comment: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)  # the number of the current version
    submitted_version: Mapped[int | None]  # the last version submitted, what reviewers read
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Written:
    """A version: who wrote it (a person, or a system's token) and when."""

    written_by: Mapped[str] = mapped_column(String(200))  # the subject's label
    written_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    written_by_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base, UtcDateTime, str_enum, utcnow


class JobStatus(StrEnum):
    pending = "pending"  # waiting for run_after
    running = "running"  # claimed by a worker until locked_until
    done = "done"
    dead = "dead"  # failed max attempts times: left for a person to look at


class OutboxJob(Base):
    """Work to do after a request commits (a reminder, a webhook), written in the request's
    own transaction: a request that rolls back leaves no job (kit/outbox.py)."""

    __tablename__ = "outbox_jobs"
    # The worker's question: what is due? Pending jobs by run_after.
    __table_args__ = (Index("ix_outbox_jobs_due", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(100))  # a name in kit/outbox.py's registry
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[JobStatus] = mapped_column(str_enum(JobStatus), default=JobStatus.pending)
    attempts: Mapped[int] = mapped_column(default=0)
    run_after: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # A running job's lease: past it, the worker is presumed dead and the job is due again.
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

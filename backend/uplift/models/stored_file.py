"""Files uploaded to Uplift: one row per upload, its bytes kept on disk by content
(kit/storage.py), so the same bytes uploaded twice are two rows and one file."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base, UtcDateTime, utcnow


class StoredFile(Base):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # hex; names the file on disk
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(100))  # from the content, not the client
    filename: Mapped[str] = mapped_column(String(255))  # the client's, for display only
    # Whose it is until something refers to it: the uploader's organisation.
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    uploaded_by: Mapped[str] = mapped_column(String(200))  # the subject's label
    uploaded_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    uploaded_by_token_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="SET NULL")
    )

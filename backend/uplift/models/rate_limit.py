from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from uplift.kit.db import Base


class RequestCount(Base):
    """How many requests one caller made to one limited route in one time window, kept in the
    database so every worker and container counts the same requests."""

    __tablename__ = "request_counts"

    bucket: Mapped[str] = mapped_column(String(100), primary_key=True)  # export:203.0.113.7
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)  # epoch s
    hits: Mapped[int]

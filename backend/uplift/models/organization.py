from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, TimestampMixin, str_enum


class OrganizationKind(StrEnum):
    ministry = "ministry"
    commission = "commission"
    enterprise = "enterprise"
    unit = "unit"


# Kinds that report for themselves: an enterprise and its units (not the commission).
ENTERPRISE_KINDS = frozenset({OrganizationKind.enterprise, OrganizationKind.unit})


class Organization(TimestampMixin, Base):
    """A ministry, commission, enterprise or unit: a tree kept as data, never in code."""

    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[OrganizationKind] = mapped_column(str_enum(OrganizationKind))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    short_name_zh: Mapped[str] = mapped_column(String(100))
    short_name_en: Mapped[str] = mapped_column(String(100))

    parent: Mapped["Organization | None"] = relationship(
        remote_side=[id], lazy="raise", back_populates="children"
    )
    children: Mapped[list["Organization"]] = relationship(
        lazy="raise", back_populates="parent", order_by="Organization.position"
    )

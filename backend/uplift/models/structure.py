from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from uplift.kit.db import Base, StableKeyMixin, owned_children


class Dimension(StableKeyMixin, Base):
    """A dimension (面向) of a plan, e.g. 一、基礎服務."""

    __tablename__ = "dimensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(16))  # the source numbering: 一, 二 …
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))

    strategies: Mapped[list["Strategy"]] = owned_children("Strategy.position")


class Strategy(StableKeyMixin, Base):
    """An execution strategy (執行策略) inside a dimension, e.g. (一) 服務一致及正確性."""

    __tablename__ = "strategies"

    id: Mapped[int] = mapped_column(primary_key=True)
    dimension_id: Mapped[int] = mapped_column(
        ForeignKey("dimensions.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(16))
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))

    dimension: Mapped[Dimension] = relationship(lazy="raise", back_populates="strategies")

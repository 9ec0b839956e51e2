"""Sibling order: positions are 0, 1, 2 … among siblings, kept dense on every move."""

from collections.abc import Sequence
from typing import Protocol, TypeVar


class Positioned(Protocol):
    position: int


T = TypeVar("T", bound=Positioned)


def place(siblings: Sequence[T], item: T, position: int | None) -> None:
    """Put `item` at `position` (None or past the end: last) and renumber the siblings."""
    others = [sibling for sibling in siblings if sibling is not item]
    index = len(others) if position is None else max(0, min(position, len(others)))
    others.insert(index, item)
    for number, sibling in enumerate(others):
        sibling.position = number


def close_gap(siblings: Sequence[T], removed: T) -> None:
    for number, sibling in enumerate(s for s in siblings if s is not removed):
        sibling.position = number

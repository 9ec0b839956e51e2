"""Content versions: opaque tokens that differ after every change."""

from uuid import uuid4


def new_version() -> str:
    """Random rather than counted, so two workers never hand out the same one."""
    return uuid4().hex

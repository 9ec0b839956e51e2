"""Text search that works for Chinese on SQLite and PostgreSQL alike.

Full-text engines split words on spaces, which Chinese does not have; a substring match on a
normalised copy of the text finds 電子發票 wherever it stands, and the normalisation makes
full-width and half-width forms, letter case and the stray spaces of the source equal.
"""

import unicodedata


def search_key(text: str) -> str:
    """NFKC (full-width → half-width), case-folded, with all white space removed."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())

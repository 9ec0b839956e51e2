"""Random credentials and their stored form: only an HMAC of a token reaches the database."""

import hashlib
import hmac
import secrets

TOKEN_PREFIX = "upl_"


def digest(secret: str, value: str) -> str:
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def new_api_token() -> tuple[str, str]:
    """(prefix, whole token): upl_3f9a2c1b_… ; the prefix is shown in lists to recognise it."""
    prefix = f"{TOKEN_PREFIX}{secrets.token_hex(4)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"

"""Serialise an answer straight to JSON bytes, once.

FastAPI validates a returned model against `response_model` a second time before it
serialises it; for a plan's whole tree that costs more than loading it. A route that has
built its schema already returns `json_response(schema)` and keeps `response_model` for docs.
A route that builds its answer from plain rows (dicts, lists) returns `json_response(data)`:
orjson encodes it in one call, in the same shape pydantic writes (compact, UTF-8 as is,
UTC as "Z"), so a client cannot tell which way an answer was built.
"""

import hashlib
from decimal import Decimal
from typing import Any

import orjson
from pydantic import BaseModel
from starlette.responses import Response

_ORJSON_OPTIONS = orjson.OPT_UTC_Z


def _like_pydantic(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Decimal):
        return str(value)  # pydantic writes a Decimal as a string, keeping its digits
    if isinstance(value, set | frozenset):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def encode_json(value: Any) -> bytes:
    """JSON bytes for a model or for plain data (dicts, lists, dates, enums)."""
    if isinstance(value, BaseModel):
        return value.model_dump_json().encode()
    return orjson.dumps(value, default=_like_pydantic, option=_ORJSON_OPTIONS)


def etag_for(body: bytes) -> str:
    """A strong ETag: the same bytes give the same tag, so If-Match can compare it."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def json_response(content: Any, status_code: int = 200) -> Response:
    return Response(encode_json(content), status_code=status_code, media_type="application/json")


def resource_response(content: BaseModel, status_code: int = 200) -> Response:
    """A write's answer: the resource as a GET now shows it, with the ETag the next write
    sends as If-Match."""
    response = json_response(content, status_code)
    response.headers["ETag"] = etag_for(bytes(response.body))
    return response

"""Serialise a schema straight to JSON.

FastAPI validates a returned model against `response_model` a second time before it
serialises it; for a plan's whole tree that costs more than loading it. A route that has
built its schema already returns `json_response(schema)` and keeps `response_model` for docs.
"""

import hashlib

from pydantic import BaseModel
from starlette.responses import Response


def etag_for(body: bytes) -> str:
    """A strong ETag: the same bytes give the same tag, so If-Match can compare it."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def json_response(content: BaseModel, status_code: int = 200) -> Response:
    return Response(
        content.model_dump_json().encode(), status_code=status_code, media_type="application/json"
    )


def resource_response(content: BaseModel, status_code: int = 200) -> Response:
    """A write's answer: the resource as a GET now shows it, with the ETag the next write
    sends as If-Match."""
    response = json_response(content, status_code)
    response.headers["ETag"] = etag_for(bytes(response.body))
    return response

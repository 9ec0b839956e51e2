"""Serialise a schema straight to JSON.

FastAPI validates a returned model against `response_model` a second time before it
serialises it; for a plan's whole tree that costs more than loading it. A route that has
built its schema already returns `json_response(schema)` and keeps `response_model` for docs.
"""

from pydantic import BaseModel
from starlette.responses import Response


def json_response(content: BaseModel, status_code: int = 200) -> Response:
    return Response(
        content.model_dump_json().encode(), status_code=status_code, media_type="application/json"
    )

"""Serve the built single-page app: real files as they are, every other path as index.html."""

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class SinglePageApp(StaticFiles):
    def __init__(self, directory: Path, api_prefix: str = "api/") -> None:
        super().__init__(directory=directory, html=True)
        self.api_prefix = api_prefix

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path.startswith(self.api_prefix):
            raise HTTPException(404)  # an unknown API route is a problem+json 404, not the app
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404:
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/"):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

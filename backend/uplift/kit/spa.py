"""Serve the built single-page app: real files as they are, every other page as index.html."""

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope


class SinglePageApp(StaticFiles):
    def __init__(self, directory: Path, api_prefix: str = "api/") -> None:
        super().__init__(directory=directory, html=True)
        self.api_prefix = api_prefix
        self.assets_prefix = "assets/"  # Vite's content-hashed files, cached for good

    async def get_response(self, path: str, scope: Scope) -> Response:
        if path.startswith(self.api_prefix):
            raise HTTPException(404)  # an unknown API route is a problem+json 404, not the app
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            # A missing asset is a 404: index.html in its place would be cached for a year.
            if error.status_code != 404 or path.startswith(self.assets_prefix):
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith(self.assets_prefix):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers.setdefault("Cache-Control", "no-cache")
        return response

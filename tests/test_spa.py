from pathlib import Path

from httpx import ASGITransport, AsyncClient

from uplift.config import Settings
from uplift.main import create_app


async def test_serves_the_single_page_app_beside_the_api(tmp_path: Path, database_url: str) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Uplift</title>", encoding="utf-8")
    (tmp_path / "assets" / "app-1234.js").write_text("console.log(1)", encoding="utf-8")
    (tmp_path / "swagger-ui").mkdir()
    (tmp_path / "swagger-ui" / "swagger-ui-bundle.js").write_text("//", encoding="utf-8")
    app = create_app(Settings(database_url=database_url, frontend_dist=tmp_path))
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        index = await http.get("/")
        deep_link = await http.get("/measures/12")
        asset = await http.get("/assets/app-1234.js")
        unknown_api = await http.get("/api/v1/nothing-here")
        docs = await http.get("/docs")
    assert index.status_code == 200 and "<title>Uplift</title>" in index.text
    assert deep_link.status_code == 200 and deep_link.text == index.text
    assert "immutable" in asset.headers["cache-control"]
    assert unknown_api.status_code == 404
    assert unknown_api.headers["content-type"] == "application/problem+json"
    assert '"/swagger-ui/swagger-ui-bundle.js"' in docs.text  # no CDN needed


async def test_a_wrong_method_under_the_api_is_405_with_allow_beside_the_app(
    tmp_path: Path, database_url: str
) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>Uplift</title>", encoding="utf-8")
    app = create_app(Settings(database_url=database_url, frontend_dist=tmp_path))
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://testserver") as http:
        on_list = await http.delete("/api/v1/plans", headers={"Accept-Language": "en"})
        on_plan = await http.put("/api/v1/plans/1")
        deep_link = await http.get("/plans/1")
    assert on_list.status_code == 405
    assert on_list.headers["content-type"] == "application/problem+json"
    assert on_list.headers["allow"] == "GET, HEAD, POST"
    assert on_list.json()["detail"] == "/api/v1/plans does not accept DELETE"
    assert on_plan.status_code == 405 and on_plan.headers["allow"] == "GET, HEAD, PATCH, DELETE"
    assert deep_link.status_code == 200 and "<title>Uplift</title>" in deep_link.text


async def test_a_missing_asset_is_not_found_rather_than_the_app(
    tmp_path: Path, database_url: str
) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Uplift</title>", encoding="utf-8")
    app = create_app(Settings(database_url=database_url, frontend_dist=tmp_path))
    transport = ASGITransport(app=app)
    async with AsyncClient(transport=transport, base_url="http://testserver") as http:
        stale = await http.get("/assets/app-from-the-last-release.js")
    assert stale.status_code == 404
    assert "immutable" not in stale.headers.get("cache-control", "")
    assert "<title>Uplift</title>" not in stale.text

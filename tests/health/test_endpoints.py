from httpx import ASGITransport, AsyncClient

from uplift.config import Settings
from uplift.main import create_app


async def test_healthy_when_the_database_answers(client: AsyncClient) -> None:
    response = await client.get("/api/v1/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_503_problem_when_the_database_is_unreachable() -> None:
    # Nothing listens on port 1: the connection is refused at once.
    app = create_app(Settings(database_url="postgresql://nobody@127.0.0.1:1/none"))
    async with app.router.lifespan_context(app):
        transport = ASGITransport(app=app, raise_app_exceptions=False)
        async with AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/api/v1/healthz", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "The database does not answer"


async def test_credentials_are_not_read(client: AsyncClient) -> None:
    """A load balancer's probe sends none, and a stale token on it is not an outage."""
    for headers in ({"Authorization": "Bearer upl_revoked-or-made-up"}, {"Authorization": "x"}):
        response = await client.get("/api/v1/healthz", headers=headers)
        assert response.status_code == 200


def test_the_contract_asks_for_no_credentials() -> None:
    operation = create_app(Settings()).openapi()["paths"]["/api/v1/healthz"]["get"]
    assert operation["security"] == [{}]
    assert "401" not in operation["responses"]

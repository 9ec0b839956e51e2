"""The ``uplift`` command: database, seed data and the server."""

import asyncio
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from uplift.config import get_settings
from uplift.kit import migrations
from uplift.kit.db import create_engine, create_sessionmaker
from uplift.seed.loader import BUILT_IN, load, read_seed_file

app = typer.Typer(
    help="Uplift: service-efficiency improvement plans.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db, name="db")


@db.command()
def upgrade(revision: str = "head") -> None:
    """Migrate the database up to REVISION (default: the newest)."""
    migrations.upgrade(revision=revision)
    typer.echo(f"database at {revision}")


@db.command()
def downgrade(revision: str = "-1") -> None:
    """Migrate the database down to REVISION (default: one step)."""
    migrations.downgrade(revision=revision)
    typer.echo(f"database at {revision}")


@db.command()
def check() -> None:
    """Fail when the models and the migrations disagree."""
    migrations.check()
    typer.echo("models and migrations agree")


@app.command()
def seed(
    file: Annotated[
        Path, typer.Option(help="A data file (YAML); default: the built-in 107 plan.")
    ] = BUILT_IN,
) -> None:
    """Load organisations and plans from a data file. Loading twice changes nothing."""
    data = read_seed_file(file)

    async def run() -> None:
        engine = create_engine(get_settings().database_url)
        try:
            async with create_sessionmaker(engine).begin() as session:
                report = await load(session, data)
        finally:
            await engine.dispose()
        typer.echo(
            f"organisations: {report.organizations_created} created, "
            f"{report.organizations_updated} updated; "
            f"plans created: {', '.join(report.plans_created) or 'none'}; "
            f"already there: {', '.join(report.plans_skipped) or 'none'}"
        )

    asyncio.run(run())


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    reload: bool = False,
) -> None:
    """Serve the API and the web app on one port."""
    uvicorn.run(
        "uplift.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
    )


@app.command()
def openapi(
    output: Annotated[Path, typer.Option(help="Where to write it.")] = Path("openapi/openapi.json"),
) -> None:
    """Write the OpenAPI document, the contract the frontend's types are generated from."""
    from uplift.main import create_app, openapi_json

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(openapi_json(create_app()), encoding="utf-8")
    typer.echo(f"wrote {output}")

"""Alembic, driven from code: the schema changes only through migrations/."""

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from uplift.config import get_settings
from uplift.kit.db import ensure_sqlite_directory
from uplift.kit.db_url import sync_url


def alembic_config(database_url: str | None = None) -> Config:
    settings = get_settings()
    url = database_url or settings.database_url
    ensure_sqlite_directory(url)
    config = Config()
    config.set_main_option("script_location", str(settings.migrations_dir))
    config.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", sync_url(url).render_as_string(hide_password=False))
    # New revisions come out linted and formatted, as the rest of the code.
    ruff = str(Path(sys.executable).with_name("ruff"))
    config.set_section_option("post_write_hooks", "hooks", "fix, format")
    for hook, options in (("fix", "check --fix --quiet"), ("format", "format --quiet")):
        config.set_section_option("post_write_hooks", f"{hook}.type", "exec")
        config.set_section_option("post_write_hooks", f"{hook}.executable", ruff)
        config.set_section_option(
            "post_write_hooks", f"{hook}.options", f"{options} REVISION_SCRIPT_FILENAME"
        )
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def check(database_url: str | None = None) -> None:
    """Raise when the models and the migrations disagree."""
    command.check(alembic_config(database_url))


def revision(message: str, database_url: str | None = None) -> None:
    command.revision(alembic_config(database_url), message=message, autogenerate=True)

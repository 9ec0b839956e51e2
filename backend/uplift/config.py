"""Settings read from the environment (prefix ``UPLIFT_``)."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from uplift.kit.db_url import async_url

DEFAULT_DATABASE = Path("var") / "uplift.db"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UPLIFT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    # Where the built single-page app lives; served at / when present.
    frontend_dist: Path = _PROJECT_ROOT / "frontend" / "dist"
    # Alembic's scripts; a packaged install (Docker) points this at its copy.
    migrations_dir: Path = _PROJECT_ROOT / "migrations"

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        async_url(value)  # raises ValueError on a URL we cannot serve
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()

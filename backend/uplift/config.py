"""Settings read from the environment (prefix ``UPLIFT_``)."""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, Request
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from uplift.kit.db_url import async_url

DEFAULT_DATABASE = Path("var") / "uplift.db"
# A development placeholder; the app refuses to start in production while it is in use.
DEFAULT_SECRET = "dev-secret-change-me"
_PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="UPLIFT_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{DEFAULT_DATABASE}"
    # Where the built single-page app lives; served at / when present.
    frontend_dist: Path = _PROJECT_ROOT / "frontend" / "dist"
    # Alembic's scripts; a packaged install (Docker) points this at its copy.
    migrations_dir: Path = _PROJECT_ROOT / "migrations"

    # Peppers the hashes of API tokens and session cookies.
    secret_key: str = DEFAULT_SECRET
    session_hours: int = 12
    # Failed sign-ins allowed in the window before 429: for one account from one address
    # (so a stranger elsewhere cannot lock its owner out), and from one address in all.
    login_failures_per_account: int = 5
    login_failures_per_address: int = 20
    login_window_minutes: int = 15
    # Reverse proxies whose X-Forwarded-For is believed: IPs or CIDRs, comma-separated.
    # Empty: the peer's own address is the client's, whatever the header claims.
    trusted_proxies: Annotated[list[IPv4Network | IPv6Network], NoDecode] = []

    # Connections per worker: pool_size kept open (as many as the requests one worker serves
    # at once, so none is opened and closed per request under load), max_overflow more in a
    # burst; a request that waits database_pool_timeout_seconds for one answers 503 with
    # Retry-After. A connection is replaced after database_pool_recycle_seconds, before a
    # proxy or firewall between here and PostgreSQL drops it unannounced.
    database_pool_size: int = Field(16, ge=1)
    database_max_overflow: int = Field(4, ge=0)
    database_pool_timeout_seconds: float = Field(5.0, gt=0)
    database_pool_recycle_seconds: int = Field(1800, ge=1)

    # Measures and pages of the measures list kept in each worker's memory, by every plan's
    # content version (plans/page_cache.py), up to this many bytes of answers; 0 keeps none.
    page_cache_bytes: int = Field(32 * 1024 * 1024, ge=0, le=1024 * 1024 * 1024)

    # Request bodies are refused with 413 past this size, counted as they arrive; a JSON
    # write is a few kB. The plan import has its own, import_max_bytes, below.
    max_body_bytes: int = Field(1024 * 1024, ge=1024)

    # Exports an anonymous address may ask for per window before 429: building a workbook
    # costs the server about a hundred times a page of JSON; a person clicks a few.
    exports_per_window: int = Field(30, ge=1)
    export_window_seconds: int = Field(60, ge=1)

    # What one plan import (POST /plans/import) may cost; beyond any of these it is refused
    # before it is read further. The 107 plan is 30 kB as a workbook, 200 rows, 2,500 cells.
    import_max_bytes: int = Field(10 * 1024 * 1024, ge=1)
    import_max_uncompressed_bytes: int = Field(50 * 1024 * 1024, ge=1)  # an .xlsx unzipped
    import_max_compression_ratio: int = Field(100, ge=1)  # per part of the .xlsx
    import_max_rows: int = Field(10_000, ge=2)  # per sheet, header included
    import_max_columns: int = Field(50, ge=11)  # the widest sheet has 11 of ours
    import_max_cells: int = Field(50_000, ge=1)  # filled cells, or values in a JSON file
    import_max_depth: int = Field(32, ge=12)  # JSON nesting; a plan needs 11 levels

    # Uploaded files (evidence of progress, result reports) live here, named by their
    # SHA-256 (kit/storage.py); back it up with the database.
    storage_dir: Path = Path("var") / "storage"
    # An evidence file's size limit; its upload route's body may be this plus the form's
    # overhead (UPLOAD_OVERHEAD_BYTES), where every other write keeps max_body_bytes.
    evidence_max_bytes: int = Field(20 * 1024 * 1024, ge=1024)

    # How long an Idempotency-Key's answer is kept for a retried POST. Enterprises' systems
    # report monthly and may retry a failed batch late, so it outlives one reporting period.
    idempotency_key_days: int = Field(35, ge=35)

    # The outbox (kit/outbox.py): a failing job is retried after backoff × 2^(attempt−1)
    # seconds, and is dead after max_attempts; `uplift worker` looks for due jobs this often.
    outbox_max_attempts: int = Field(5, ge=1)
    outbox_backoff_seconds: int = Field(30, ge=1)
    worker_poll_seconds: float = Field(2.0, gt=0)
    # On SQLite the server runs the outbox's jobs itself (a background task beside the
    # requests), so `make run` delivers with no other process; off, only `uplift worker` does.
    # On PostgreSQL jobs are procrastinate's, run by `uplift worker` (kit/queue.py).
    jobs_in_process: bool = True
    # `uplift worker` on PostgreSQL: jobs one worker runs at once; how often it says it is
    # alive; and how long a silent worker is presumed dead, its jobs handed out again.
    worker_concurrency: int = Field(8, ge=1, le=100)
    worker_heartbeat_seconds: float = Field(10.0, gt=0)
    worker_stalled_seconds: float = Field(60.0, gt=0)

    # Where links in e-mails point: the address people open Uplift at.
    public_url: str = Field("http://127.0.0.1:8000", max_length=200)
    # E-mail (deliveries/email.py) goes through this SMTP server. smtp_security: "starttls"
    # upgrades a plain connection (port 587), "tls" connects over TLS (port 465), "none" for
    # a relay on the same host only. Empty smtp_host: e-mail deliveries fail, each with that
    # reason, and wait for an administrator to replay them once a server is set.
    smtp_host: str = Field("", max_length=253)
    smtp_port: int = Field(587, ge=1, le=65535)
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    # A CA bundle (PEM) to check the SMTP server's certificate with, for a server whose
    # certificate an internal CA signed; None: the system's trusted CAs.
    smtp_ca_file: Path | None = None
    smtp_username: str = Field("", max_length=200)
    smtp_password: str = Field("", max_length=200)
    mail_from: str = Field("Uplift <uplift@localhost>", max_length=254)
    # A delivery (e-mail or webhook) waits this long for its receiver, is retried after
    # backoff × 2^(attempt−1) seconds (capped at a day), and is dead after max_attempts.
    delivery_timeout_seconds: float = Field(10.0, gt=0, le=120)
    delivery_max_attempts: int = Field(8, ge=1, le=50)
    delivery_backoff_seconds: int = Field(60, ge=1)
    # Reminders (notifications/reminders.py): besides on the day and once overdue (then weekly),
    # a follow-up's enterprise hears of it this many working days before its deadline.
    reminder_working_days_before: list[int] = Field([5, 1], max_length=5)

    @field_validator("reminder_working_days_before")
    @classmethod
    def _distinct_positive(cls, days: list[int]) -> list[int]:
        if any(not 1 <= day <= 60 for day in days):
            raise ValueError("each must be 1 to 60 working days")
        return sorted(set(days), reverse=True)

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @model_validator(mode="after")
    def _safe_in_production(self) -> "Settings":
        if self.production and (self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32):
            raise ValueError(
                "UPLIFT_SECRET_KEY must be set to a random value of 32+ characters in production"
            )
        return self

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _proxy_networks(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        return [ip_network(part) if isinstance(part, str) else part for part in value]

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        async_url(value)  # raises ValueError on a URL we cannot serve
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()


async def app_settings(request: Request) -> Settings:
    """The settings the running app was created with (tests create apps with their own).
    Async, as every dependency here: FastAPI runs a plain `def` one in a thread per request."""
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(app_settings)]

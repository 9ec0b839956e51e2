"""The base's e-mail sender against a real SMTP server on loopback (aiosmtpd): the
configured From, a text/plain part (and HTML when given), zh-TW intact, AUTH when
credentials are set, STARTTLS and TLS checked against the configured CA, and a refusal
recorded as a failed try with its reply code."""

import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.deliveries.conftest import run_jobs
from tests.fixtures.smtp import SmtpServer, send_to, smtp_server
from uplift.config import get_settings
from uplift.deliveries import queries, service
from uplift.models import Delivery, DeliveryStatus

Maker = async_sessionmaker[AsyncSession]
PLAIN_AUTH = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
FROM = "國營會考核系統 <uplift@moea.example.gov.tw>"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"uplift", b"s3cret")
    return AuthResult(success=ok, handled=False)  # a refusal: aiosmtpd answers 535


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    with smtp_server() as server:
        send_to(monkeypatch, server, UPLIFT_MAIL_FROM=FROM)
        yield server


@pytest.fixture
def smtp_with_auth(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    # Plain AUTH without TLS: a test on loopback only (aiosmtpd warns of it).
    options = {"authenticator": _authenticator, "auth_required": True, "auth_require_tls": False}
    with smtp_server(**options) as server:
        send_to(monkeypatch, server, UPLIFT_MAIL_FROM=FROM)
        yield server


async def _mail(session: AsyncSession, html: str | None = None) -> Delivery:
    delivery = await service.queue_email(
        session,
        key=f"test:mail:{html is not None}",
        kind="reminder.due",
        to="contact@taipower.example.com.tw",
        subject="管考事項今日到期 / A follow-up is due today",
        text="您好：建議事項 1 今日到期。\n\nDear contact, recommendation 1 is due today.",
        html=html,
    )
    assert delivery is not None
    return delivery


async def _state(session: AsyncSession, delivery: Delivery) -> tuple[DeliveryStatus, list[Any]]:
    row = await session.get_one(Delivery, delivery.id, populate_existing=True)
    attempts = await queries.attempts_of(session, delivery.id)
    return row.status, [(a.ok, a.status_code, a.error) for a in attempts]


async def test_a_plain_text_e_mail_reaches_the_server(
    session: AsyncSession, worker_sessions: Maker, smtp: SmtpServer
) -> None:
    delivery = await _mail(session)
    assert await run_jobs(worker_sessions) == 1
    [message] = smtp.messages
    assert smtp.envelopes[0][1] == ["contact@taipower.example.com.tw"]
    assert message["From"] == FROM
    assert message["Subject"] == "管考事項今日到期 / A follow-up is due today"
    assert message["Message-ID"] == f"<{delivery.message_id}@moea.example.gov.tw>"
    assert message.get_content_type() == "text/plain"
    assert "建議事項 1 今日到期" in message.get_content()
    assert await _state(session, delivery) == (DeliveryStatus.delivered, [(True, 250, None)])


async def test_html_goes_as_an_alternative_to_the_text(
    session: AsyncSession, worker_sessions: Maker, smtp: SmtpServer
) -> None:
    await _mail(session, html="<p>建議事項 1 今日到期</p>")
    await run_jobs(worker_sessions)
    [message] = smtp.messages
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
    assert "建議事項 1 今日到期" in parts["text/plain"]
    assert parts["text/html"].strip() == "<p>建議事項 1 今日到期</p>"


@PLAIN_AUTH
@pytest.mark.parametrize(
    ("password", "status", "code", "received"),
    [("s3cret", DeliveryStatus.delivered, 250, 1), ("wrong", DeliveryStatus.pending, 535, 0)],
)
async def test_credentials_are_sent_when_set_and_a_refusal_is_a_failed_try_with_its_code(
    session: AsyncSession,
    worker_sessions: Maker,
    smtp_with_auth: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
    password: str,
    status: DeliveryStatus,
    code: int,
    received: int,
) -> None:
    monkeypatch.setenv("UPLIFT_SMTP_USERNAME", "uplift")
    monkeypatch.setenv("UPLIFT_SMTP_PASSWORD", password)
    get_settings.cache_clear()
    delivery = await _mail(session)
    await run_jobs(worker_sessions)
    found, [(ok, replied, error)] = await _state(session, delivery)
    assert (found, ok, replied, len(smtp_with_auth.messages)) == (
        status,
        code == 250,
        code,
        received,
    )
    assert error is None if ok else error.startswith("SMTP 535")


async def test_without_a_server_the_try_fails_saying_so(
    session: AsyncSession, worker_sessions: Maker
) -> None:
    delivery = await _mail(session)
    await run_jobs(worker_sessions)
    assert await _state(session, delivery) == (
        DeliveryStatus.pending,
        [(False, None, "no SMTP server is set (UPLIFT_SMTP_HOST)")],
    )


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    """A certificate authority of the test's own, as an internal CA would be."""
    return trustme.CA()


def _tls_options(ca: trustme.CA, security: str) -> dict[str, Any]:
    """aiosmtpd's options for a server whose certificate (for 127.0.0.1) `ca` signed:
    STARTTLS required on a plain connection, or TLS from the first byte."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    if security == "starttls":
        return {"tls_context": context, "require_starttls": True}
    return {"ssl_context": context}


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_starttls_and_tls_reach_a_server_whose_certificate_the_configured_ca_signed(
    session: AsyncSession,
    worker_sessions: Maker,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ca: trustme.CA,
    security: str,
) -> None:
    bundle = tmp_path / "internal-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    with smtp_server(**_tls_options(ca, security)) as server:
        settings = {"UPLIFT_SMTP_SECURITY": security, "UPLIFT_SMTP_CA_FILE": str(bundle)}
        send_to(monkeypatch, server, UPLIFT_MAIL_FROM=FROM, **settings)
        delivery = await _mail(session)
        await run_jobs(worker_sessions)
        [message] = server.messages
    assert message["Message-ID"] == f"<{delivery.message_id}@moea.example.gov.tw>"
    assert await _state(session, delivery) == (DeliveryStatus.delivered, [(True, 250, None)])


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_a_server_certificate_no_trusted_ca_signed_fails_the_try_and_sends_nothing(
    session: AsyncSession,
    worker_sessions: Maker,
    monkeypatch: pytest.MonkeyPatch,
    ca: trustme.CA,
    security: str,
) -> None:
    with smtp_server(**_tls_options(ca, security)) as server:
        send_to(monkeypatch, server, UPLIFT_MAIL_FROM=FROM, UPLIFT_SMTP_SECURITY=security)
        delivery = await _mail(session)
        await run_jobs(worker_sessions)
        received = list(server.messages)
    status, [(ok, _, error)] = await _state(session, delivery)
    assert (received, status, ok) == ([], DeliveryStatus.pending, False)
    assert "CERTIFICATE_VERIFY_FAILED" in error

"""The base's e-mail sender against a real SMTP server on loopback (aiosmtpd): the
configured From, a text/plain part (and HTML when given), zh-TW intact, AUTH when
credentials are set, and a refusal recorded as a failed try with its reply code."""

from collections.abc import Iterator
from typing import Any

import pytest
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

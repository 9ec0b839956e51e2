"""The notifications' background work: the reminder sweep as an outbox task (the queue
schedules it; `uplift reminders sweep` runs it by hand), and the event handler that writes
in-app notifications (imported here so a worker that runs these tasks registers it)."""

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from uplift.config import get_settings
from uplift.kit import outbox
from uplift.kit.clock import today_in_taipei
from uplift.notifications import handlers
from uplift.notifications.reminders import MAIL, mail_reminders, sweep

SWEEP = "reminders.sweep"
__all__ = ["MAIL", "SWEEP", "handlers", "mail", "run_sweep"]


@outbox.task(SWEEP)
async def run_sweep(session: AsyncSession, payload: dict[str, Any]) -> None:
    """payload {"today": "YYYY-MM-DD"} sweeps as of that day; none: today in Taipei."""
    given = payload.get("today")
    today = date.fromisoformat(given) if isinstance(given, str) else today_in_taipei()
    await sweep(session, today, get_settings())


@outbox.task(MAIL)
async def mail(session: AsyncSession, payload: dict[str, Any]) -> None:
    """payload {"organization_id", "day"}: e-mail the reminders the sweep sent that day."""
    day = date.fromisoformat(payload["day"])
    await mail_reminders(session, payload["organization_id"], day, get_settings())

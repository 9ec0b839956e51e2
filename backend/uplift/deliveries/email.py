"""Sending one e-mail over SMTP (aiosmtplib), as the settings say (config.py: smtp_*)."""

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from uplift.config import Settings
from uplift.deliveries.errors import DeliveryFailed
from uplift.models import Delivery


def message_of(delivery: Delivery, settings: Settings) -> EmailMessage:
    """The e-mail a delivery stands for: a plain-text part, and an HTML one when given."""
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = delivery.recipient
    message["Subject"] = delivery.content["subject"]
    message["Date"] = formatdate(localtime=False)
    domain = settings.mail_from.rpartition("@")[2].rstrip(">") or "localhost"
    message["Message-ID"] = f"<{delivery.message_id}@{domain}>"
    message.set_content(delivery.content["text"])
    if delivery.content.get("html"):
        message.add_alternative(delivery.content["html"], subtype="html")
    return message


async def send_email(delivery: Delivery, settings: Settings, secret: str | None = None) -> int:
    """Hand the e-mail to the SMTP server; its reply code, or DeliveryFailed."""
    if not settings.smtp_host:
        raise DeliveryFailed("no SMTP server is set (UPLIFT_SMTP_HOST)")
    try:
        await aiosmtplib.send(
            message_of(delivery, settings),
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            use_tls=settings.smtp_security == "tls",
            start_tls=settings.smtp_security == "starttls",
            cert_bundle=str(settings.smtp_ca_file) if settings.smtp_ca_file else None,
            username=settings.smtp_username or None,
            password=settings.smtp_password or None,
            timeout=settings.delivery_timeout_seconds,
        )
    except aiosmtplib.SMTPResponseException as error:
        raise DeliveryFailed(f"SMTP {error.code}: {error.message}", error.code) from error
    except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
        raise DeliveryFailed(f"{type(error).__name__}: {error}") from error
    return 250  # accepted for delivery (aiosmtplib raises on any other reply)

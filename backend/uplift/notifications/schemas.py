"""What the notification routes read and write: contacts, a user's notification settings,
in-app notifications."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field, StrictBool, field_validator

from uplift.kit.pagination import KeysetPage, Page
from uplift.kit.patch import Patch, not_null
from uplift.kit.schema import Schema
from uplift.models import DigestFrequency, Language

# Deliberately plain: a local part, an @, a domain with a dot; no spaces, no NUL. The SMTP
# server is the final judge of an address, this only keeps typing mistakes out.
EMAIL_PATTERN = r"^[^\s@\x00]{1,64}@[^\s@\x00]+\.[^\s@\x00]+$"


def _folded(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


class ContactCreate(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=r"^[^\x00]*$")
    email: str = Field(max_length=254, pattern=EMAIL_PATTERN, description="Stored case-folded.")
    language: Language = Language.zh_tw
    receives_reminders: StrictBool = True
    is_active: StrictBool = True

    _fold = field_validator("email", mode="before")(_folded)


class ContactUpdate(Patch):
    name: str = not_null(min_length=1, max_length=100, pattern=r"^[^\x00]*$")
    email: str = not_null(max_length=254, pattern=EMAIL_PATTERN)
    language: Language = not_null()
    receives_reminders: StrictBool = not_null()
    is_active: StrictBool = not_null()

    _fold = field_validator("email", mode="before")(_folded)


class Contact(Schema):
    id: int
    organization_id: int
    name: str
    email: str
    language: Language
    receives_reminders: bool
    is_active: bool
    created_at: datetime
    updated_at: datetime


class ContactPage(Page[Contact]):
    pass


class NotificationSettings(Schema):
    """How the signed-in user hears of things: the e-mail address digests go to, and how
    often a reviewer's digest of what awaits their decision comes."""

    email: str | None
    digest_frequency: DigestFrequency
    receives_digest: bool = Field(
        description="Whether this account is sent a digest at all (reviewers with an e-mail)."
    )


class NotificationSettingsUpdate(Patch):
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)
    digest_frequency: DigestFrequency = not_null()

    _fold = field_validator("email", mode="before")(_folded)


class Notification(Schema):
    id: int
    kind: str = Field(description="An event kind (finding.issued…) or reminder.<stage>.")
    object_type: str
    object_id: int
    organization_id: int | None
    payload: dict[str, Any]
    title_zh: str
    title_en: str
    link: str = Field(description="Where in the web app the notification leads.")
    created_at: datetime
    read_at: datetime | None


class NotificationPage(KeysetPage[Notification]):
    pass


class UnreadCount(BaseModel):
    unread: int


class ReadAll(BaseModel):
    marked: int = Field(description="How many notifications this marked read.")

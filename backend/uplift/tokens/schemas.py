from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from uplift.kit.bounds import Text, Timestamp
from uplift.kit.pagination import Page
from uplift.kit.schema import Schema
from uplift.models import Role
from uplift.organizations.schemas import OrganizationRef


class TokenCreate(BaseModel):
    name: Text = Field(min_length=1, max_length=100, description="What uses it, e.g. 營業處系統")
    scopes: list[Annotated[Text, Field(max_length=64)]] = Field(
        min_length=1, max_length=32, examples=[["progress:write", "plans:read"]]
    )
    organization: Text | None = Field(
        None,
        max_length=64,
        description="Organisation code it acts for; a reporter's tokens default to its own.",
    )
    expires_at: Timestamp | None = Field(None, description="When it stops working (ISO 8601).")


class ApiToken(Schema):
    """A token as lists show it: never the secret."""

    id: int
    name: str
    prefix: str
    scopes: list[str]
    role: Role
    organization: OrganizationRef | None
    created_by_id: int
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class NewApiToken(ApiToken):
    token: str = Field(description="The secret: shown this once, stored only as a hash.")


class ApiTokenPage(Page[ApiToken]):
    pass

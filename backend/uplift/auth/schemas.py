from typing import Literal

from pydantic import BaseModel, Field

from uplift.kit.bounds import Text
from uplift.kit.schema import Schema
from uplift.models import Role
from uplift.organizations.schemas import OrganizationRef


class LoginRequest(BaseModel):
    username: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=200)


class Me(Schema):
    """The subject of this request."""

    id: int
    username: str
    display_name: str
    role: Role
    organization: OrganizationRef | None
    scopes: list[str]
    via: Literal["session", "token"]
    csrf_token: str | None = Field(
        None, description="Send it as X-CSRF-Token on every change made with the session."
    )

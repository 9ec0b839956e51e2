from datetime import datetime

from pydantic import BaseModel, Field, StrictBool

from uplift.auth.passwords import MIN_LENGTH
from uplift.kit.bounds import Text
from uplift.kit.pagination import Page
from uplift.kit.patch import Patch, not_null
from uplift.kit.schema import Schema
from uplift.models import Role
from uplift.organizations.schemas import OrganizationRef

USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._@-]{2,63}$"


class UserCreate(BaseModel):
    # str, not Text: a field holds one pattern, and this one already leaves NUL out.
    username: str = Field(pattern=USERNAME_PATTERN, description="3–64 letters, digits, . _ @ -")
    display_name: Text = Field(min_length=1, max_length=100)
    password: Text = Field(min_length=MIN_LENGTH, max_length=200)
    role: Role
    organization: Text | None = Field(
        None, max_length=64, description="Organisation code; required for enterprise reporters."
    )


class UserUpdate(Patch):
    """Only the fields sent change; `organization: null` takes the user out of theirs."""

    display_name: Text = not_null(min_length=1, max_length=100)
    role: Role = not_null()
    organization: Text | None = Field(None, max_length=64)
    is_active: StrictBool = not_null()  # 0 or "yes" is a mistake, not a false


class PasswordReset(BaseModel):
    password: Text = Field(min_length=MIN_LENGTH, max_length=200)


class User(Schema):
    id: int
    username: str
    display_name: str
    role: Role
    organization: OrganizationRef | None
    is_active: bool
    created_at: datetime
    updated_at: datetime


class UserPage(Page[User]):
    pass

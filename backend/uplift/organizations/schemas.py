from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from uplift.kit.bounds import Text
from uplift.kit.pagination import Page
from uplift.kit.patch import Patch, not_null
from uplift.kit.schema import Schema
from uplift.models import OrganizationKind

OrganizationCode = Annotated[Text, Field(max_length=64)]
"""An organisation's code, as a caller names it in a body or query."""


class OrganizationRef(Schema):
    """An organisation as other resources mention it."""

    id: int
    code: str
    kind: OrganizationKind
    name_zh: str
    name_en: str
    short_name_zh: str
    short_name_en: str


class Organization(OrganizationRef):
    parent_id: int | None
    position: int


class OrganizationPage(Page[Organization]):
    pass


CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$"


class UnitCreate(BaseModel):
    """A unit (各區營業處, 各區管理處…) under an enterprise: it reports to that head office."""

    model_config = ConfigDict(extra="forbid")

    # str, not Text: a field holds one pattern, and this one already leaves NUL out.
    code: str = Field(pattern=CODE_PATTERN, description="2–64 letters, digits, . _ -; unique.")
    parent: OrganizationCode = Field(description="The enterprise's code (its head office).")
    name_zh: Text = Field(min_length=1, max_length=200)
    name_en: Text = Field(min_length=1, max_length=200)
    short_name_zh: Text = Field(min_length=1, max_length=100)
    short_name_en: Text = Field(min_length=1, max_length=100)
    position: int | None = Field(
        None, ge=0, le=10_000, description="Its place among its siblings; default: last."
    )


class OrganizationUpdate(Patch):
    """A rename: only the fields sent change; none of them may be null."""

    model_config = ConfigDict(extra="forbid")

    name_zh: Text = not_null(min_length=1, max_length=200)
    name_en: Text = not_null(min_length=1, max_length=200)
    short_name_zh: Text = not_null(min_length=1, max_length=100)
    short_name_en: Text = not_null(min_length=1, max_length=100)
    position: int = not_null(ge=0, le=10_000)

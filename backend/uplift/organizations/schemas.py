from typing import Annotated

from pydantic import Field

from uplift.kit.bounds import Text
from uplift.kit.pagination import Page
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

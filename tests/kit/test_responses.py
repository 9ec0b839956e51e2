"""An answer built from plain rows reads exactly like one built from a schema."""

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from uplift.kit.responses import encode_json, json_response


class Status(StrEnum):
    draft = "draft"


class Owner(BaseModel):
    code: str
    name: str


class Row(BaseModel):
    id: int
    title: str
    status: Status
    due: date | None
    changed_at: datetime
    share: Decimal
    owners: list[Owner]
    note: str | None


def test_plain_data_encodes_to_the_same_bytes_as_its_schema() -> None:
    data = {
        "id": 7,
        "title": "電子發票 e-invoice",
        "status": Status.draft,
        "due": date(2026, 12, 31),
        "changed_at": datetime(2026, 11, 27, 10, 0, 5, 123456, tzinfo=UTC),
        "share": Decimal("12.50"),
        "owners": [{"code": "TAIPOWER", "name": "台電"}],
        "note": None,
    }
    assert encode_json(data) == encode_json(Row.model_validate(data))


def test_a_json_response_of_plain_data_is_compact_utf8_json() -> None:
    response = json_response({"name": "台灣自來水", "items": [1, 2]}, status_code=201)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    assert bytes(response.body) == '{"name":"台灣自來水","items":[1,2]}'.encode()

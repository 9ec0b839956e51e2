"""PATCH means one thing in every domain: a field left out stays as it is, `null` clears a
field that may be empty, and a field that may not be empty refuses `null` with a 422 naming
it, before anything is read or locked.

A PATCH body subclasses `Patch` and says which is which by its types: `Text | None = None`
may be cleared; `Text = not_null(...)` may be left out but never sent as null (pydantic
refuses a null for a plain `Text`, while an absent field keeps its unvalidated default). The
service reads only `changes()`, what was sent.
"""

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def not_null(**constraints: Any) -> Any:
    """A PATCH field that may be left out but not sent as null; `constraints` as for Field.
    (Typed Any: its default is a placeholder that never reaches the service.)"""
    return Field(None, **constraints)


def _no_null_default_where_null_is_refused(schema: dict[str, Any]) -> None:
    """The OpenAPI says what may be sent: a field that refuses null shows no `null` default."""
    for field in schema.get("properties", {}).values():
        nullable = any(option.get("type") == "null" for option in field.get("anyOf", []))
        if field.get("default", 0) is None and not nullable:
            del field["default"]


class Patch(BaseModel):
    model_config = ConfigDict(json_schema_extra=_no_null_default_where_null_is_refused)

    def changes(self) -> dict[str, Any]:
        """The fields sent, with their values (a None among them clears that field)."""
        return self.model_dump(exclude_unset=True)

"""If-Match on writes, declared once: a route that changes something existing asks for
`IfMatchDep`, and that one parameter both puts the header in the OpenAPI (and the contract
its 412 and 428) and checks it against the resource as it stands.

The check is the write's third step, after the lock and the editable check (see README,
"One way to write"): what it compares against must be what the next reader would see, so it
runs on the representation read under the lock, never on something read before it.
"""

from typing import Annotated

from fastapi import Depends, Header
from fastapi.dependencies.models import Dependant
from pydantic import BaseModel

from uplift.kit.errors import UpliftError
from uplift.kit.responses import etag_for, json_response


class PreconditionRequiredError(UpliftError):
    status = 428
    slug = "precondition-required"


class PreconditionFailedError(UpliftError):
    status = 412
    slug = "precondition-failed"


def etag_of(representation: BaseModel) -> str:
    """The ETag a GET of this representation carries."""
    return etag_for(bytes(json_response(representation).body))


class IfMatch:
    """The If-Match a write was sent with, to check once the resource is locked."""

    def __init__(self, header: str | None) -> None:
        self.header = header

    def check(self, current: BaseModel) -> None:
        """428 without If-Match, 412 when it names neither `*` nor the current ETag (a list
        is any of them; a weak W/ tag compares by its opaque part)."""
        if self.header is None:
            raise PreconditionRequiredError(
                "Send If-Match with the ETag of what you read, so no change is silently lost",
                "請附上 If-Match（讀取時取得的 ETag），以免覆蓋他人的修改",
            )
        tags = [tag.strip().removeprefix("W/") for tag in self.header.split(",")]
        if "*" not in tags and etag_of(current) not in tags:
            raise PreconditionFailedError(
                "Someone changed this since you read it: reload, then apply your change again",
                "此資料在您讀取後已被他人修改，請重新載入後再修改",
            )


async def if_match(
    header: Annotated[
        str | None,
        Header(
            alias="If-Match",
            description="The ETag of what you read. Answers 428 without it and 412 when "
            "someone changed it since.",
        ),
    ] = None,
) -> IfMatch:
    # Optional in the schema on purpose: a missing header is our 428, not FastAPI's 422.
    return IfMatch(header)


IfMatchDep = Annotated[IfMatch, Depends(if_match)]


def guards_with_if_match(dependant: Dependant) -> bool:
    """Whether a route (or any dependency of it) asks for If-Match: what the contract
    documents 412 and 428 from."""
    return dependant.call is if_match or any(
        guards_with_if_match(dependency) for dependency in dependant.dependencies
    )

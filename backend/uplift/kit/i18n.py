"""Language negotiation: zh-TW first, English second."""

from typing import Literal

from starlette.requests import HTTPConnection

Language = Literal["zh-TW", "en"]
DEFAULT_LANGUAGE: Language = "zh-TW"


def negotiate(accept_language: str | None) -> Language:
    """The best of zh-TW and en for an Accept-Language header; zh-TW when nothing matches."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for negative_quality, _, tag in sorted(ranked):
        if negative_quality >= 0:
            continue
        if tag.startswith("zh"):
            return "zh-TW"
        if tag.startswith("en"):
            return "en"
    return DEFAULT_LANGUAGE


def request_language(connection: HTTPConnection) -> Language:
    return negotiate(connection.headers.get("accept-language"))

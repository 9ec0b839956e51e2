import pytest

from uplift.kit.i18n import negotiate


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh-TW"),
        ("", "zh-TW"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-TW,zh;q=0.9,en;q=0.8", "zh-TW"),
        ("zh-Hant", "zh-TW"),
        ("fr-FR, en;q=0.5", "en"),
        ("fr-FR", "zh-TW"),
        ("en;q=0.4, zh;q=0.8", "zh-TW"),
        ("zh;q=0, en", "en"),
        ("en;q=bogus, zh-TW", "zh-TW"),
    ],
)
def test_negotiates_zh_tw_first_and_english_second(header: str | None, language: str) -> None:
    assert negotiate(header) == language

import pytest
from pydantic import ValidationError

from uplift.config import Settings


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(ValidationError, match="UPLIFT_SECRET_KEY"):
        Settings(environment="production")


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="32"):
        Settings(environment="production", secret_key="too-short")


def test_production_starts_with_a_real_secret() -> None:
    settings = Settings(environment="production", secret_key="x" * 40)
    assert settings.production

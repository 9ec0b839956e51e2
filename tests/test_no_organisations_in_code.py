"""Organisations are data: the code must serve another ministry's plan tomorrow."""

import re

from tests.conftest import REPO_ROOT

NAMES = re.compile(r"台電|中油|台糖|台水|TAIPOWER|TAISUGAR|TAIWATER|\bCPC\b", re.IGNORECASE)


def test_backend_code_names_no_enterprise() -> None:
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in (REPO_ROOT / "backend").rglob("*.py")
        if NAMES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_frontend_code_names_no_enterprise() -> None:
    source = REPO_ROOT / "frontend" / "src"
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in source.rglob("*")
        if path.suffix in {".ts", ".tsx"}
        and not path.name.endswith((".test.ts", ".test.tsx", ".d.ts"))
        and NAMES.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

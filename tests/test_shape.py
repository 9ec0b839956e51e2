"""Every domain folder has the same parts, each with one job (README, "One shape for every
domain"): a new module in a domain is one of them, or is named here with the part it
belongs to, so the shape is a decision rather than an accident."""

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "backend" / "uplift"
DOMAINS = [
    "organizations", "audit", "tokens", "users", "health", "auth", "plans", "structure",
    "measures", "progress", "office_calendar", "evidence", "results", "follow_ups",
    "rounds",
    "findings", "notifications", "deliveries",
]  # fmt: skip
PARTS = {"schemas", "queries", "service", "endpoints", "auth", "flows", "tasks"}

# Modules beyond the parts, each with the part it belongs to.
NAMED = {
    "auth": {
        "subject": "who is asking (below every domain)",
        "policy": "what a route lets them call",
        "visibility": "what they may read, for every domain",
        "secrets": "service: token and session secrets",
        "passwords": "service: hashing",
    },
    "plans": {
        "adopted": "queries: what the public reads during an amendment",
        "tree": "queries: the one place a plan's tree is assembled",
        "snapshots": "queries: plan reads kept by content version, 304 from the version",
        "page_cache": "queries: measures and their pages kept in process by content versions",
        "loading": "queries: a plan's own content in a fixed number of queries",
        "publication": "service: the publication check and revision 1",
        "revisions": "service: what changed between revisions",
        "transfer": "service: the plan document in and out (JSON, workbook, import limits)",
        "document": "schemas: the plan document every import and export speaks",
    },
    "measures": {
        "adopted": "queries: measures of plans under amendment, as adopted",
    },
    "progress": {
        "periods": "service: reporting periods and the rhythm a measure's frequencies set",
        "results": "service: indicator results judged from the reports counted",
        "standing": "queries: where things stand, the matrix and a measure's progress",
        "standings": "service: each measure and owner's reports summed up, kept at every flush",
        "timeline": "queries: the plan year month by month, missing and late reports",
    },
    "evidence": {
        "sweep": "service: removing stored files nothing names (uplift storage sweep)",
    },
    "deliveries": {
        "email": "tasks: an e-mail over SMTP",
        "webhooks": "tasks: a webhook POSTed and signed (Standard Webhooks)",
        "errors": "tasks: why a try failed",
        "fanout": "service: every event to the webhook receivers that may hear of it",
    },
    "notifications": {
        "audience": "queries: who hears of a finding or follow-up (readers and contacts)",
        "handlers": "tasks: in-app notifications and e-mail for the loop's events",
        "reminders": "service: the reminder sweep and reviewers' digests",
        "templates": "schemas: the words of notifications and e-mails, zh-TW and English",
    },
    "follow_ups": {
        "deadlines": "service: working-day deadlines, and opening a follow-up on issue",
    },
}


def _modules(domain: str) -> set[str]:
    folder = PACKAGE / domain
    found = {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}
    return found | {path.name for path in folder.iterdir() if (path / "__init__.py").exists()}


def test_every_domain_module_is_a_part_or_named() -> None:
    strays = {
        domain: sorted(_modules(domain) - PARTS - NAMED.get(domain, {}).keys())
        for domain in DOMAINS
    }
    assert {domain: found for domain, found in strays.items() if found} == {}


def test_every_domain_has_its_endpoints_and_every_folder_is_a_domain() -> None:
    assert all((PACKAGE / domain / "endpoints.py").exists() for domain in DOMAINS)
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders - set(DOMAINS) == {"kit", "models", "seed"}

"""Post a batch of progress reports with an API token, then read them back.

    UPLIFT_URL=http://127.0.0.1:8000 UPLIFT_TOKEN=upl_… python post_progress.py

The token is an enterprise reporter's (scopes progress:write, progress:read, plans:read);
each report is keyed by plan year, measure key, organisation and period, so running the
script again updates the same drafts instead of adding new ones.
"""

import os
import sys
import uuid

import httpx

URL = os.environ.get("UPLIFT_URL", "http://127.0.0.1:8000") + "/api/v1"
TOKEN = os.environ["UPLIFT_TOKEN"]
ORGANIZATION = os.environ.get("UPLIFT_ORGANIZATION", "TAIWATER")
YEAR = 2018
# The period each frequency reports in; a measure reports at its finest indicator's.
PERIODS = {"monthly": "M06", "bimonthly": "B3", "quarterly": "Q2", "half_yearly": "H1"}


def period_of(measure: dict) -> str:
    indicators = measure["indicators"] + [i for s in measure["sub_items"] for i in s["indicators"]]
    for frequency, period in PERIODS.items():
        if any(indicator["frequency"] == frequency for indicator in indicators):
            return f"{YEAR}-{period}"
    return str(YEAR)  # yearly, once, or no rhythm: the year


with httpx.Client(base_url=URL, headers={"Authorization": f"Bearer {TOKEN}"}) as api:
    plan = next(p for p in api.get("/plans").json()["items"] if p["year"] == YEAR)
    measures = api.get(
        "/measures", params={"plan_id": plan["id"], "organization": ORGANIZATION, "page_size": 100}
    ).json()["items"]
    items = [
        {
            "plan_year": YEAR,
            "measure_key": measure["key"],
            "organization": ORGANIZATION,
            "period": period_of(measure),
            "external_id": f"ERP-{measure['id']}-{period_of(measure)}",
            "status": "on_track",
            "narrative": "依計畫辦理中。",
        }
        for measure in measures
    ]
    answer = api.post(
        "/progress-reports/batch",
        json={"items": items},
        headers={"Idempotency-Key": str(uuid.uuid4())},  # a retry with it stores nothing twice
        timeout=60,
    )
    answer.raise_for_status()
    print("batch:", answer.json()["summary"])

    reports, page = [], f"/progress-reports?plan_id={plan['id']}&organization={ORGANIZATION}"
    while page:  # every page, in a stable order, by each page's `next` link
        body = api.get(page).json()
        reports += body["items"]
        page = body["next"]
    print("read back:", len(reports), "reports;", reports[0]["period"], reports[0]["state"])
    sys.exit(0 if answer.json()["summary"]["rejected"] == 0 else 1)

"""A plan document as JSON, both ways: the export written out, an import read within its
limits and validated, every problem named by its JSON path."""

import json

from uplift.plans.document import PlanRecord
from uplift.plans.transfer.json_reader import read_json
from uplift.plans.transfer.limits import DEFAULT_LIMITS, ImportLimits
from uplift.plans.transfer.problems import JSON_SOURCE, validated


def json_from_plan(record: PlanRecord) -> bytes:
    return json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()


def plan_from_json(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> PlanRecord:
    """A record from a JSON document; PlanImportError lists every problem by its JSON path."""
    return validated(read_json(data, limits), JSON_SOURCE, [])

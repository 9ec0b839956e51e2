"""A plan in and out of files: everything that reads or writes the plan document
(plans/document.py, kept outside this package so the schemas and revisions that use it do
not load the readers and writers).

What the rest of the app calls is named here; each module has one job:

- export.py: a plan read from the database into a document
- builder.py: a new plan in the database from a document (seed, import, copy)
- plan_json.py, json_reader.py: the document as JSON; an untrusted JSON read within limits
- workbook_layout.py, workbook_writer.py, workbook_reader.py, sheet_rows.py: the .xlsx
- references.py: organisation codes in a document checked against the database
- limits.py, problems.py, upload.py: what an import may cost, what is wrong with one and
  where, and the file a client sends
"""

from uplift.plans.transfer.builder import add_plan
from uplift.plans.transfer.export import export_plan
from uplift.plans.transfer.plan_json import json_from_plan, plan_from_json
from uplift.plans.transfer.references import check_references
from uplift.plans.transfer.workbook_reader import plan_from_workbook, read_workbook
from uplift.plans.transfer.workbook_writer import workbook_from_plan

__all__ = [
    "add_plan",
    "check_references",
    "export_plan",
    "json_from_plan",
    "plan_from_json",
    "plan_from_workbook",
    "read_workbook",
    "workbook_from_plan",
]

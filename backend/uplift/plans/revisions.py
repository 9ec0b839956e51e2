"""Revisions of a plan and what changed between two of them.

A revision's snapshot is the plan as exported (the seed file's format, with every stable
key), so any two revisions compare entity by entity, however ids changed in between.
"""

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from uplift.plans.document import PlanRecord

Entity = Literal["plan", "dimension", "strategy", "measure", "sub_item", "indicator"]

_PLAN_FIELDS = (
    "year",
    "title",
    "report_due_date",
    "objectives",
    "core_values",
    "bases",
    "target_categories",
    "sections",
    "review_rounds",
)


class FieldChange(BaseModel):
    field: str
    before: Any
    after: Any


class Change(BaseModel):
    entity: Entity
    key: str
    change: Literal["added", "removed", "changed"]
    label: str  # where it stands, in the plan's own numbering: 一 (一) (1) 甲
    fields: list[FieldChange] = []


def _entities(
    record: PlanRecord, names: Mapping[str, str]
) -> Iterator[tuple[Entity, str, str, dict[str, Any]]]:
    """(entity, key, label, comparable fields) for everything in the plan."""
    plan = record.model_dump(mode="json")
    yield "plan", "plan", record.title, {name: plan[name] for name in _PLAN_FIELDS}
    for d_pos, dimension in enumerate(record.dimensions):
        d_label = dimension.code
        yield (
            "dimension",
            _key(dimension.key),
            d_label,
            {
                "code": dimension.code,
                "name": dimension.name,
                "position": d_pos,
            },
        )
        for s_pos, strategy in enumerate(dimension.strategies):
            s_label = f"{d_label} {strategy.code}"
            yield (
                "strategy",
                _key(strategy.key),
                s_label,
                {
                    "code": strategy.code,
                    "name": strategy.name,
                    "position": s_pos,
                    "dimension": dimension.key,
                },
            )
            for m_pos, measure in enumerate(strategy.measures):
                owners = "、".join(names.get(code, code) for code in measure.owners)
                m_label = f"{s_label} {owners} {measure.code or ''}".strip()
                yield (
                    "measure",
                    _key(measure.key),
                    m_label,
                    {
                        "code": measure.code,
                        "text": measure.text,
                        "owners": measure.owners,
                        "position": m_pos,
                        "strategy": strategy.key,
                    },
                )
                yield from _indicators(measure.indicators, m_label, measure.key)
                for i_pos, sub in enumerate(measure.sub_items):
                    i_label = f"{m_label} {sub.code or ''}".strip()
                    yield (
                        "sub_item",
                        _key(sub.key),
                        i_label,
                        {
                            "code": sub.code,
                            "text": sub.text,
                            "position": i_pos,
                            "measure": measure.key,
                        },
                    )
                    yield from _indicators(sub.indicators, i_label, sub.key)


def _indicators(
    indicators: list[Any], label: str, owner: str | None
) -> Iterator[tuple[Entity, str, str, dict[str, Any]]]:
    for position, indicator in enumerate(indicators):
        fields = indicator.model_dump(mode="json", exclude={"key"})
        yield (
            "indicator",
            _key(indicator.key),
            f"{label} {indicator.name}",
            {
                **fields,
                "position": position,
                "measure": owner,
            },
        )


def _key(key: str | None) -> str:
    if key is None:
        raise ValueError("revision snapshots carry a key for every entity")
    return key


def changes(
    before: PlanRecord, after: PlanRecord, names: Mapping[str, str] | None = None
) -> list[Change]:
    """What `after` added, removed and changed relative to `before`, in plan order; labels
    name owners by `names` (organisation code → short name) where given."""
    names = names or {}
    old = {
        (entity, key): (label, fields) for entity, key, label, fields in _entities(before, names)
    }
    found: list[Change] = []
    seen = set()
    for entity, key, label, fields in _entities(after, names):
        seen.add((entity, key))
        if (entity, key) not in old:
            found.append(
                Change(
                    entity=entity,
                    key=key,
                    change="added",
                    label=label,
                    fields=[
                        FieldChange(field=name, before=None, after=value)
                        for name, value in fields.items()
                    ],
                )
            )
            continue
        previous = old[(entity, key)][1]
        differing = [
            FieldChange(field=name, before=previous.get(name), after=value)
            for name, value in fields.items()
            if previous.get(name) != value
        ]
        if differing:
            found.append(
                Change(entity=entity, key=key, change="changed", label=label, fields=differing)
            )
    for (entity, key), (label, fields) in old.items():
        if (entity, key) not in seen:
            found.append(
                Change(
                    entity=entity,
                    key=key,
                    change="removed",
                    label=label,
                    fields=[
                        FieldChange(field=name, before=value, after=None)
                        for name, value in fields.items()
                    ],
                )
            )
    return found

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { structureWrites } from "../../../api/editor";
import type { DimensionNode } from "../../../api/types";
import { CodeNameForm } from "./CodeNameForm";
import type { Ctx } from "./context";
import { StructureFilterForm } from "./FilterForm";
import { filterTree, isFiltering, type StructureFilter } from "./filter";
import { DimensionBlock } from "./Groups";

type Base = Omit<Ctx, "groups" | "filtering">;

/**
 * Dimensions → strategies → measures, each with add, edit, move and delete while the plan may
 * change. Dimensions show closed; a filter opens every group it keeps.
 */
export function StructureEditor({ dimensions, ...base }: Base & { dimensions: readonly DimensionNode[] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [params] = useSearchParams();
  // A link to one measure opens the dimension and strategy that hold it.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => groupsHolding(dimensions, params.get("measure")));
  const [filter, setFilter] = useState<StructureFilter>({ q: "", organization: "" });
  const filtering = isFiltering(filter);
  const shown = filterTree(dimensions, filter);
  const count = shown.reduce((n, d) => n + d.strategies.reduce((m, s) => m + s.measures.length, 0), 0);
  const ctx: Ctx = {
    ...base,
    filtering,
    groups: {
      isOpen: (key) => filtering || open.has(key),
      toggle: (key) =>
        setOpen((now) => {
          const next = new Set(now);
          if (!next.delete(key)) next.add(key);
          return next;
        }),
      open: (key) => setOpen((now) => new Set(now).add(key)),
    },
  };
  const everyGroup = () => new Set(dimensions.flatMap((d) => [`d${d.id}`, ...d.strategies.map((s) => `s${s.id}`)]));
  return (
    <section aria-labelledby="structure-heading" className="structure">
      <h2 id="structure-heading">{t("editor.structure")}</h2>
      <StructureFilterForm filter={filter} onChange={setFilter} />
      <p className="structure__tools">
        <button type="button" className="button button--quiet button--small" disabled={filtering} onClick={() => setOpen(everyGroup())}>
          {t("editor.expandAll")}
        </button>
        <button type="button" className="button button--quiet button--small" disabled={filtering} onClick={() => setOpen(new Set())}>
          {t("editor.collapseAll")}
        </button>
        {filtering && (
          <span role="status" className="structure__count">
            {count === 0 ? t("editor.filterNone") : t("editor.filterCount", { count })}
          </span>
        )}
      </p>
      {dimensions.length === 0 && <p className="muted">{t("editor.empty")}</p>}
      <ol className="editor-list">
        {shown.map((d, i) => (
          <DimensionBlock key={d.id} dimension={d} index={i} count={shown.length} {...ctx} />
        ))}
      </ol>
      {ctx.editable &&
        (adding ? (
          <CodeNameForm
            legend={t("editor.addDimension")}
            onCancel={() => setAdding(false)}
            save={(body) => structureWrites.addDimension(ctx.planId, body)}
            planId={ctx.planId}
            onSaved={(created) => {
              setAdding(false);
              ctx.groups.open(`d${created.id}`);
            }}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("editor.addDimension")}
          </button>
        ))}
    </section>
  );
}

function groupsHolding(dimensions: readonly DimensionNode[], measureId: string | null): Set<string> {
  for (const d of dimensions)
    for (const s of d.strategies) if (s.measures.some((m) => String(m.id) === measureId)) return new Set([`d${d.id}`, `s${s.id}`]);
  return new Set();
}

import { useState } from "react";
import { useTranslation } from "react-i18next";
import { structureWrites } from "../../../api/editor";
import type { DimensionNode } from "../../../api/types";
import { CodeNameForm } from "./CodeNameForm";
import type { Ctx } from "./context";
import { DimensionBlock } from "./Groups";

/** Dimensions → strategies → measures, each with add, edit, move and delete while the plan may change. */
export function StructureEditor({ dimensions, ...ctx }: Ctx & { dimensions: readonly DimensionNode[] }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="structure-heading" className="structure">
      <h2 id="structure-heading">{t("editor.structure")}</h2>
      {dimensions.length === 0 && <p className="muted">{t("editor.empty")}</p>}
      <ol className="editor-list">
        {dimensions.map((d, i) => (
          <DimensionBlock key={d.id} dimension={d} index={i} count={dimensions.length} {...ctx} />
        ))}
      </ol>
      {ctx.editable &&
        (adding ? (
          <CodeNameForm
            legend={t("editor.addDimension")}
            onCancel={() => setAdding(false)}
            save={(body) => structureWrites.addDimension(ctx.planId, body)}
            planId={ctx.planId}
            onSaved={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("editor.addDimension")}
          </button>
        ))}
    </section>
  );
}

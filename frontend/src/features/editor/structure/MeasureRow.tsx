import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { measureWrites } from "../../../api/editor";
import { getMeasure } from "../../../api/measures";
import type { MeasureNode } from "../../../api/types";
import { OwnerList } from "../../../components/OwnerList";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { ConfirmDelete } from "../formParts";
import { MeasureEditor } from "../measure/MeasureEditor";
import { type Ctx, label } from "./context";
import { RowActions } from "./RowMenu";
import { useNodeActions } from "./useNodeActions";

export function MeasureRow({ measure, index, count, ...ctx }: Ctx & { measure: MeasureNode; index: number; count: number }) {
  const { t } = useTranslation();
  // The measure being edited is in the address (?measure=), so a link can open it.
  const [params, setParams] = useSearchParams();
  const editing = params.get("measure") === String(measure.id);
  const [confirming, setConfirming] = useState(false);
  const menuRef = useRef<HTMLButtonElement>(null);
  const short = measure.text.length > 24 ? `${measure.text.slice(0, 24)}…` : measure.text;
  const name = label(measure.code, short);
  const { act, busy, notice } = useNodeActions({
    planId: ctx.planId,
    shown: {
      code: measure.code,
      text: measure.text,
      position: measure.position,
      organizations: measure.organizations,
      sub_items: measure.sub_items,
      indicators: measure.indicators,
    },
    load: () => getMeasure(measure.id),
    move: (etag, position) => measureWrites.update(measure.id, etag, { position }),
    remove: (etag) => measureWrites.remove(measure.id, etag),
    onDeleted: () => ctx.onNotice(t("editor.deleted", { name })),
    describe: (m) => (
      <p lang={CONTENT_LANG}>
        {m.code && <span className="measure-code">{m.code}</span>}
        {m.text}
      </p>
    ),
  });
  return (
    <li className="editor-node editor-node--measure">
      <div className="editor-node__row">
        <p className="editor-measure" lang={CONTENT_LANG}>
          {measure.code && <span className="measure-code">{measure.code}</span>}
          <span>{measure.text}</span>
        </p>
        <OwnerList organizations={measure.organizations} />
        {ctx.editable && (
          <div className="editor-actions">
            <RowActions
              name={name}
              index={index}
              count={count}
              busy={busy}
              editing={editing}
              menuRef={menuRef}
              editHref={`?measure=${measure.id}`}
              onMove={(direction) => void act(direction)}
              onDelete={() => setConfirming(true)}
            />
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmDelete
          name={name}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act("delete").finally(() => setConfirming(false))}
        />
      )}
      {notice}
      {editing && (
        <MeasureEditor
          measureId={measure.id}
          planId={ctx.planId}
          onClose={() => {
            setParams(
              (now) => {
                now.delete("measure");
                return now;
              },
              { replace: true },
            );
            // Back to the row just edited, not to the top of the page.
            requestAnimationFrame(() => menuRef.current?.focus());
          }}
        />
      )}
    </li>
  );
}

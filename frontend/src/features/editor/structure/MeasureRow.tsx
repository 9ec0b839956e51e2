import { useState } from "react";
import { useTranslation } from "react-i18next";
import { measureWrites } from "../../../api/editor";
import { getMeasure } from "../../../api/measures";
import type { MeasureNode } from "../../../api/types";
import { OwnerList } from "../../../components/OwnerList";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { MeasureEditor } from "../MeasureEditor";
import { type Ctx, label } from "./context";
import { ConfirmDelete } from "./formParts";
import { useNodeActions } from "./useNodeActions";

export function MeasureRow({ measure, index, count, ...ctx }: Ctx & { measure: MeasureNode; index: number; count: number }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
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
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={editing}
              aria-label={t("editor.editLabel", { name })}
              onClick={() => setEditing((e) => !e)}
            >
              {t("form.edit")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === 0 || busy}
              aria-label={t("editor.moveUpLabel", { name })}
              onClick={() => void act("up")}
            >
              {t("editor.moveUp")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === count - 1 || busy}
              aria-label={t("editor.moveDownLabel", { name })}
              onClick={() => void act("down")}
            >
              {t("editor.moveDown")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={t("editor.deleteLabel", { name })}
              onClick={() => setConfirming(true)}
            >
              {t("form.delete")}
            </button>
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
      {editing && <MeasureEditor measureId={measure.id} planId={ctx.planId} onClose={() => setEditing(false)} />}
    </li>
  );
}

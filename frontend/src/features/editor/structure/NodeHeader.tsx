import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Versioned } from "../../../api/client";
import type { structureQueries } from "../../../api/editor";
import { SavedMark } from "../../../components/Conflict";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { type Ctx, label } from "./context";
import { EditCodeName } from "./EditCodeName";
import { ConfirmDelete } from "./formParts";
import { useNodeActions } from "./useNodeActions";

export interface CodeName {
  code: string;
  name: string;
}

/** A dimension's or strategy's read for its edit form. */
export type NodeQuery = ReturnType<typeof structureQueries.node>;

/** The heading of a dimension or strategy with its actions, and its edit form with conflict handling. */
export function NodeHeader({
  level,
  title,
  kind,
  shown,
  index,
  count,
  ctx,
  query,
  load,
  update,
  remove,
}: {
  level: 3 | 4;
  title: string;
  kind: string;
  /** The item as the tree showed it: a move or delete goes ahead only if it is still so. */
  shown: CodeName & { position: number };
  index: number;
  count: number;
  ctx: Ctx;
  query: NodeQuery;
  load: () => Promise<Versioned<CodeName & { position: number }>>;
  update: (etag: string, body: Partial<CodeName> & { position?: number }) => Promise<unknown>;
  remove: (etag: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const Heading = `h${level}` as const;
  const { act, busy, notice } = useNodeActions({
    planId: ctx.planId,
    shown,
    load,
    move: (etag, position) => update(etag, { position }),
    remove,
    onDeleted: () => ctx.onNotice(t("editor.deleted", { name: title })),
    describe: (d) => <p lang={CONTENT_LANG}>{label(d.code, d.name)}</p>,
  });
  return (
    <>
      <div className="editor-node__row">
        <Heading className="editor-node__title" lang={CONTENT_LANG}>
          <span className="visually-hidden">{kind} </span>
          {title}
        </Heading>
        {ctx.editable && (
          <div className="editor-actions">
            <button
              type="button"
              className="button button--quiet button--small"
              aria-expanded={editing}
              aria-label={t("editor.editLabel", { name: title })}
              onClick={() => {
                setSaved(false);
                setEditing((e) => !e);
              }}
            >
              {t("form.edit")}
            </button>
            <SavedMark saved={saved} />
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === 0 || busy}
              aria-label={t("editor.moveUpLabel", { name: title })}
              onClick={() => void act("up")}
            >
              {t("editor.moveUp")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={index === count - 1 || busy}
              aria-label={t("editor.moveDownLabel", { name: title })}
              onClick={() => void act("down")}
            >
              {t("editor.moveDown")}
            </button>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-label={t("editor.deleteLabel", { name: title })}
              onClick={() => setConfirming(true)}
            >
              {t("form.delete")}
            </button>
          </div>
        )}
      </div>
      {confirming && (
        <ConfirmDelete
          name={title}
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void act("delete").finally(() => setConfirming(false))}
        />
      )}
      {notice}
      {editing && (
        <EditCodeName
          title={title}
          planId={ctx.planId}
          query={query}
          load={load}
          update={update}
          onSaved={() => setSaved(true)}
          onDone={() => setEditing(false)}
        />
      )}
    </>
  );
}

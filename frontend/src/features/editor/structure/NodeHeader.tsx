import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Versioned } from "../../../api/client";
import { SavedMark } from "../../../components/Conflict";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { ConfirmDelete } from "../formParts";
import { type CodeName, type Ctx, label, type NodeQuery } from "./context";
import { EditCodeName } from "./EditCodeName";
import { RowActions } from "./RowMenu";
import { useNodeActions } from "./useNodeActions";

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
  open,
  contentId,
  onToggle,
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
  /** Whether its strategies or measures show, and the element that holds them. */
  open: boolean;
  contentId: string;
  onToggle: () => void;
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
  const menuRef = useRef<HTMLButtonElement>(null);
  return (
    <>
      <div className="editor-node__row">
        <Heading className="editor-node__title" lang={CONTENT_LANG}>
          <button type="button" className="editor-toggle" aria-expanded={open} aria-controls={contentId} onClick={onToggle}>
            <span className="visually-hidden">{kind} </span>
            {title}
          </button>
        </Heading>
        {ctx.editable && (
          <div className="editor-actions">
            <SavedMark saved={saved} />
            <RowActions
              name={title}
              index={index}
              count={count}
              busy={busy}
              editing={editing}
              menuRef={menuRef}
              onEdit={() => {
                setSaved(false);
                setEditing(true);
              }}
              onMove={(direction) => void act(direction)}
              onDelete={() => setConfirming(true)}
            />
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
          onDone={() => {
            setEditing(false);
            // Back to the row just edited, not to the top of the page.
            requestAnimationFrame(() => menuRef.current?.focus());
          }}
        />
      )}
    </>
  );
}

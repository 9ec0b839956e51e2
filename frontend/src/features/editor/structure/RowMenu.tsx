import { type ReactNode, type Ref, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/**
 * One button per row that shows the row's actions (edit, move, delete) below it: a disclosure, so
 * the hundreds of rows of a real plan are one Tab stop each.
 */
export function RowMenu({
  name,
  ref,
  children,
}: {
  name: string;
  ref?: Ref<HTMLButtonElement>;
  children: (close: () => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="row-menu">
      <button
        ref={ref}
        type="button"
        className="button button--quiet button--small"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t("editor.actionsLabel", { name })}
        onClick={() => setOpen((o) => !o)}
      >
        {t("editor.actions")} ▾
      </button>
      {open && (
        <div id={id} className="row-menu__items">
          {children(() => setOpen(false))}
        </div>
      )}
    </div>
  );
}

/** Edit, move up, move down and delete, for one dimension, strategy or measure. */
export function RowActions({
  name,
  index,
  count,
  busy,
  editing,
  menuRef,
  onEdit,
  onMove,
  onDelete,
  editHref,
}: {
  name: string;
  index: number;
  count: number;
  busy: boolean;
  editing: boolean;
  menuRef?: Ref<HTMLButtonElement>;
  onEdit?: () => void;
  onMove: (direction: "up" | "down") => void;
  onDelete: () => void;
  /** Where editing this item has an address of its own (a measure): the edit action is a link to it. */
  editHref?: string;
}) {
  const { t } = useTranslation();
  const small = "button button--quiet button--small";
  return (
    <RowMenu name={name} ref={menuRef}>
      {(close) => (
        <>
          {editHref ? (
            <Link to={editHref} replace className={small} aria-label={t("editor.editLabel", { name })} onClick={close}>
              {t("form.edit")}
            </Link>
          ) : (
            <button
              type="button"
              className={small}
              aria-expanded={editing}
              aria-label={t("editor.editLabel", { name })}
              onClick={() => {
                close();
                onEdit?.();
              }}
            >
              {t("form.edit")}
            </button>
          )}
          <button
            type="button"
            className={small}
            disabled={index === 0 || busy}
            aria-label={t("editor.moveUpLabel", { name })}
            onClick={() => onMove("up")}
          >
            {t("editor.moveUp")}
          </button>
          <button
            type="button"
            className={small}
            disabled={index === count - 1 || busy}
            aria-label={t("editor.moveDownLabel", { name })}
            onClick={() => onMove("down")}
          >
            {t("editor.moveDown")}
          </button>
          <button
            type="button"
            className={small}
            aria-label={t("editor.deleteLabel", { name })}
            onClick={() => {
              close();
              onDelete();
            }}
          >
            {t("form.delete")}
          </button>
        </>
      )}
    </RowMenu>
  );
}

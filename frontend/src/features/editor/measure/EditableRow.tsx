import { type ReactNode, useState } from "react";
import { ConfirmDelete, EditDeleteActions } from "../formParts";

/**
 * A row inside the measure editor (a sub-item, an indicator): what it says, then edit and delete.
 * Edit opens its form in place, under the line; delete asks first.
 */
export function EditableRow({
  name,
  lang,
  busy,
  children,
  onDelete,
  form,
}: {
  /** Names the row in its buttons' labels. */
  name: string;
  lang?: string;
  busy: boolean;
  children: ReactNode;
  onDelete: () => void;
  /** The edit form, given how to close itself once saved or cancelled. */
  form: (close: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  return (
    <li>
      <div className="editor-node__row">
        <span>{children}</span>
        <EditDeleteActions name={name} lang={lang} onEdit={() => setEditing((e) => !e)} onDelete={() => setConfirming(true)} />
      </div>
      {confirming && <ConfirmDelete name={name} busy={busy} onCancel={() => setConfirming(false)} onConfirm={onDelete} />}
      {editing && form(() => setEditing(false))}
    </li>
  );
}

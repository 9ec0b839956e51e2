import { useTranslation } from "react-i18next";
import { type Measure, measureWrites } from "../../../api/editor";
import { EditableRow } from "./EditableRow";
import type { MeasureWrite } from "./measureWrite";
import { SubItemForm } from "./SubItemForm";

/** One sub-item: its code and text, edited in place or deleted after asking. */
export function SubItemRow({ measureId, sub, write }: { measureId: number; sub: Measure["sub_items"][number]; write: MeasureWrite }) {
  const { t } = useTranslation();
  return (
    <EditableRow
      name={`${sub.code ?? ""} ${sub.text.slice(0, 16)}`.trim()}
      lang=""
      busy={write.busy}
      onDelete={() => void write.run((etag) => measureWrites.deleteSubItem(measureId, sub.id, etag))}
      form={(close) => (
        <SubItemForm
          initial={sub}
          submit={t("form.save")}
          busy={write.busy}
          onCancel={close}
          onSubmit={async (body) => {
            if (await write.run((etag) => measureWrites.updateSubItem(measureId, sub.id, etag, body))) close();
          }}
        />
      )}
    >
      {sub.code && <span className="measure-code">{sub.code}</span>}
      {sub.text}
    </EditableRow>
  );
}

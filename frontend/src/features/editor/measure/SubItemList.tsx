import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Measure, measureWrites } from "../../../api/editor";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import type { MeasureWrite } from "./measureWrite";
import { SubItemForm } from "./SubItemForm";
import { SubItemRow } from "./SubItemRow";

/** The measure's sub-items, in order, and a button that opens the form to add one. */
export function SubItemList({ measure, write }: { measure: Measure; write: MeasureWrite }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  return (
    <>
      <h5>{t("editor.subItems")}</h5>
      <ol className="editor-sublist" lang={CONTENT_LANG}>
        {measure.sub_items.map((s) => (
          <SubItemRow key={s.id} measureId={measure.id} sub={s} write={write} />
        ))}
      </ol>
      {adding ? (
        <SubItemForm
          label={t("editor.addSubItem")}
          submit={t("form.create")}
          busy={write.busy}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            if (await write.run((etag) => measureWrites.addSubItem(measure.id, etag, body))) setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="button button--quiet button--small" onClick={() => setAdding(true)}>
          {t("editor.addSubItem")}
        </button>
      )}
    </>
  );
}

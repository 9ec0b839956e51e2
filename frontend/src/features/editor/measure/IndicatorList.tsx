import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type Measure, measureWrites } from "../../../api/editor";
import { IndicatorFields } from "./IndicatorFields";
import { IndicatorRow } from "./IndicatorRow";
import type { MeasureWrite } from "./measureWrite";

/** The measure's own indicators, then its sub-items' (each tagged with its sub-item), and the form to add one. */
export function IndicatorList({ measure, write }: { measure: Measure; write: MeasureWrite }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const rows = [
    ...measure.indicators.map((i) => ({ i, sub: null as string | null })),
    ...measure.sub_items.flatMap((s) => s.indicators.map((i) => ({ i, sub: s.code ?? s.text.slice(0, 8) }))),
  ];
  return (
    <>
      <h5>{t("editor.indicators")}</h5>
      <ul className="editor-sublist">
        {rows.map(({ i, sub }) => (
          <IndicatorRow key={i.id} measureId={measure.id} indicator={i} sub={sub} write={write} />
        ))}
      </ul>
      {adding ? (
        <IndicatorFields
          subItems={measure.sub_items}
          busy={write.busy}
          onCancel={() => setAdding(false)}
          onSubmit={async (body) => {
            if (await write.run((etag) => measureWrites.addIndicator(measure.id, etag, body))) setAdding(false);
          }}
        />
      ) : (
        <button type="button" className="button button--quiet button--small" onClick={() => setAdding(true)}>
          {t("editor.addIndicator")}
        </button>
      )}
    </>
  );
}

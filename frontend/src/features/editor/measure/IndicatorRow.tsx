import { useTranslation } from "react-i18next";
import { measureWrites } from "../../../api/editor";
import type { Indicator } from "../../../api/types";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { useLanguage } from "../../../i18n/useLanguage";
import { comparisonText, inferredNote } from "../../../lib/indicatorText";
import { formatRocDate } from "../../../lib/rocDate";
import { EditableRow } from "./EditableRow";
import { IndicatorFields } from "./IndicatorFields";
import type { MeasureWrite } from "./measureWrite";

/** One indicator in a line (target, frequency, due date, its sub-item), edited in place or deleted after asking. */
export function IndicatorRow({
  measureId,
  indicator,
  sub,
  write,
}: {
  measureId: number;
  indicator: Indicator;
  /** The sub-item it belongs to, named by its code; null when it is the measure's own. */
  sub: string | null;
  write: MeasureWrite;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <EditableRow
      name={indicator.name}
      busy={write.busy}
      onDelete={() => void write.run((etag) => measureWrites.deleteIndicator(measureId, indicator.id, etag))}
      form={(close) => (
        <IndicatorFields
          initial={indicator}
          busy={write.busy}
          onCancel={close}
          onSubmit={async ({ sub_item_id: _ignored, ...update }) => {
            if (await write.run((etag) => measureWrites.updateIndicator(measureId, indicator.id, etag, update))) close();
          }}
        />
      )}
    >
      <span lang={CONTENT_LANG}>{indicator.name}</span>
      {sub && <span className="tag">{t("measure.subItem", { code: sub })}</span>} · {comparisonText(indicator, t, String)}{" "}
      {indicator.target ?? ""} {indicator.unit ?? ""} · {t(`frequency.${indicator.frequency}`)}
      {indicator.inferred && (
        <>
          {" "}
          <span className="tag tag--inferred" title={indicator.inferred_reason ?? undefined}>
            {t("measure.inferred")}
          </span>
          <span className="visually-hidden">{inferredNote(indicator, t)}</span>
        </>
      )}
      {indicator.due_date && (
        <>
          {" · "}
          {t("measure.dueDate")} <time dateTime={indicator.due_date}>{formatRocDate(indicator.due_date, language)}</time>
        </>
      )}
    </EditableRow>
  );
}

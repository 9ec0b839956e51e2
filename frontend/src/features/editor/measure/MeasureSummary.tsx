import { useTranslation } from "react-i18next";
import type { Measure } from "../../../api/editor";
import { OwnerList } from "../../../components/OwnerList";
import { CONTENT_LANG } from "../../../i18n/contentLang";

/** The measure as someone else left it, inside the conflict notice. */
export function MeasureSummary({ measure }: { measure: Measure }) {
  const { t } = useTranslation();
  return (
    <div className="measure-summary">
      <p lang={CONTENT_LANG}>
        {measure.code && <span className="measure-code">{measure.code}</span>}
        {measure.text}
      </p>
      <OwnerList organizations={measure.organizations} />
      {measure.sub_items.length > 0 && (
        <ul lang={CONTENT_LANG}>
          {measure.sub_items.map((s) => (
            <li key={s.id}>
              {s.code} {s.text}
            </li>
          ))}
        </ul>
      )}
      {measure.indicators.length > 0 && (
        <p>
          {t("editor.indicators")}：<span lang={CONTENT_LANG}>{measure.indicators.map((i) => i.name).join("、")}</span>
        </p>
      )}
    </div>
  );
}

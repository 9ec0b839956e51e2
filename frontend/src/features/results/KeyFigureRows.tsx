import { useTranslation } from "react-i18next";
import { TextField } from "../../components/Fields";
import { CONTENT_LANG } from "../../i18n/contentLang";
import type { FigureDraft } from "./keyFigures";

const MAX_FIGURES = 20; // results/schemas.py MAX_KEY_FIGURES

/** A dimension's key figures (關鍵數據): rows of name, value and unit, added and removed. */
export function KeyFigureRows({
  dimension,
  figures,
  onChange,
  errorAt,
}: {
  dimension: string;
  figures: readonly FigureDraft[];
  onChange: (figures: FigureDraft[]) => void;
  errorAt: (row: number, part: "name" | "value" | "unit") => string | null;
}) {
  const { t } = useTranslation();
  const set = (row: number, part: keyof FigureDraft, value: string) =>
    onChange(figures.map((f, i) => (i === row ? { ...f, [part]: value } : f)));
  return (
    <fieldset className="fieldset-group key-figures">
      <legend>{t("results.keyFiguresOf", { dimension })}</legend>
      {figures.length === 0 && <p>{t("results.noKeyFigures")}</p>}
      {figures.map((f, row) => {
        const n = row + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place; removing one re-keys the rest, as it should.
          <div key={row} className="form--grid key-figure">
            <TextField
              label={t("results.figureName", { n })}
              value={f.name}
              onChange={(e) => set(row, "name", e.target.value)}
              error={errorAt(row, "name")}
              maxLength={100}
              lang={CONTENT_LANG}
            />
            <TextField
              label={t("results.figureValue", { n })}
              value={f.value}
              onChange={(e) => set(row, "value", e.target.value)}
              error={errorAt(row, "value")}
              inputMode="decimal"
              maxLength={20}
            />
            <TextField
              label={t("results.figureUnit", { n })}
              value={f.unit}
              onChange={(e) => set(row, "unit", e.target.value)}
              error={errorAt(row, "unit")}
              maxLength={32}
              lang={CONTENT_LANG}
            />
            <div className="form__actions">
              <button type="button" className="button button--quiet" onClick={() => onChange(figures.filter((_, i) => i !== row))}>
                {t("results.removeFigure", { n })}
              </button>
            </div>
          </div>
        );
      })}
      {figures.length < MAX_FIGURES && (
        <button type="button" className="button button--quiet" onClick={() => onChange([...figures, { name: "", value: "", unit: "" }])}>
          {t("results.addFigure")}
        </button>
      )}
    </fieldset>
  );
}

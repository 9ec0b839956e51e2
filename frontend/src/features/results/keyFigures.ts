import type { KeyFigureIn } from "../../api/types";

/** A key figure as typed: name, value and unit, all text until sent. */
export interface FigureDraft {
  name: string;
  value: string;
  unit: string;
}

export interface DimensionDraft {
  performance: string;
  results: string;
  figures: FigureDraft[];
}

// As the API takes it: a decimal of at most 18 digits, 4 of them after the point.
const DECIMAL = /^-?\d{1,14}(\.\d{1,4})?$/;

const blank = (f: FigureDraft) => !f.name.trim() && !f.value.trim() && !f.unit.trim();

/** Whether a dimension has anything written: a summary or a key figure. */
export function writtenIn(d: DimensionDraft | undefined): boolean {
  return !!d && (!!d.performance.trim() || !!d.results.trim() || d.figures.some((f) => !blank(f)));
}

/** The figures to send: rows left wholly empty are dropped, the others trimmed, an empty unit as none. */
export function figuresToSend(figures: readonly FigureDraft[]): KeyFigureIn[] {
  return figures.filter((f) => !blank(f)).map((f) => ({ name: f.name.trim(), value: f.value.trim(), unit: f.unit.trim() || null }));
}

/** What is wrong with each row that is not empty, by `row.part`: a name is required, a value is a decimal. */
export function figureErrors(figures: readonly FigureDraft[]): Record<string, "required" | "number"> {
  const errors: Record<string, "required" | "number"> = {};
  figures.forEach((f, row) => {
    if (blank(f)) return;
    if (!f.name.trim()) errors[`${row}.name`] = "required";
    if (!f.value.trim()) errors[`${row}.value`] = "required";
    else if (!DECIMAL.test(f.value.trim())) errors[`${row}.value`] = "number";
  });
  return errors;
}

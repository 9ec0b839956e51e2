import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { measureQueries } from "../../../api/measures";
import { GuardedConflict } from "../../../components/Conflict";
import { ErrorMessage, Loading } from "../../../components/StateViews";
import { IndicatorList } from "./IndicatorList";
import { MeasureFields } from "./MeasureFields";
import { MeasureSummary } from "./MeasureSummary";
import type { MeasureWrite } from "./measureWrite";
import { SubItemList } from "./SubItemList";
import { useMeasureWrites } from "./useMeasureWrites";

/**
 * Edits one measure: its code, text and owners, its sub-items and indicators. Every write carries
 * the ETag of the measure as this editor read it; a 412 shows the measure as it now is and offers to
 * apply the change again. Dropping the change instead restarts every form from the server's copy.
 */
export function MeasureEditor({ measureId, planId, onClose }: { measureId: number; planId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const loaded = useQuery(measureQueries.versioned(measureId));
  const [version, setVersion] = useState(0); // bumps when the forms must restart from the server's copy
  const ref = useRef<HTMLElement>(null);
  const guard = useMeasureWrites(measureId, planId, () => setVersion((n) => n + 1));
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves here only when the measure first loads.
  useEffect(() => {
    if (loaded.data) ref.current?.focus();
  }, [loaded.data === undefined]);

  if (loaded.isError) return <ErrorMessage error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  const seen = loaded.data;
  const m = seen.data;
  const write: MeasureWrite = { run: (op) => guard.save(seen.etag, op), busy: guard.busy };
  const headingId = `measure-editor-${measureId}`;

  return (
    <section className="panel measure-editor" aria-labelledby={headingId} tabIndex={-1} ref={ref}>
      <h4 id={headingId}>{t("editor.measureHeading", { code: m.code ?? "" })}</h4>
      <GuardedConflict guard={guard} describe={(now) => <MeasureSummary measure={now} />} />
      {guard.error ? <ErrorMessage error={guard.error} /> : null}
      <MeasureFields key={`f${version}-${m.id}`} measure={m} errors={guard.fieldErrors} saved={guard.saved} write={write} />
      <SubItemList key={`s${version}`} measure={m} write={write} />
      <IndicatorList key={`i${version}`} measure={m} write={write} />
      <div className="form__actions">
        <button type="button" className="button" onClick={onClose}>
          {t("editor.done")}
        </button>
      </div>
    </section>
  );
}

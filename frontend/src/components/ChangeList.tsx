import { useTranslation } from "react-i18next";
import type { FieldChange } from "../lib/diff";

/** Fields that changed, with their value before and after: a table screen readers can walk. */
export function ChangeList({ changes, caption }: { changes: readonly FieldChange[]; caption: string }) {
  const { t } = useTranslation();
  if (changes.length === 0) return <p className="muted">{t("audit.noChange")}</p>;
  return (
    <div className="table-scroll">
      <table className="data-table change-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.field")}</th>
            <th scope="col">{t("audit.before")}</th>
            <th scope="col">{t("audit.after")}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.path} className={`change change--${c.kind}`}>
              <th scope="row">
                <code>{c.path}</code>
              </th>
              <td>{c.before === null ? <span className="muted">—</span> : <del>{c.before}</del>}</td>
              <td>{c.after === null ? <span className="muted">—</span> : <ins>{c.after}</ins>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

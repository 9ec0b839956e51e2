import { useTranslation } from "react-i18next";
import type { Plan } from "../../api/types";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { useLanguage } from "../../i18n/useLanguage";
import { formatRocDate } from "../../lib/rocDate";

/** The plan as someone else left it, in a conflict notice. */
export function PlanVersion({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const language = useLanguage();
  return (
    <dl className="facts">
      <dt>{t("editor.title")}</dt>
      <dd lang={CONTENT_LANG}>{plan.title}</dd>
      <dt>{t("plan.status")}</dt>
      <dd>{t(`status.${plan.status}`)}</dd>
      <dt>{t("plan.reportDue")}</dt>
      <dd>{plan.report_due_date ? formatRocDate(plan.report_due_date, language) : "—"}</dd>
      <dt>{t("editor.objectives")}</dt>
      <dd lang={CONTENT_LANG}>{plan.objectives || "—"}</dd>
    </dl>
  );
}

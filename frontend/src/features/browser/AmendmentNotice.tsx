import { useTranslation } from "react-i18next";
import { useMe } from "../../api/auth";
import type { PlanSummary } from "../../api/types";
import { permissionsOf } from "../../lib/permissions";

/** While an amendment (捌) is open: the public reads the last adopted revision, staff the working plan. */
export function AmendmentNotice({ plan }: { plan: Pick<PlanSummary, "amendment_in_progress" | "revision"> }) {
  const { t } = useTranslation();
  const staff = permissionsOf(useMe().data).staff;
  if (!plan.amendment_in_progress) return null;
  return (
    <p className="notice" role="note" id="amendment-notice">
      {t(staff ? "plan.amendmentNoticeStaff" : "plan.amendmentNotice", { n: plan.revision })}
    </p>
  );
}

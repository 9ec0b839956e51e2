import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMe } from "../../api/auth";
import type { Plan } from "../../api/types";
import { permissionsOf } from "../../lib/permissions";

/** For staff on the plan browser: where to edit the plan and read its revisions. */
export function PlanStaffBar({ plan }: { plan: Plan }) {
  const { t } = useTranslation();
  const can = permissionsOf(useMe().data);
  if (!can.staff) return null;
  return (
    <p className="staff-bar">
      {can.editPlans && <Link to={`/editor/plans/${plan.id}`}>{t("nav.editor")}</Link>}
      <Link to={`/editor/plans/${plan.id}/revisions`}>{t("editor.revisions")}</Link>
    </p>
  );
}

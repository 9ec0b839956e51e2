import type { UserFilters } from "../../../api/admin";
import type { Role } from "../../../api/types";
import { ROLES } from "../options";

/** The users list's filters from its address (`?role=&org=&active=&page=`); anything unknown counts as no filter. */
export function readFilters(params: URLSearchParams): UserFilters {
  const role = params.get("role");
  const active = params.get("active");
  const page = Number(params.get("page"));
  return {
    role: ROLES.includes(role as Role) ? (role as Role) : null,
    organization: params.get("org") || null,
    active: active === "true" ? true : active === "false" ? false : null,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** The address of a view of the users list: only the filters that are set, so links stay short. */
export function writeFilters(f: UserFilters): string {
  const p = new URLSearchParams();
  if (f.role) p.set("role", f.role);
  if (f.organization) p.set("org", f.organization);
  if (f.active !== null) p.set("active", String(f.active));
  if (f.page > 1) p.set("page", String(f.page));
  return p.toString();
}

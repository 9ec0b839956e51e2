import { describe, expect, it } from "vitest";
import type { Me } from "../api/types";
import { permissionsOf } from "./permissions";

const me = (role: Me["role"], scopes: string[]): Me => ({
  id: 1,
  username: "u",
  display_name: "U",
  role,
  organization: null,
  scopes,
  via: "session",
  csrf_token: "x",
});

describe("permissionsOf", () => {
  it("gives a public visitor nothing", () => {
    const p = permissionsOf(null);
    expect(Object.values(p).every((v) => v === false)).toBe(true);
  });

  it("follows the scopes of each role", () => {
    const admin = permissionsOf(me("administrator", ["audit:read", "tokens:write", "users:write", "plans:read"]));
    expect(admin).toMatchObject({
      manageUsers: true,
      manageTokens: true,
      readAudit: true,
      editPlans: false,
      staff: true,
      tokensForAnyOrganization: true,
    });
    const reviewer = permissionsOf(me("reviewer", ["audit:read", "plans:write", "progress:read", "progress:review"]));
    expect(reviewer).toMatchObject({
      manageUsers: false,
      manageTokens: false,
      readAudit: true,
      editPlans: true,
      staff: true,
      reportProgress: false,
      reviewProgress: true,
    });
    const reporter = permissionsOf(me("enterprise_reporter", ["tokens:write", "progress:write"]));
    expect(reporter).toMatchObject({
      manageUsers: false,
      manageTokens: true,
      tokensForAnyOrganization: false,
      readAudit: false,
      editPlans: false,
      staff: false,
      reportProgress: true,
      reviewProgress: false,
    });
  });
});

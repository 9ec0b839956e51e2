import { describe, expect, it } from "vitest";
import type { Me } from "../api/types";
import { permissionsOf } from "./permissions";

const me = (role: Me["role"], scopes: string[], kind?: "enterprise" | "unit"): Me => ({
  id: 1,
  username: "u",
  display_name: "U",
  role,
  organization: kind ? { id: 3, code: "E", kind, name_zh: "事業", name_en: "E", short_name_zh: "事業", short_name_en: "E" } : null,
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
      reviewUnits: false,
    });
  });

  it("gives webhooks to administrators and reporters, and the deliveries board to administrators", () => {
    const admin = permissionsOf(me("administrator", ["webhooks:write", "deliveries:read", "deliveries:write"]));
    expect(admin).toMatchObject({ manageWebhooks: true, readDeliveries: true, replayDeliveries: true });
    const reporter = permissionsOf(me("enterprise_reporter", ["webhooks:read", "webhooks:write"]));
    expect(reporter).toMatchObject({ manageWebhooks: true, readDeliveries: false, replayDeliveries: false });
    expect(permissionsOf(me("reviewer", ["findings:read"]))).toMatchObject({ manageWebhooks: false, readDeliveries: false });
  });

  it("shows verification rounds to reviewers, panel members and reporters; reviewers manage them", () => {
    expect(permissionsOf(me("reviewer", ["findings:read", "findings:write"]))).toMatchObject({ readRounds: true, manageRounds: true });
    expect(permissionsOf(me("panel_member", ["findings:read", "findings:write"]))).toMatchObject({ readRounds: true, manageRounds: false });
    expect(permissionsOf(me("enterprise_reporter", ["findings:read"]))).toMatchObject({ readRounds: true, manageRounds: false });
    expect(permissionsOf(me("administrator", ["findings:read"]))).toMatchObject({ readRounds: false, manageRounds: false });
  });

  it("lets an administrator read every enterprise's progress and results reports, and review none", () => {
    const admin = permissionsOf(me("administrator", ["users:write", "progress:read", "organizations:write"]));
    expect(admin).toMatchObject({
      overseeProgress: true,
      reviewProgress: false,
      reviewUnits: false,
      reportProgress: false,
      manageOrganizations: true,
    });
    const reviewer = permissionsOf(me("reviewer", ["progress:read", "progress:review"]));
    expect(reviewer).toMatchObject({ overseeProgress: true, reviewProgress: true, manageOrganizations: false });
    // A reporter reads its own reports, not every enterprise's.
    const reporter = permissionsOf(me("enterprise_reporter", ["progress:read", "progress:review"], "enterprise"));
    expect(reporter.overseeProgress).toBe(false);
  });

  it("lets a head office review its units, and neither a unit nor a reviewer do so", () => {
    const scopes = ["progress:read", "progress:write", "progress:review"];
    expect(permissionsOf(me("enterprise_reporter", scopes, "enterprise"))).toMatchObject({ reviewUnits: true, reviewProgress: false });
    expect(permissionsOf(me("enterprise_reporter", scopes, "unit"))).toMatchObject({ reviewUnits: false, reviewProgress: false });
    expect(permissionsOf(me("reviewer", ["progress:review"]))).toMatchObject({ reviewUnits: false, reviewProgress: true });
  });
});

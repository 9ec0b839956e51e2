import { describe, expect, it } from "vitest";
import type { ApiToken } from "../../../api/types";
import { tokenState } from "./tokenState";

const NOW = Date.parse("2026-11-27T12:00:00+08:00");
const token = (revoked_at: string | null, expires_at: string | null) => ({ revoked_at, expires_at }) as ApiToken;

describe("a token's state", () => {
  it("is active until its expiry, and expired from that moment", () => {
    expect(tokenState(token(null, null), NOW)).toBe("active");
    expect(tokenState(token(null, "2026-11-27T12:00:01+08:00"), NOW)).toBe("active");
    expect(tokenState(token(null, "2026-11-27T12:00:00+08:00"), NOW)).toBe("expired");
  });

  it("says revoked for a revoked token, even once it has expired too", () => {
    expect(tokenState(token("2026-11-01T09:00:00+08:00", "2026-11-02T00:00:00+08:00"), NOW)).toBe("revoked");
  });
});

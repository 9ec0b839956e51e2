import { describe, expect, it } from "vitest";
import { ApiError } from "./client";
import { isStale } from "./useGuardedMutation";

const problem = (status: number) => new ApiError(status, { type: "about:blank", title: "t", status, detail: "d" } as never, "x");

describe("which failures open the conflict notice", () => {
  it("is a 412: the ETag sent is not the item's any more, on a plan, a measure or an account", () => {
    expect(isStale(problem(412))).toBe(true);
  });

  it("is not a 409 (the plan is no longer editable, the name is taken): applying again cannot help", () => {
    expect(isStale(problem(409))).toBe(false);
    expect(isStale(problem(428))).toBe(false);
    expect(isStale(new Error("network"))).toBe(false);
  });
});

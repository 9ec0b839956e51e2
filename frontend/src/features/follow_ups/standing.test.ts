import { describe, expect, it } from "vitest";
import { byStanding, daysLeft, toneOf } from "./standing";

describe("follow-up standing", () => {
  it("says how many working days are left or overdue", () => {
    expect(daysLeft({ standing: "tracking", working_days_left: 14 })).toEqual({ key: "followUps.daysLeft", count: 14 });
    expect(daysLeft({ standing: "overdue", working_days_left: -2 })).toEqual({ key: "followUps.daysOverdue", count: 2 });
    expect(daysLeft({ standing: "due_soon", working_days_left: 0 })).toEqual({ key: "followUps.dueToday", count: 0 });
    expect(daysLeft({ standing: "awaiting_decision", working_days_left: -3 })).toBeNull();
    expect(daysLeft({ standing: "released", working_days_left: 5 })).toBeNull();
  });

  it("marks overdue and due soon besides their labels", () => {
    expect(toneOf("overdue")).toBe("danger");
    expect(toneOf("due_soon")).toBe("warning");
    expect(toneOf("tracking")).toBe("plain");
  });

  it("puts each follow-up in its standing's column, keeping the order", () => {
    const columns = byStanding([
      { id: 1, standing: "overdue" as const },
      { id: 2, standing: "tracking" as const },
      { id: 3, standing: "overdue" as const },
    ]);
    expect(columns.overdue.map((i) => i.id)).toEqual([1, 3]);
    expect(columns.tracking.map((i) => i.id)).toEqual([2]);
    expect(columns.released).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { fileSize, limitSize } from "./fileSize";

describe("file sizes", () => {
  it("says bytes, kB or MB with one decimal", () => {
    expect(fileSize(512)).toBe("512 B");
    expect(fileSize(1536)).toBe("1.5 kB");
    expect(fileSize(20 * 1024 * 1024)).toBe("20.0 MB");
  });

  it("writes a limit without a needless decimal", () => {
    expect(limitSize(20 * 1024 * 1024)).toBe("20 MB");
    expect(limitSize(4096)).toBe("4 kB");
    expect(limitSize(1.5 * 1024 * 1024)).toBe("1.5 MB");
    expect(limitSize(100)).toBe("100 B");
  });
});

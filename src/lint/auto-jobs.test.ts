import { mkdtempSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { autoJobs } from "./lint.js";

describe("--jobs unset: workers only where they pay", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "nncheck-auto-jobs-"));
  const small = ["a.py", "b.py", "c.py"].map((name) => {
    writeFileSync(path.join(dir, name), "import keras\nm = keras.Sequential()\n");
    return name;
  });
  const large = ["d.py", "e.py"].map((name) => {
    writeFileSync(path.join(dir, name), "x = 1\n".repeat(40_000));
    return name;
  });

  test("a few small files are linted in-process", () => {
    expect(autoJobs(small, dir)).toBe(1);
  });

  test("files that add up to a large run get one worker per core", () => {
    expect(autoJobs([...small, ...large], dir)).toBe(Math.max(1, availableParallelism()));
  });

  test("a single file never starts workers, and missing files count for nothing", () => {
    expect(autoJobs([large[0]!], dir)).toBe(1);
    expect(autoJobs(["missing.py", "gone.py"], dir)).toBe(1);
  });
});

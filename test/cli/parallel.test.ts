/**
 * Lint across worker threads and shards (built CLI): the report is the same whatever the number of workers,
 * every file is in exactly one shard, a program that grows values without bound does not take the other
 * files down, and nothing in an analysed program is ever executed.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin, withoutTiming } from "./helpers.js";

const KERAS = (units: number, activation: string): string =>
  [
    "from tensorflow import keras",
    "from tensorflow.keras import layers",
    "model = keras.Sequential()",
    `model.add(layers.Dense(${units}, input_shape=(4,)))`,
    `model.add(layers.Dense(3, activation='${activation}'))`,
    "model.compile(loss='categorical_crossentropy', optimizer='adam')",
    "",
  ].join("\n");

/** Writes a marker file if any of it ran. */
const NEVER_RUN = (marker: string): string =>
  [
    `__import__('os').system('touch ${marker}')`,
    `exec("open('${marker}', 'w').write('ran')")`,
    `open('${marker}', 'w').write('ran')`,
    `eval("__import__('pathlib').Path('${marker}').touch()")`,
    "",
  ].join("\n");

const GROWS = ["a = [1]", "while True:", "    a = a + a", "    a.extend(a)", "    s = 'x' * 1000000", "    s = s * 1000000", ""].join("\n");

let dir: string;
let marker: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "nncheck-parallel-"));
  marker = path.join(dir, "executed.txt");
  for (let i = 0; i < 6; i++) await writeFile(path.join(dir, `model_${i}.py`), KERAS(8 + i, i % 2 === 0 ? "softmax" : "relu"));
  await writeFile(path.join(dir, "broken.py"), "model.add(layers.Dense(3\nx = = 1\n");
  await writeFile(path.join(dir, "grows.py"), GROWS);
  await writeFile(path.join(dir, "never_run.py"), NEVER_RUN(marker));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface JsonOut {
  files: { path: string; understood?: { partial?: boolean } }[];
  findings: { code: string; file?: string }[];
  summary: { durationMs: number };
}

const parse = (stdout: string): JsonOut => JSON.parse(stdout) as JsonOut;
const stable = (stdout: string): string => stdout.replace(/"durationMs": \d+/, '"durationMs": 0');

describe("lint --jobs and --shard", () => {
  it("gives the same report bytes with 1 and 3 workers, in json and text", async () => {
    const one = await runBin(["lint", "--no-config", "--format", "json", "--jobs", "1", "."], dir);
    const three = await runBin(["lint", "--no-config", "--format", "json", "--jobs", "3", "."], dir);
    expect(one.code).toBe(1);
    expect(three.code).toBe(one.code);
    expect(stable(three.stdout)).toBe(stable(one.stdout));
    const report = parse(one.stdout);
    expect(report.files.map((f) => f.path)).toEqual(["broken.py", "grows.py", ...[0, 1, 2, 3, 4, 5].map((i) => `model_${i}.py`), "never_run.py"]);
    // The real findings of the other files are there (a softmax head missing on the relu models).
    expect(new Set(report.findings.filter((f) => f.file?.startsWith("model_")).map((f) => f.file)).size).toBeGreaterThanOrEqual(3);

    const textOne = await runBin(["lint", "--no-config", "--jobs", "1", "."], dir);
    const textThree = await runBin(["lint", "--no-config", "--jobs", "3", "."], dir);
    expect(withoutTiming(textThree.stdout)).toBe(withoutTiming(textOne.stdout));
  });

  it("puts every file in exactly one shard", async () => {
    const all = parse((await runBin(["lint", "--no-config", "--format", "json", "--jobs", "1", "."], dir)).stdout).files.map((f) => f.path);
    const shards: string[][] = [];
    for (let i = 1; i <= 3; i++) {
      const run = await runBin(["lint", "--no-config", "--format", "json", "--jobs", "2", "--shard", `${i}/3`, "."], dir);
      shards.push(parse(run.stdout).files.map((f) => f.path));
    }
    expect(shards.flat().sort()).toEqual([...all].sort());
    expect(shards.filter((s) => s.length > 0).length).toBeGreaterThan(1);
    const bad = await runBin(["lint", "--no-config", "--shard", "4/3", "."], dir);
    expect(bad.code).toBe(2);
  });

  it("survives a program that grows a list and a string without bound, and never runs the program's code", async () => {
    for (const jobs of ["1", "2"]) {
      const run = await runBin(["lint", "--no-config", "--format", "json", "--jobs", jobs, "."], dir);
      expect(run.code).toBe(1);
      const report = parse(run.stdout);
      expect(report.files.some((f) => f.path === "grows.py")).toBe(true);
      expect(report.findings.some((f) => f.code === "nncheck-internal-error")).toBe(false);
    }
    expect(existsSync(marker)).toBe(false);
  });
});

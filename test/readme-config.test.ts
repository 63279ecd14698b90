/**
 * The README's configuration example, read from the README itself and loaded as a user's
 * `nncheck.config.json` would be: through the config loader, the engine's option and selector checks, and
 * the CLI. An example that drifts from the real schema (an option a rule does not have) fails here.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLinter } from "../src/index.js";
import { loadConfig } from "../src/lint/config.js";
import { REPO, runInProcess } from "./cli/helpers.js";

/** The first ```json block after the README's "### Configuration" heading, parsed. */
async function readmeConfigExample(): Promise<Record<string, unknown>> {
  const readme = await readFile(path.join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Configuration"));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  if (!section.startsWith("### Configuration") || !block) throw new Error("README.md has no JSON example under ### Configuration");
  return JSON.parse(block[1]!) as Record<string, unknown>;
}

let dir: string;
let example: Record<string, unknown>;
beforeAll(async () => {
  example = await readmeConfigExample();
  dir = await mkdtemp(path.join(os.tmpdir(), "nncheck-readme-config-"));
  await writeFile(path.join(dir, "nncheck.config.json"), JSON.stringify(example, null, 2));
  await writeFile(path.join(dir, "train.py"), "from tensorflow import keras\nmodel = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])\n");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the README's configuration example", () => {
  it("sets options and severities of real rules", () => {
    expect(example).toHaveProperty("options");
    expect(example).toHaveProperty("severity");
  });

  it("loads through the config loader and builds a linter with every key applied", async () => {
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.file).toBe(path.join(dir, "nncheck.config.json"));
    expect(loaded.config).toEqual(example);
    const linter = await createLinter({ cwd: dir });
    expect(linter.settings.configFile).toBe(path.join(dir, "nncheck.config.json"));
    expect(linter.settings.options).toEqual(example.options);
    const report = await linter.lint(["train.py"]);
    expect(report.files.map((f) => [f.path, f.parsed])).toEqual([["train.py", true]]);
  });

  it("is accepted by `nncheck lint` (no configuration error, exit code below 2)", async () => {
    const run = await runInProcess(["lint", "train.py"], dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBeLessThan(2);
  });
});

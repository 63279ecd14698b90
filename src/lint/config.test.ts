import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig, validateConfig } from "./config.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "nncheck-config-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("validateConfig", () => {
  it("accepts every documented key", () => {
    const raw = {
      select: ["S2"],
      ignore: ["S105"],
      preview: true,
      severity: { S201: "warning", S1: "off" },
      options: { S402: { adamMax: 0.05 } },
      failOn: "error",
      exclude: ["build/**"],
      inputShape: [28, 28, 1],
    };
    expect(validateConfig(raw, "c.json")).toEqual(raw);
  });
  it("accepts inputShape written as a string", () => {
    expect(validateConfig({ inputShape: "32, 32, 3" }).inputShape).toEqual([32, 32, 3]);
  });
  it.each([
    [{ selct: ["S2"] }, "selct", /not a known key/],
    [{ select: "S2" }, "select", /list of strings/],
    [{ preview: "yes" }, "preview", /true or false/],
    [{ failOn: "sometimes" }, "failOn", /error, warning, info, never/],
    [{ severity: { S201: "fatal" } }, "severity.S201", /"error", "warning", "info" or "off"/],
    [{ options: { S402: 3 } }, "options.S402", /object/],
    [{ inputShape: [28, 0] }, "inputShape", /positive integers/],
  ])("rejects %j naming the key", (raw, key, message) => {
    let error: unknown;
    try {
      validateConfig(raw, "nncheck.config.json");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe(key);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).toContain("nncheck.config.json");
  });
});

describe("loadConfig", () => {
  it("finds nncheck.config.json in a parent directory", async () => {
    const dir = await project("json-parent", { "nncheck.config.json": '{"select": ["S2"]}', "src/models/x.py": "" });
    const loaded = await loadConfig({ cwd: path.join(dir, "src", "models") });
    expect(loaded.config).toEqual({ select: ["S2"] });
    expect(loaded.file).toBe(path.join(dir, "nncheck.config.json"));
  });
  it("reads [tool.nncheck] from pyproject.toml", async () => {
    const dir = await project("pyproject", {
      "pyproject.toml": '[project]\nname = "x"\n\n[tool.nncheck]\nselect = ["S2", "S5"]\nfailOn = "error"\n\n[tool.nncheck.severity]\nS501 = "info"\n',
    });
    const loaded = await loadConfig({ cwd: dir });
    expect(loaded.config).toEqual({ select: ["S2", "S5"], failOn: "error", severity: { S501: "info" } });
  });
  it("skips a pyproject.toml without [tool.nncheck] and keeps looking upwards", async () => {
    const dir = await project("skip-pyproject", { "nncheck.config.json": '{"preview": true}', "pkg/pyproject.toml": '[project]\nname = "p"\n' });
    expect((await loadConfig({ cwd: path.join(dir, "pkg") })).config).toEqual({ preview: true });
  });
  it("prefers nncheck.config.json over pyproject.toml in the same directory", async () => {
    const dir = await project("both", { "nncheck.config.json": '{"select": ["S1"]}', "pyproject.toml": '[tool.nncheck]\nselect = ["S2"]\n' });
    expect((await loadConfig({ cwd: dir })).config.select).toEqual(["S1"]);
  });
  it("uses --config and ignores everything with --no-config", async () => {
    const dir = await project("explicit", { "nncheck.config.json": '{"select": ["S1"]}', "other.json": '{"select": ["S5"]}' });
    expect((await loadConfig({ cwd: dir, configPath: "other.json" })).config.select).toEqual(["S5"]);
    expect(await loadConfig({ cwd: dir, noConfig: true })).toEqual({ config: {} });
  });
  it("reports a missing --config file, invalid JSON and invalid TOML with the file name", async () => {
    const dir = await project("broken", { "bad.json": "{select: }", "pyproject.toml": "[tool.nncheck\nselect=" });
    expect((await configError(loadConfig({ cwd: dir, configPath: "nope.json" }))).message).toMatch(/nope\.json: config file not found/);
    expect((await configError(loadConfig({ cwd: dir, configPath: "bad.json" }))).message).toMatch(/bad\.json: invalid JSON/);
    expect((await configError(loadConfig({ cwd: dir }))).message).toMatch(/pyproject\.toml: invalid TOML/);
  });
  it("names the file and key of an invalid value", async () => {
    const dir = await project("bad-key", { "pyproject.toml": '[tool.nncheck]\nfailOn = "loudly"\n' });
    const error = await configError(loadConfig({ cwd: dir }));
    expect(error.key).toBe("failOn");
    expect(error.message).toMatch(/^pyproject\.toml: "failOn" must be one of/);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../src/lint/config.js";
import { INTERNAL_ERROR_CODE } from "../../src/report/finding.js";
import { exitCodeFor, lint, lintSource, staticPart, type LintOptions } from "../../src/lint/lint.js";
import type { Frontend } from "../../src/frontends/frontend.js";
import { MARKER_RULES, markerFrontend } from "../helpers/lint-fakes.js";

let root: string;
const fake: LintOptions = { rules: MARKER_RULES, frontend: markerFrontend };

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "nncheck-lint-"));
  const files: Record<string, string | Buffer> = {
    "train.py": "model = build()\nmodel.add(Dense(10))  # flag: S201 no softmax\nmodel.fit(x)  # flag: S501 raw pixels\n",
    "models/ok.py": "x = 1\n",
    "models/broken.py": "a = 1  # flag: S301 zeros\nSYNTAX ERROR\n",
    "models/blob.py": Buffer.from([1, 0, 2]),
    "models/suppressed.py": "# nncheck: ignore[S201]\nDense(10)  # flag: S201 hidden\nDense(3)  # flag: S202 shown\n",
    "cfg/nncheck.config.json": JSON.stringify({ ignore: ["S5"], severity: { S201: "warning" }, exclude: ["skip_*.py"] }),
    "cfg/a.py": "Dense(10)  # flag: S201 x\nfit()  # flag: S501 y\n",
    "cfg/skip_me.py": "Dense(10)  # flag: S201 x\n",
    "badcfg/nncheck.config.json": JSON.stringify({ select: ["S999"] }),
    "badcfg/a.py": "",
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("lint()", () => {
  it("lints files and directories into one sorted report", async () => {
    const report = await lint(["train.py", "models"], { ...fake, cwd: root, config: false });
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`)).toEqual([
      "models/broken.py:1:1 S301",
      "models/suppressed.py:3:1 S202",
      "train.py:2:1 S201",
      "train.py:3:1 S501",
    ]);
    expect(report.summary).toMatchObject({ files: 5, filesWithErrors: 2, errors: 3, warnings: 1, infos: 0 });
    expect(report.rules.map((r) => r.code)).toEqual(MARKER_RULES.map((r) => r.meta.code));
  });
  it("reports a syntax error with its position and still lints what was extracted", async () => {
    const report = await lint(["models/broken.py"], { ...fake, cwd: root, config: false });
    expect(report.files).toEqual([
      {
        path: "models/broken.py",
        parsed: false,
        error: { message: "invalid syntax", line: 2, column: 1, kind: "syntax" },
        source: expect.any(String),
        understood: { models: 0, learner: false, data: false },
        notes: [{ message: "S301 zeros", line: 1, column: 1 }],
      },
    ]);
    expect(report.findings.map((f) => f.code)).toEqual(["S301"]);
  });
  it("records unreadable files and missing paths without aborting", async () => {
    const report = await lint(["models/blob.py", "missing.py", "models/ok.py"], { ...fake, cwd: root, config: false });
    expect(report.files.map((f) => [f.path, f.parsed, f.error?.kind])).toEqual([
      ["missing.py", false, "missing"],
      ["models/blob.py", false, "binary"],
      ["models/ok.py", true, undefined],
    ]);
    expect(report.summary.files).toBe(2);
    expect(exitCodeFor(report)).toBe(2);
  });
  it("applies suppression comments, and reports unused ones on request", async () => {
    const plain = await lint(["models/suppressed.py"], { ...fake, cwd: root, config: false });
    expect(plain.findings.map((f) => f.code)).toEqual(["S202"]);
    const source = "# nncheck: ignore[S101]\nx = 1\n";
    const withUnused = await lintSource(source, "u.py", { ...fake, reportUnusedSuppressions: true });
    expect(withUnused.findings.map((f) => [f.code, f.line, f.severity])).toEqual([["nncheck-unused-suppression", 1, "info"]]);
  });
  it("discovers the config from cwd: ignore, severity and exclude apply; options override", async () => {
    const cwd = path.join(root, "cfg");
    const report = await lint([], { ...fake, cwd });
    expect(report.files.map((f) => f.path)).toEqual(["a.py"]);
    expect(report.findings.map((f) => [f.code, f.severity])).toEqual([["S201", "warning"]]);
    const overridden = await lint([], { ...fake, cwd, severity: { S201: "info" }, ignore: ["S2"] });
    expect(overridden.findings).toEqual([]);
  });
  it("throws a ConfigError naming the config file for a bad selector in it", async () => {
    const error = await lint([], { ...fake, cwd: path.join(root, "badcfg") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/^nncheck\.config\.json: Unknown rule selector "S999"/);
    expect((error as ConfigError).key).toBe("select");
  });
  it("passes --input-shape to the front end", async () => {
    let seen: number[] | undefined;
    const spy: Frontend = async (source, file, options) => {
      seen = options?.inputShape;
      return markerFrontend(source, file);
    };
    await lintSource("x = 1\n", "m.py", { rules: MARKER_RULES, frontend: spy, inputShape: [28, 28, 1] });
    expect(seen).toEqual([28, 28, 1]);
  });
  it("turns a throwing front end into an internal error for that file only", async () => {
    const throwing: Frontend = async (source, file) => {
      if (file.endsWith("ok.py")) throw new Error("parser exploded");
      return markerFrontend(source, file);
    };
    const report = await lint(["models/ok.py", "train.py"], { rules: MARKER_RULES, frontend: throwing, cwd: root, config: false });
    expect(report.findings.map((f) => [f.file, f.code])).toEqual([
      ["models/ok.py", INTERNAL_ERROR_CODE],
      ["train.py", "S201"],
      ["train.py", "S501"],
    ]);
    expect(exitCodeFor(report)).toBe(2);
  });
  it("lintSource refuses JS/TS with a clear file error", async () => {
    const report = await lintSource("const x = 1;", "model.js", fake);
    expect(report.files[0]?.error).toMatchObject({ kind: "unsupported", message: expect.stringContaining("TF.js") });
    // Skipped on purpose, not a failure: the run stays clean.
    expect(exitCodeFor(report, "info")).toBe(0);
  });
});

describe("exitCodeFor", () => {
  it("follows the fail-on threshold", async () => {
    const report = await lintSource("a  # flag: S501 x\n", "w.py", fake); // one warning
    expect(exitCodeFor(report)).toBe(1);
    expect(exitCodeFor(report, "error")).toBe(0);
    expect(exitCodeFor(report, "info")).toBe(1);
    expect(exitCodeFor(report, "never")).toBe(0);
    const infoOnly = await lintSource("a  # flag: S701 x\n", "w.py", fake);
    expect(exitCodeFor(infoOnly)).toBe(0);
    expect(exitCodeFor(infoOnly, "info")).toBe(1);
    expect(exitCodeFor(await lintSource("x = 1\n", "c.py", fake))).toBe(0);
  });
  it("fails on a file that could not be parsed", async () => {
    const report = await lintSource("SYNTAX ERROR\n", "s.py", fake);
    expect(exitCodeFor(report, "error")).toBe(1);
    expect(exitCodeFor(report, "never")).toBe(0);
  });
});

describe("staticPart", () => {
  it("drops dynamic-check codes from a shared config", () => {
    expect(
      staticPart({
        select: ["S2", "D3"],
        ignore: ["D101", "S105"],
        severity: { D302: "error", S201: "warning" },
        options: { D201: { threshold: 1 } },
        failOn: "error",
      }),
    ).toEqual({ select: ["S2"], ignore: ["S105"], severity: { S201: "warning" }, options: {}, failOn: "error" });
    expect(staticPart({ select: ["D"] }).select).toBeUndefined();
  });
});

import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { FIXTURES, runBin, runInProcess } from "./helpers.js";

describe("dispatcher", () => {
  it("prints the version and the help", async () => {
    const version = await runInProcess(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    const help = await runInProcess(["--help"]);
    expect(help.code).toBe(0);
    for (const command of ["lint", "rules", "explain"]) expect(help.stdout).toContain(`  ${command}`);
  });
  it("exits 2 with usage for no command, an unknown command or an unknown flag", async () => {
    for (const argv of [[], ["frobnicate"], ["--frobnicate"]]) {
      const run = await runInProcess(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("Usage: nncheck <command>");
    }
  });
  it("shows per-command help", async () => {
    for (const command of ["lint", "rules", "explain"]) {
      const run = await runInProcess([command, "--help"]);
      expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`Usage: nncheck ${command}`) });
    }
  });
});

describe("internal errors", () => {
  it("turns anything a command throws into exit 2 with an internal-error message", async () => {
    let stderr = "";
    const code = await main(["rules"], {
      stdout: () => {
        throw new Error("stdout closed");
      },
      stderr: (t) => void (stderr += t),
      cwd: FIXTURES,
      env: {},
      stdoutIsTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toBe("nncheck: internal error: stdout closed\n(set NNCHECK_DEBUG=1 to see where)\n");
  });
  it("shows the stack only when NNCHECK_DEBUG=1", async () => {
    let stderr = "";
    const failing = () => {
      throw new Error("boom");
    };
    await main(["rules"], { stdout: failing, stderr: (t) => void (stderr += t), cwd: FIXTURES, env: { NNCHECK_DEBUG: "1" }, stdoutIsTTY: false });
    expect(stderr).toMatch(/^nncheck: internal error: boom\nError: boom\n\s+at /);
  });
  it("says plainly when the output cannot be written (a full disk), exit 2", async () => {
    let stderr = "";
    const full = () => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", syscall: "write" });
    };
    const code = await main(["rules"], { stdout: full, stderr: (t) => void (stderr += t), cwd: FIXTURES, env: {}, stdoutIsTTY: false });
    expect(code).toBe(2);
    expect(stderr).toBe("nncheck: cannot write the output: no space left on the device (ENOSPC)\n");
  });
});

describe("output that cannot be written (built CLI)", () => {
  // /dev/full accepts an open and fails every write with ENOSPC: a full disk on demand.
  it("a full stdout is a message and exit 2, not a stack trace and exit 1", async () => {
    const run = await runBin(["lint", "--no-config", "clean"], FIXTURES, "/dev/full");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("nncheck: cannot write standard output: no space left on the device (ENOSPC)\n");
  });
  it("a full --output file is a message and exit 2", async () => {
    const run = await runBin(["lint", "--no-config", "--output", "/dev/full", "clean"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^nncheck: cannot write \/dev\/full: no space left on the device \(ENOSPC\)\n$/);
  });
  it("a bad exclude pattern is a configuration error naming the file and entry", async () => {
    const run = await runBin(["lint", "--config", "bad-exclude/nncheck.config.json", "clean"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'nncheck: invalid configuration: bad-exclude/nncheck.config.json: "exclude[1]" is not a valid pattern: the character range z-a is out of order\n',
    );
  });
});

describe("nncheck lint: usage and configuration errors", () => {
  it.each([
    [["lint", "--frobnicate"], /Unknown option "--frobnicate"/],
    [["lint", "--format", "xml"], /Unknown format "xml"/],
    [["lint", "--fail-on", "sometimes"], /--fail-on expects one of/],
    [["lint", "--severity", "S201"], /--severity expects CODE=LEVEL/],
    [["lint", "--input-shape", "28,x"], /--input-shape expects positive integers/],
    [["lint", "--output"], /--output needs a value/],
    [["lint", "--config", "a.json", "--no-config"], /cannot be used together/],
  ])("%j exits 2", async (argv, message) => {
    const run = await runInProcess(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
  });
  it("rejects an unknown selector with exit 2", async () => {
    const run = await runInProcess(["lint", "--no-config", "--select", "S999", "clean"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown rule selector "S999"/);
  });
  it("rejects a bad config file naming the file and the key", async () => {
    const run = await runInProcess(["lint"], path.join(FIXTURES, "badconfig"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nncheck\.config\.json: "severity\.S201" must be/);
  });
  it("rejects a missing --config file", async () => {
    const run = await runInProcess(["lint", "--config", "nope.json", "clean"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.json: config file not found/);
  });
});

describe("nncheck rules", () => {
  it("lists the catalogue as a table", async () => {
    const run = await runInProcess(["rules"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^CODE\s+NAME\s+SEVERITY\s+LIFECYCLE\s+SUMMARY$/);
    expect(run.stdout).toMatch(/^S201\s+missing-softmax\s+error\s+stable\s+\S/m);
  });
  it("lists the catalogue as JSON", async () => {
    const run = await runInProcess(["rules", "--format", "json"]);
    const rules = JSON.parse(run.stdout) as { code: string; name: string; severity: string; summary: string }[];
    expect(rules.find((r) => r.code === "S201")).toMatchObject({ name: "missing-softmax", severity: "error" });
    expect(rules.every((r) => r.summary.length > 0)).toBe(true);
  });
  it("rejects an unknown format", async () => {
    expect((await runInProcess(["rules", "--format", "yaml"])).code).toBe(2);
  });
});

describe("nncheck explain", () => {
  it("prints a rule's doc under the fixed headings, by code or by name", async () => {
    const byCode = await runInProcess(["explain", "S201"]);
    expect(byCode.code).toBe(0);
    const headings = ["What it checks", "Why it matters", "Example", "Fix", "Options", "References"];
    const positions = headings.map((h) => byCode.stdout.indexOf(`\n${h}\n`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(byCode.stdout.startsWith("S201 missing-softmax")).toBe(true);
    expect((await runInProcess(["explain", "missing-softmax"])).stdout).toBe(byCode.stdout);
    expect((await runInProcess(["explain", "s201"])).stdout).toBe(byCode.stdout);
  });
  it("exits 2 with suggestions for an unknown rule", async () => {
    const run = await runInProcess(["explain", "missing-softmx"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown rule "missing-softmx"\. Did you mean: S201 missing-softmax/);
  });
  it("exits 2 without exactly one rule", async () => {
    expect((await runInProcess(["explain"])).code).toBe(2);
    expect((await runInProcess(["explain", "S201", "S202"])).code).toBe(2);
  });
});

describe("bin/nncheck.js (built)", () => {
  it("runs through the shim with the right exit codes", async () => {
    expect((await runBin(["--version"])).code).toBe(0);
    const usage = await runBin(["lint", "--frobnicate"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("Usage: nncheck lint");
    const explain = await runBin(["explain", "S201"]);
    expect(explain.stdout).toContain("What it checks");
  });
});

describe("formatExplanation", () => {
  it("falls back to the declared options when the doc has no Options prose", async () => {
    const { formatExplanation } = await import("../../src/cli/explain.js");
    const { fakeMeta } = await import("../helpers/lint-fakes.js");
    const meta = fakeMeta({ code: "S404", name: "excessive-dropout", options: { maxRate: { description: "Largest rate allowed", default: 0.5 } } });
    expect(formatExplanation(meta)).toContain("Options\n    maxRate (default: 0.5): Largest rate allowed\n");
    expect(formatExplanation(fakeMeta({ code: "S1", name: "x" }))).toContain("Options\n    None.\n");
  });
});

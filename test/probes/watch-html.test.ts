/**
 * `nncheck watch --format html`: the digest of the live run reaches the HTML reporter (curves, not only
 * findings), and the page on stdout stays alone there (the program's own output goes to stderr).
 * Uses the built preload in dist/ (`npm test` builds first).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/io.js";
import { runWatch } from "../../src/cli/watch.js";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const preload = path.join(repo, "dist", "probes", "tfjs", "watch-preload.js");

describe("nncheck watch --format html", () => {
  it("prints one page with the run's curves and its findings", async () => {
    expect(existsSync(preload), "build first: npm run build").toBe(true);
    let out = "";
    let err = "";
    const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), cwd: path.join(repo, "examples", "tfjs"), env: { ...process.env, NODE_OPTIONS: "" }, stdoutIsTTY: false };
    const code = await runWatch(["--format", "html", "--quiet", "--fail-on", "error", "nan-loss.js"], io, { preload });
    expect(code, err).toBe(1);
    expect(out.startsWith("<!doctype html>")).toBe(true);
    expect(out.trimEnd().endsWith("</html>")).toBe(true);
    const data = JSON.parse(/<script type="application\/json" id="nncheck-data">([\s\S]*?)<\/script>/.exec(out)![1]!) as {
      charts: { id: string; tables: { x: number[] }[] }[];
      findings: { code: string; chart: string }[];
    };
    const loss = data.charts.find((c) => c.id === "chart-loss")!;
    expect(loss.tables[0]!.x.length).toBeGreaterThan(5);
    expect(data.findings.find((f) => f.code === "D501")?.chart).toBe("chart-loss");
    expect(data.charts.some((c) => c.id.startsWith("chart-layer-"))).toBe(true);
  });
});

/**
 * Lint time against program size: programs of 1k to 200k lines made of one repeated block (a comment, a
 * function building and compiling a small model, a loop, a call), each linted once in a fresh process (wall
 * time of `lintSource`, peak memory). A fit of log(time) on log(lines) gives the exponent (1 = linear), and a
 * least-squares line the cost per line. Past the step budget the interpreter stops (the file is reported as
 * partly analysed) while parsing and the rules still cover the whole file.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

export const SCALING_SIZES = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000];

const BLOCK = [
  "# block {i}: a small classifier, built by a function",
  "def build_{i}(units=32):",
  "    model = keras.Sequential()",
  "    model.add(layers.Dense(units, activation='relu', input_shape=(20,)))  # hidden",
  "    model.add(layers.Dropout(0.5))",
  "    model.add(layers.Dense(10, activation='softmax'))",
  "    model.compile(loss='categorical_crossentropy', optimizer='adam')",
  "    return model",
  "for step in range(2):",
  "    model_{i} = build_{i}(16 + step)",
];

/** A program of about `lines` lines. */
export function scalingProgram(lines) {
  const out = ["from tensorflow import keras", "from tensorflow.keras import layers"];
  for (let i = 0; out.length < lines; i++) for (const line of BLOCK) out.push(line.replaceAll("{i}", String(i)));
  return out.slice(0, lines).join("\n") + "\n";
}

/** Lints a program of `lines` lines in a fresh process; its wall time in ms, peak RSS in MB, and whether it was cut. */
function measureOnce(root, lines) {
  const script = `
    const { lintSource } = await import(${JSON.stringify(pathToFileURL(path.join(root, "dist", "index.js")).href)});
    const { scalingProgram } = await import(${JSON.stringify(pathToFileURL(path.join(root, "bench", "lib", "scaling.js")).href)});
    const source = scalingProgram(${lines});
    await lintSource("x = 1\\n", "warm.py", { config: false });
    const t0 = performance.now();
    const report = await lintSource(source, "scale.py", { config: false });
    const ms = performance.now() - t0;
    const file = report.files[0];
    console.log(JSON.stringify({ ms, bytes: source.length, rssMB: process.resourceUsage().maxRSS / 1024, partial: file.understood?.partial === true, models: file.understood?.models ?? 0, findings: report.findings.length }));
  `;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`scaling run at ${lines} lines failed: ${run.stderr.slice(0, 2000)}`);
  return JSON.parse(run.stdout.trim().split("\n").pop());
}

function leastSquares(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) };
}

/** Measures every size; rows and fits. */
export function measureScaling(root, sizes = SCALING_SIZES) {
  const rows = sizes.map((lines) => ({ lines, ...measureOnce(root, lines) }));
  const logFit = leastSquares(rows.map((r) => Math.log(r.lines)), rows.map((r) => Math.log(r.ms)));
  const linearFit = leastSquares(rows.map((r) => r.lines), rows.map((r) => r.ms));
  return {
    rows,
    exponent: logFit.slope,
    exponentR2: logFit.r2,
    msPerThousandLines: linearFit.slope * 1000,
    interceptMs: linearFit.intercept,
    linearR2: linearFit.r2,
  };
}

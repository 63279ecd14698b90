/** A fixed Report exercising every reporter feature, with a fixed duration so snapshots are stable. */
import type { Report } from "../../src/report/finding.js";
import { fakeMeta } from "./lint-fakes.js";

const train = [
  "from tensorflow import keras",
  "from tensorflow.keras import layers",
  "",
  "model = keras.Sequential([",
  "    layers.Flatten(input_shape=(28, 28)),",
  "    layers.Dense(128, activation='relu'),",
  "    layers.Dense(10),",
  "])",
  "model.compile(optimizer=keras.optimizers.Adam(",
  "    learning_rate=0.5),",
  "    loss='categorical_crossentropy')",
  "",
].join("\n");

export function fixedReport(): Report {
  return {
    tool: "lint",
    files: [
      { path: "models/broken.py", parsed: false, error: { message: "missing ')'", line: 3, column: 17, kind: "syntax" }, source: "x = (\n" },
      { path: "models/weights.py", parsed: false, error: { message: "Binary file (contains NUL bytes): not linted", kind: "binary" } },
      { path: "train.py", parsed: true, source: train },
    ],
    findings: [
      {
        code: "S201",
        name: "missing-softmax",
        severity: "error",
        message: "categorical_crossentropy expects probabilities, but dense_1 (Dense, 10 units) has no softmax",
        file: "train.py",
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 21,
        layer: { name: "dense_1", kind: "dense", index: 2 },
      },
      {
        code: "S402",
        name: "learning-rate-out-of-range",
        severity: "warning",
        message: "Adam learning rate 0.5 is above 0.01: 50% likely to diverge, a:b",
        file: "train.py",
        line: 9,
        column: 15,
        endLine: 10,
        endColumn: 23,
      },
      { code: "S701", name: "no-random-seed", severity: "info", message: "No random seed is set", file: "train.py", line: 11, column: 5, endLine: 11, endColumn: 38 },
    ],
    rules: [
      fakeMeta({ code: "S201", name: "missing-softmax", severity: "error" }),
      fakeMeta({ code: "S402", name: "learning-rate-out-of-range", severity: "warning", options: { maxAdam: { description: "Adam upper bound", default: 0.01 } } }),
      fakeMeta({ code: "S701", name: "no-random-seed", severity: "info" }),
    ],
    summary: { files: 3, filesWithErrors: 2, errors: 1, warnings: 1, infos: 1, durationMs: 31 },
  };
}

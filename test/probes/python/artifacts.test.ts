/**
 * The files generated from nncheck's TypeScript for other-language probes are current, and the JSON Schema
 * accepts what the TypeScript types accept and refuses what they refuse.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { SCHEMA_FILE, telemetryJsonSchemaText } from "../../../scripts/telemetry-schema.js";
import { pythonVocabularyJson } from "../../../src/probes/python/vocabulary-export.js";
import { layerKindOf } from "../../../src/model/vocabulary.js";
import { repo, schemaProblems } from "./helpers.js";
import { validateJson, type JsonSchema } from "../../helpers/json-schema.js";

describe("generated artifacts", () => {
  it("python/nncheck_probe/vocabulary.json is the vocabulary's current export (npm run python-artifacts)", () => {
    expect(readFileSync(path.join(repo, "python", "nncheck_probe", "vocabulary.json"), "utf8")).toBe(pythonVocabularyJson());
  });

  it("docs/telemetry.schema.json is the schema's current export (npm run python-artifacts)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(telemetryJsonSchemaText());
  });

  it("the vocabulary export maps Keras and PyTorch names to the same canonical kinds", () => {
    const vocabulary = JSON.parse(pythonVocabularyJson()) as { layers: { keras: Record<string, string>; torch: Record<string, string> } };
    expect(vocabulary.layers.keras["Conv2D"]).toBe(layerKindOf("Conv2D", "keras"));
    expect(vocabulary.layers.torch["Conv2d"]).toBe("conv2d");
    expect(vocabulary.layers.torch["Linear"]).toBe(vocabulary.layers.keras["Dense"]);
  });
});

describe("the telemetry JSON Schema", () => {
  const start = {
    type: "run-start",
    v: 1,
    framework: "pytorch",
    backend: "cpu",
    time: "2026-01-01T00:00:00Z",
    config: { samplingInterval: 10 },
    model: { layers: [{ name: "fc1", kind: "dense", index: 0, outputShape: [null, 32], params: 672, activation: "relu" }], loss: "sparse_categorical_crossentropy", lossExpects: "logits" },
    frameworkVersion: "2.13.0",
  };

  it("accepts records as the types define them, non-finite numbers spelled as strings", () => {
    expect(schemaProblems(start)).toEqual([]);
    expect(schemaProblems({ type: "step", v: 1, step: 0, epoch: 0, batch: 0, loss: "NaN", metrics: {}, timeMs: 1.5 })).toEqual([]);
    expect(schemaProblems({ type: "run-end", v: 1.1, status: "stopped", steps: 3, reason: "interrupted" })).toEqual([]);
  });

  it("refuses unknown kinds, misspelled fields, null numbers and other major versions", () => {
    const layer = (start.model.layers[0] as Record<string, unknown>);
    expect(schemaProblems({ ...start, model: { layers: [{ ...layer, kind: "Linear" }] } }).join()).toMatch(/kind: "Linear" is not one of/);
    expect(schemaProblems({ ...start, framwork: "x" }).join()).toMatch(/unexpected property "framwork"/);
    expect(schemaProblems({ type: "step", v: 1, step: 0, epoch: 0, batch: 0, loss: null, metrics: {}, timeMs: 1 }).join()).toMatch(/\$\.loss/);
    expect(schemaProblems({ type: "run-end", v: 2, status: "completed", steps: 3 }).join()).toMatch(/\$\.v: not below 2/);
    expect(schemaProblems({ type: "run-end", v: 1, status: "done", steps: 3 }).join()).toMatch(/status/);
  });

  it("accepts a skipped preflight procedure with its reason alone, and nothing else beside it", () => {
    expect(schemaProblems({ type: "preflight", v: 1, procedure: "overfit-batch", skipped: "the data sample is empty" })).toEqual([]);
    expect(schemaProblems({ type: "preflight", v: 1, procedure: "data", skipped: "failed: x", timeMs: 3 })).toEqual([]);
    expect(schemaProblems({ type: "preflight", v: 1, procedure: "data", skipped: "failed: x", samples: 4 }).join()).toMatch(/unexpected property "samples"/);
    // The whole schema (oneOf over every record type) takes it too.
    expect(validateJson(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as JsonSchema, { type: "preflight", v: 1, procedure: "init", skipped: "no weights" })).toEqual([]);
  });
});

/**
 * Helpers for the Python front end's tests: analyse a snippet or a fixture and get at its models.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Layer, ModelFacts, ProgramModel } from "../../model/program.js";
import type { FrontendResult } from "../frontend.js";
import { analyzePythonWith, type PythonFrontendOptions } from "./index.js";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/frontend/", import.meta.url));

export function fixturePath(name: string): string {
  return `${FIXTURES}${name}`;
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** Strips the common indentation of a template literal, so snippets can be indented in test code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join("\n");
}

export async function analyze(source: string, options: PythonFrontendOptions = {}): Promise<FrontendResult & { program: ProgramModel }> {
  const result = await analyzePythonWith(dedent(source), "test.py", options);
  if (!result.program) throw new Error("no program extracted");
  return result as FrontendResult & { program: ProgramModel };
}

export async function analyzeFixture(name: string, options: PythonFrontendOptions = {}): Promise<FrontendResult & { program: ProgramModel }> {
  const result = await analyzePythonWith(readFixture(name), name, options);
  if (!result.program) throw new Error("no program extracted");
  return result as FrontendResult & { program: ProgramModel };
}

/** The only model of a program (fails the test when there is not exactly one). */
export function onlyModel(program: ProgramModel): ModelFacts {
  if (program.models.length !== 1) throw new Error(`expected one model, got ${program.models.length}`);
  return program.models[0]!;
}

export function modelNamed(program: ProgramModel, variable: string): ModelFacts {
  const model = program.models.find((m) => m.variable === variable);
  if (!model) throw new Error(`no model bound to '${variable}'`);
  return model;
}

/** `name:kind` of each layer, in order: compact enough to assert whole architectures. */
export function layerSignature(model: ModelFacts): string[] {
  return model.architecture.layers.map((l: Layer) => `${l.name}:${l.kind}`);
}

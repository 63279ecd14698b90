/**
 * The Python (Keras / tf.keras) front end: parses a file with tree-sitter, evaluates it with the abstract
 * interpreter and the Keras library model, and returns the ProgramModel. Never throws.
 */
import type { ModelFacts, ProgramModel } from "../../model/program.js";
import { propagateShapes } from "../../model/shapes.js";
import type { Frontend, FrontendOptions, FrontendResult } from "../frontend.js";
import { Interpreter } from "./interpreter.js";
import { FrameworkLibrary } from "./library/index.js";
import { buildArchitecture, effectiveLearner } from "./library/graph.js";
import { parsePython } from "./parser.js";
import { BudgetExceeded, DEFAULT_STEP_BUDGET, ExtractionState } from "./state.js";

export interface PythonFrontendOptions extends FrontendOptions {
  /** Upper bound on interpreter steps (tests use small budgets). */
  stepBudget?: number;
}

export const analyzePython: Frontend = (source, file, options) => analyzePythonWith(source, file, options ?? {});

/** `analyzePython` with the front end's own options. Never throws: a failure is a note on an empty program. */
export async function analyzePythonWith(source: string, file: string, options: PythonFrontendOptions): Promise<FrontendResult> {
  try {
    return await analyze(source, file, options);
  } catch (error) {
    return { program: { file, framework: "keras", models: [], notes: [{ message: `front end failed: ${String(error)}` }] }, syntaxErrors: [] };
  }
}

async function analyze(source: string, file: string, options: PythonFrontendOptions): Promise<FrontendResult> {
  let parsed;
  try {
    parsed = await parsePython(source);
  } catch (error) {
    return {
      program: { file, framework: "keras", models: [], notes: [{ message: `parser unavailable: ${String(error)}` }] },
      syntaxErrors: [],
    };
  }
  const state = new ExtractionState(file, options.inputShape, options.stepBudget ?? DEFAULT_STEP_BUDGET);
  const library = new FrameworkLibrary(state);
  const interpreter = new Interpreter(state, library);
  let stoppedEarly = false;
  try {
    interpreter.runModule(parsed.root);
    interpreter.runEntryPoints();
  } catch (error) {
    stoppedEarly = true;
    state.note(error instanceof BudgetExceeded ? `analysis stopped: work budget of ${state.stepBudget} steps exceeded` : `analysis stopped: internal error: ${String(error)}`);
  }
  try {
    library.finish();
  } catch (error) {
    state.note(`analysis stopped: internal error: ${String(error)}`);
  }
  const models: ModelFacts[] = [];
  for (const model of state.models) {
    try {
      const architecture = buildArchitecture(model, state);
      if (stoppedEarly) architecture.complete = false;
      try {
        propagateShapes(architecture);
      } catch (error) {
        state.note(`shape inference failed: ${String(error)}`);
      }
      const facts: ModelFacts = { architecture, training: model.training, inference: model.inference, span: model.span };
      if (model.variable !== undefined) facts.variable = model.variable;
      if (model.package) facts.keras = { package: model.package };
      const learner = effectiveLearner(model, architecture);
      if (learner) facts.learner = learner;
      models.push(facts);
    } catch (error) {
      state.note(`model extraction failed: ${String(error)}`);
    }
  }
  const graphModeOnly = state.usesTf1 && state.models.every((m) => m.tf1);
  const program: ProgramModel = { file, framework: graphModeOnly ? "tf1" : "keras", models, notes: state.notes };
  program.argumentMisuses = state.argumentMisuses;
  if (state.seedSet) program.seedSet = true;
  else if (models.length > 0 && !stoppedEarly) program.seedSet = false;
  if (state.imageDataFormat) program.imageDataFormat = state.imageDataFormat;
  const result: FrontendResult = { program, syntaxErrors: parsed.problems };
  if (state.assumedImports.size > 0) result.assumedImports = [...state.assumedImports].map(([name, path]) => ({ name, path }));
  if (stoppedEarly) result.partial = true;
  return result;
}

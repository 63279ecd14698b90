/**
 * The Python (Keras / tf.keras) front end: parses a file with tree-sitter, evaluates it with the abstract
 * interpreter and the Keras library model, and returns the ProgramModel. Never throws.
 */
import type { Architecture, ModelFacts, ProgramModel } from "../../model/program.js";
import { propagateShapes } from "../../model/shapes.js";
import { LAYER_KINDS } from "../../model/vocabulary.js";
import type { Frontend, FrontendOptions, FrontendResult } from "../frontend.js";
import { Interpreter } from "./interpreter.js";
import { FrameworkLibrary } from "./library/index.js";
import { buildArchitecture, effectiveLearner } from "./library/graph.js";
import { ParseBudgetExceeded, parsePython } from "./parser.js";
import { BudgetExceeded, DEFAULT_STEP_BUDGET, ExtractionState } from "./state.js";

export interface PythonFrontendOptions extends FrontendOptions {
  /** Upper bound on interpreter steps (tests use small budgets). */
  stepBudget?: number;
}

/**
 * `Conv2D(32, 3, 5)` from standalone Keras: a program whose other spellings are Keras 1's runs on Keras < 2.4,
 * which read it as a 3×5 kernel; otherwise the version decides (kernel 3 and strides 5 from Keras 2.4 on), so
 * what differs between the readings is unknown: the kernel unless both numbers agree, and the strides.
 */
function resolveVersionDependentLayers(state: ExtractionState): void {
  for (const { layer, legacyKernel, legacyStrides } of state.versionDependentLayers) {
    if (state.legacyKeras) {
      layer.config.kernelSize = [...legacyKernel];
      if (legacyStrides) layer.config.strides = legacyStrides;
      else delete layer.config.strides;
      continue;
    }
    if (legacyKernel[0] === legacyKernel[1]) layer.config.kernelSize = [...legacyKernel];
    else delete layer.config.kernelSize;
    delete layer.config.strides;
  }
}

/**
 * A Keras 0/1 program that never sets its image ordering relied on keras.json, whose default then depended on
 * the backend (channels-first under Theano). Its spatial layers take the ordering its input shape plainly
 * intends (`(28, 28, 1)`: channels last; `(3, 32, 32)`: channels first), else an unknown ordering.
 */
function resolveLegacyOrdering(architecture: Architecture): void {
  const ordering = orderingIntent(architecture) ?? "unknown";
  for (const layer of architecture.layers) {
    if (LAYER_KINDS[layer.kind].spatialRank !== undefined && layer.config.dataFormat === undefined) layer.config.dataFormat = ordering;
  }
}

/** The ordering a declared image input shape intends: channels (1, 3 or 4) at one end only, images larger than 4 at the other. */
function orderingIntent(architecture: Architecture): "channels_last" | "channels_first" | undefined {
  const declared = architecture.layers.map((l) => l.declaredInputShape?.slice(1)).find((shape) => shape !== undefined && shape.length >= 3);
  if (!declared) return undefined;
  const channelLike = (d: number | null | undefined): boolean => d === 1 || d === 3 || d === 4;
  const image = (dims: (number | null)[]): boolean => dims.every((d) => typeof d === "number" && d > 4);
  const last = channelLike(declared[declared.length - 1]) && image(declared.slice(0, -1));
  const first = channelLike(declared[0]) && image(declared.slice(1));
  if (last === first) return undefined;
  return last ? "channels_last" : "channels_first";
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
    if (error instanceof ParseBudgetExceeded) {
      // Nothing was read: the file is reported as not parsed, and as partly analysed (not at all).
      return {
        program: { file, framework: "keras", models: [], notes: [{ message: "not analysed: parsing this file went past its work bound" }] },
        syntaxErrors: [{ message: "too costly to parse (work bound exceeded)", line: 1, column: 1 }],
        partial: true,
      };
    }
    return {
      program: { file, framework: "keras", models: [], notes: [{ message: `parser unavailable: ${String(error)}` }] },
      syntaxErrors: [],
    };
  }
  const state = new ExtractionState(file, options.inputShape, options.stepBudget ?? DEFAULT_STEP_BUDGET);
  if (parsed.repairCut) state.note("syntax errors past the repair bound: the lines around them were not read");
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
  resolveVersionDependentLayers(state);
  const models: ModelFacts[] = [];
  for (const model of state.models) {
    try {
      const architecture = buildArchitecture(model, state);
      if (stoppedEarly) architecture.complete = false;
      if (state.legacyKeras && !state.imageDataFormat) resolveLegacyOrdering(architecture);
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
  else if (models.length > 0 && !stoppedEarly && !state.budgetCut) program.seedSet = false;
  if (state.imageDataFormat) program.imageDataFormat = state.imageDataFormat;
  else if (state.legacyKeras) program.imageDataFormat = "unknown";
  const result: FrontendResult = { program, syntaxErrors: parsed.problems };
  if (state.assumedImports.size > 0) result.assumedImports = [...state.assumedImports].map(([name, path]) => ({ name, path }));
  if (stoppedEarly || state.budgetCut) result.partial = true;
  return result;
}

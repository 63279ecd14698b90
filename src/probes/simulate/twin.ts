/**
 * The TF.js twin of a statically extracted architecture: the same layers wired the same way (Sequential
 * chains and functional graphs with merges), built layer by layer so that a layer TF.js cannot build is
 * reported with its reason while the rest is still built. A model is built when every output it keeps is
 * connected to the inputs; an output whose branch cannot be built is left out and reported.
 */
import * as tf from "@tensorflow/tfjs";
import { outputLayers } from "../../model/graph.js";
import type { Architecture, Layer, ProgramModel, Shape } from "../../model/program.js";
import { planLayer, type TfLayer } from "./layer-builder.js";
import type { Random } from "./random.js";

/** A program layer the twin leaves out or replaces, and why. */
export interface LayerIssue {
  layer: Layer;
  reason: string;
}

/** A difference between the twin and the program (a standard choice, an approximation), tied to a layer when it has one. */
export interface TwinNote {
  layer?: Layer;
  text: string;
}

export interface TwinInput {
  /** The program layer the input stands for (an Input layer, or a Sequential's first layer). */
  layer: Layer;
  /** Shape without the batch dimension. */
  shape: number[];
}

export interface TwinBuild {
  /** The twin; undefined when it could not be built (see `notSimulated`). */
  model?: tf.LayersModel;
  /** Why there is no twin. */
  notSimulated?: string;
  /** Program layer of each twin layer, by twin layer name (an activation TF.js lacks adds a twin layer to its layer). */
  origins: Map<string, Layer>;
  /** Layers that could not be built (the model may still be built without them). */
  notBuilt: LayerIssue[];
  /** Layers replaced by their input (their computation is unknown or not simulated; the shape is kept). */
  passedThrough: LayerIssue[];
  notes: TwinNote[];
  /** The twin's inputs, in the model's input order. */
  inputs: TwinInput[];
  /** The program's output layers the twin computes, in the model's output order. */
  outputs: Layer[];
  /** Layers whose twin output shape contradicts the shape the front end inferred. */
  shapeMismatches: { layer: Layer; program: Shape; twin: Shape }[];
  /** Parameters per program layer in the twin (trainable and not), for comparison with the front end's counts. */
  parameterCounts: Map<number, number>;
  /** Total parameters of the twin. */
  parameters: number;
}

export interface TwinOptions {
  random: Random;
  /** The program's global image ordering, when set. */
  dataFormat?: ProgramModel["imageDataFormat"];
  /** Largest model simulated, in parameters (as the front end counts them, then as built). */
  maxParameters: number;
}

type Built = { ok: true; tensor: tf.SymbolicTensor } | { ok: false; reason: string };

/** Builds the twin of an architecture. Never throws; a model that cannot be built says why. */
export function buildTwin(architecture: Architecture, options: TwinOptions): TwinBuild {
  const build: TwinBuild = {
    origins: new Map(),
    notBuilt: [],
    passedThrough: [],
    notes: [],
    inputs: [],
    outputs: [],
    shapeMismatches: [],
    parameterCounts: new Map(),
    parameters: 0,
  };
  const declared = architecture.layers.reduce((sum, l) => sum + (l.paramCount ?? 0), 0);
  if (declared > options.maxParameters) {
    build.notSimulated = `the model has ${declared} parameters, more than the simulation's limit of ${options.maxParameters}`;
    return build;
  }
  const builder = new TwinBuilder(architecture, options, build);
  try {
    builder.build();
  } catch (error) {
    builder.disposeCreated();
    build.model = undefined;
    build.notSimulated = `TF.js could not build the model: ${error instanceof Error ? error.message : String(error)}`;
  }
  return build;
}

class TwinBuilder {
  private readonly names = new Set<string>();
  private readonly memo = new Map<number, Built>();
  private readonly visiting = new Set<number>();
  private readonly inputTensors = new Map<number, tf.SymbolicTensor>();
  private readonly created: TfLayer[] = [];
  private readonly inputIndices: Set<number>;

  constructor(
    private readonly architecture: Architecture,
    private readonly options: TwinOptions,
    private readonly out: TwinBuild,
  ) {
    this.inputIndices = new Set(architecture.inputs.length > 0 ? architecture.inputs : architecture.layers.filter((l) => l.inbound.length === 0).map((l) => l.index));
  }

  build(): void {
    const wanted = outputLayers(this.architecture);
    if (wanted.length === 0) {
      this.out.notSimulated = "the model has no layers";
      return;
    }
    const outputs: tf.SymbolicTensor[] = [];
    const failures: string[] = [];
    for (const layer of wanted) {
      const built = this.tensorOf(layer.index);
      if (built.ok) {
        outputs.push(built.tensor);
        this.out.outputs.push(layer);
      } else {
        failures.push(`output ${layer.name}: ${built.reason}`);
      }
    }
    if (outputs.length === 0) {
      this.out.notSimulated = failures.join("; ");
      this.disposeCreated();
      return;
    }
    for (const failure of failures) this.out.notes.push({ text: `left out ${failure}` });
    const inputs = [...this.inputTensors.entries()].sort((a, b) => a[0] - b[0]);
    const model = tf.model({ inputs: inputs.map(([, t]) => t), outputs, name: "nncheck_twin" });
    // Inputs that no kept output depends on are not inputs of the model.
    this.out.inputs = this.out.inputs.filter((input) => model.inputs.some((t) => t === this.inputTensors.get(input.layer.index)));
    this.out.model = model;
    this.countParameters(model);
    if (this.out.parameters > this.options.maxParameters) {
      model.dispose();
      delete this.out.model;
      this.out.notSimulated = `the twin has ${this.out.parameters} parameters, more than the simulation's limit of ${this.options.maxParameters}`;
    }
  }

  /** Frees the weights of layers built before a failure. */
  disposeCreated(): void {
    for (const layer of this.created) {
      try {
        if (layer.built) layer.dispose();
      } catch {
        // Already disposed with a model.
      }
    }
  }

  private uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.-]/g, "_") || "layer";
    let name = clean;
    for (let i = 1; this.names.has(name); i++) name = `${clean}_${i}`;
    this.names.add(name);
    return name;
  }

  private tensorOf(index: number): Built {
    const memo = this.memo.get(index);
    if (memo) return memo;
    const layer = this.architecture.layers[index];
    if (!layer) return { ok: false, reason: `layer #${index} does not exist` };
    if (this.visiting.has(index)) return { ok: false, reason: `${layer.name} is part of a cycle` };
    this.visiting.add(index);
    const built = this.buildLayer(layer);
    this.visiting.delete(index);
    this.memo.set(index, built);
    return built;
  }

  private inputTensorFor(layer: Layer): Built {
    const shape = layer.kind === "input" ? (layer.declaredInputShape ?? layer.outputShape) : (layer.declaredInputShape ?? layer.inputShapes?.[0]);
    if (shape === undefined || shape.length < 2 || shape.slice(1).some((d) => d === null)) {
      return { ok: false, reason: `the input shape of ${layer.name} is not known` };
    }
    const dims = shape.slice(1) as number[];
    const tensor = tf.input({ shape: dims, name: this.uniqueName(layer.kind === "input" ? layer.name : `${layer.name}_input`) });
    this.inputTensors.set(layer.index, tensor);
    this.out.inputs.push({ layer, shape: dims });
    return { ok: true, tensor };
  }

  private buildLayer(layer: Layer): Built {
    let inbound: tf.SymbolicTensor[];
    if (this.inputIndices.has(layer.index) || (layer.inbound.length === 0 && layer.kind === "input")) {
      const input = this.inputTensorFor(layer);
      if (!input.ok || layer.kind === "input") return this.record(layer, input);
      inbound = [input.tensor];
    } else {
      if (layer.inbound.length === 0) return this.record(layer, { ok: false, reason: `${layer.name} is not connected to an input` });
      inbound = [];
      for (const source of layer.inbound) {
        const built = this.tensorOf(source);
        if (!built.ok) return { ok: false, reason: built.reason };
        inbound.push(built.tensor);
      }
    }
    const merge = layer.kind !== "unknown" && layer.kind !== "lambda" && inbound.length > 1;
    const category = merge ? (layer.kind === "concatenate" || ["add", "subtract", "multiply", "average", "maximum", "minimum", "dot"].includes(layer.kind) ? "merge" : "other") : "single";
    if (category === "other") return this.record(layer, { ok: false, reason: `${layer.name} (${layer.kind}) is called on several inputs; a shared layer is not simulated` });
    const plan = planLayer(layer, { random: this.options.random, name: this.uniqueName(layer.name), dataFormat: layer.config.dataFormat ?? this.options.dataFormat });
    if (plan.status === "unsupported") return this.record(layer, { ok: false, reason: `${layer.name} (${layer.kind}): ${plan.reason}` });
    if (plan.status === "passthrough") {
      if (inbound.length !== 1) return this.record(layer, { ok: false, reason: `${layer.name} (${layer.kind}): ${plan.reason}, but it has several inputs` });
      this.out.passedThrough.push({ layer, reason: plan.reason });
      return { ok: true, tensor: inbound[0]! };
    }
    let tensor: tf.SymbolicTensor;
    try {
      let current: tf.SymbolicTensor | tf.SymbolicTensor[] = inbound.length === 1 ? inbound[0]! : inbound;
      for (const tfLayer of plan.layers) {
        this.created.push(tfLayer);
        current = tfLayer.apply(current) as tf.SymbolicTensor;
        this.out.origins.set(tfLayer.name, layer);
      }
      tensor = current as tf.SymbolicTensor;
    } catch (error) {
      return this.record(layer, { ok: false, reason: `${layer.name} (${layer.kind}): TF.js rejected it: ${error instanceof Error ? error.message : String(error)}` });
    }
    for (const text of plan.notes) this.out.notes.push({ layer, text });
    this.compareShape(layer, tensor.shape);
    return { ok: true, tensor };
  }

  private record(layer: Layer, built: Built): Built {
    if (!built.ok) this.out.notBuilt.push({ layer, reason: built.reason });
    return built;
  }

  private compareShape(layer: Layer, twin: Shape): void {
    const program = layer.outputShape;
    if (program === undefined) return;
    const contradicts = program.length !== twin.length || program.some((d, i) => i > 0 && d !== null && twin[i] !== null && d !== twin[i]);
    if (contradicts) this.out.shapeMismatches.push({ layer, program, twin });
  }

  private countParameters(model: tf.LayersModel): void {
    let total = 0;
    for (const tfLayer of model.layers) {
      const origin = this.out.origins.get(tfLayer.name);
      const count = tfLayer.weights.reduce((n, w) => n + w.shape.reduce<number>((a, b) => a * (b ?? 1), 1), 0);
      total += count;
      if (origin) this.out.parameterCounts.set(origin.index, (this.out.parameterCounts.get(origin.index) ?? 0) + count);
    }
    this.out.parameters = total;
  }
}

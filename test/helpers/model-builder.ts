/**
 * A tiny builder of ProgramModels for rule tests that do not go through a front end. Each layer, the
 * compile call and the fit call are placed on their own line (given, or the next free line) at column 1,
 * so tests can assert positions.
 */
import type {
  DataFacts,
  InitializerSpec,
  Layer,
  LayerConfig,
  LossSpec,
  MetricSpec,
  ModelFacts,
  OptimizerSpec,
  ProgramModel,
  Shape,
  SourceSpan,
  TrainingLoop,
} from "../../src/model/program.js";
import { LOSSES, type ActivationKind, type InitializerKind, type LayerKind, type LossKind, type MetricKind, type OptimizerKind } from "../../src/model/vocabulary.js";

export interface LayerOptions {
  activation?: ActivationKind;
  /** Declared input shape including batch (first layer). */
  input?: Shape;
  inputShapes?: (Shape | undefined)[];
  out?: Shape;
  /** Inbound layer indices; default: the previous layer (none for the first). */
  inbound?: number[];
  name?: string;
  line?: number;
  kernelInitializer?: InitializerKind;
  biasInitializer?: InitializerKind;
  conditional?: boolean;
}

export interface CompileOptions {
  loss?: LossKind;
  /** Default: the loss's own default, as front ends resolve it; "unknown" leaves it undefined. */
  fromLogits?: boolean | "unknown";
  optimizer?: OptimizerKind;
  learningRate?: number;
  epsilon?: number;
  metrics?: MetricKind[];
  /** Per-output losses: output layer index → loss. */
  outputLosses?: Record<number, LossKind>;
  line?: number;
}

export interface FitOptions extends Partial<Omit<TrainingLoop, "span" | "x" | "y">> {
  x?: Partial<DataFacts>;
  y?: Partial<DataFacts>;
  line?: number;
}

const FILE = "model.py";

function span(line: number, column = 1, length = 10): SourceSpan {
  return { file: FILE, line, column, endLine: line, endColumn: column + length };
}

function pascal(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

export class ModelBuilder {
  private readonly layers: Layer[] = [];
  private learner: ModelFacts["learner"];
  private readonly training: TrainingLoop[] = [];
  private nextLine = 1;
  private complete = true;
  private outputs: number[] | undefined;
  private externalOutputs: number[] | undefined;

  private takeLine(line?: number): number {
    const chosen = line ?? this.nextLine;
    this.nextLine = Math.max(this.nextLine, chosen + 1);
    return chosen;
  }

  layer(kind: LayerKind, config: LayerConfig = {}, options: LayerOptions = {}): this {
    const index = this.layers.length;
    const line = this.takeLine(options.line);
    const initializer = (k: InitializerKind | undefined): InitializerSpec | undefined =>
      k === undefined ? undefined : { kind: k, frameworkName: k, span: span(line, 20, 5) };
    const layer: Layer = {
      index,
      name: options.name ?? `${kind}_${index}`,
      kind,
      frameworkName: pascal(kind),
      config,
      inbound: options.inbound ?? (index === 0 ? [] : [index - 1]),
      span: span(line),
    };
    if (options.activation !== undefined) layer.activation = options.activation;
    if (options.input !== undefined) layer.declaredInputShape = options.input;
    if (options.inputShapes !== undefined) layer.inputShapes = options.inputShapes;
    if (options.out !== undefined) layer.outputShape = options.out;
    if (options.conditional) layer.conditional = true;
    const kernel = initializer(options.kernelInitializer);
    if (kernel) layer.kernelInitializer = kernel;
    const bias = initializer(options.biasInitializer);
    if (bias) layer.biasInitializer = bias;
    this.layers.push(layer);
    return this;
  }

  /** Shorthand for a Dense layer. */
  dense(units: number, activation: ActivationKind = "linear", options: LayerOptions = {}): this {
    return this.layer("dense", { units }, { activation, ...options });
  }

  incomplete(): this {
    this.complete = false;
    return this;
  }

  withOutputs(outputs: number[]): this {
    this.outputs = outputs;
    return this;
  }

  /** Layers read outside the model (another model's outputs, TF1 fetches). */
  withExternalOutputs(indices: number[]): this {
    this.externalOutputs = indices;
    return this;
  }

  compile(options: CompileOptions = {}): this {
    const line = this.takeLine(options.line);
    let loss: LossSpec | undefined;
    if (options.loss !== undefined) {
      loss = { kind: options.loss, frameworkName: options.loss, span: span(line, 20, 8) };
      if (options.fromLogits === undefined) loss.fromLogits = LOSSES[options.loss].expects === "logits";
      else if (options.fromLogits !== "unknown") loss.fromLogits = options.fromLogits;
    }
    let optimizer: OptimizerSpec | undefined;
    if (options.optimizer !== undefined) {
      optimizer = { kind: options.optimizer, frameworkName: options.optimizer, span: span(line, 40, 6) };
      if (options.learningRate !== undefined) optimizer.learningRate = options.learningRate;
      if (options.epsilon !== undefined) optimizer.epsilon = options.epsilon;
    }
    const metrics: MetricSpec[] = (options.metrics ?? []).map((kind) => ({ kind, frameworkName: kind, span: span(line, 60, 5) }));
    this.learner = { metrics, span: span(line) };
    if (options.outputLosses) {
      this.learner.outputLosses = Object.entries(options.outputLosses).map(([output, kind]) => ({
        output: Number(output),
        loss: { kind, frameworkName: kind, fromLogits: LOSSES[kind].expects === "logits", span: span(line, 20, 8) },
      }));
    }
    if (loss) this.learner.loss = loss;
    if (optimizer) this.learner.optimizer = optimizer;
    return this;
  }

  fit(options: FitOptions = {}): this {
    const { x, y, line, ...rest } = options;
    const call: TrainingLoop = { driver: "fit", call: "fit", ...rest, span: span(this.takeLine(line)) };
    if (x) call.x = { transforms: [], ...x };
    if (y) call.y = { transforms: [], ...y };
    this.training.push(call);
    return this;
  }

  /** A TF1 session loop training the model (on the next free line, unless `span` is given). */
  session(loop: Omit<TrainingLoop, "driver" | "call" | "span"> & { span?: SourceSpan }): this {
    const { span: given, ...rest } = loop;
    this.training.push({ driver: "session", call: "sess.run", span: given ?? span(this.takeLine(undefined)), ...rest });
    return this;
  }

  model(): ModelFacts {
    const model: ModelFacts = {
      architecture: {
        layers: this.layers,
        inputs: this.layers.length > 0 ? [0] : [],
        outputs: this.outputs ?? (this.layers.length > 0 ? [this.layers.length - 1] : []),
        style: "sequential",
        complete: this.complete,
      },
      training: this.training,
      inference: [],
      span: span(1, 1, 5),
    };
    if (this.externalOutputs) model.architecture.externalOutputs = this.externalOutputs;
    if (this.learner) model.learner = this.learner;
    return model;
  }

  program(extra: Partial<ProgramModel> = {}): ProgramModel {
    return { file: FILE, framework: "keras", models: [this.model()], notes: [], ...extra };
  }
}

export function model(): ModelBuilder {
  return new ModelBuilder();
}

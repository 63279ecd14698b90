/**
 * What the interpreter accumulates while it runs: models, layer naming counters, program-wide facts,
 * notes, and the work budget. One instance per analysed file.
 */
import type { SyntaxNode as Node } from "./syntax.js";
import type { ArgumentMisuse, FrontendNote, KerasPackage, SourceSpan } from "../../model/program.js";
import type { LayerState, ModelState, Value } from "./values.js";

export interface CallArgs {
  positional: Value[];
  keywords: Map<string, Value>;
  /** The argument expressions, for spans and variable names. */
  positionalNodes: (Node | undefined)[];
  keywordNodes: Map<string, Node>;
  /** A `*args` / `**kwargs` whose content is unknown was passed: absent arguments may be present. */
  opaqueSplat: boolean;
}

export interface CallSite {
  node: Node;
  span: SourceSpan;
}

/** Thrown when the step budget runs out; caught at the top of the front end. */
export class BudgetExceeded extends Error {
  constructor() {
    super("analysis step budget exceeded");
  }
}

/**
 * Interpreter steps (statements and expressions evaluated) per file. A count, not a clock, so the same program
 * always gives the same findings whatever the machine's load.
 */
export const DEFAULT_STEP_BUDGET = 400_000;

export class ExtractionState {
  readonly models: ModelState[] = [];
  readonly notes: FrontendNote[] = [];
  /** Arguments of the wrong kind, or whose meaning changed since Keras 1 (one per place). */
  readonly argumentMisuses: ArgumentMisuse[] = [];
  private readonly nameCounters = new Map<string, number>();
  private readonly misusePlaces = new Set<string>();
  private readonly notePlaces = new Set<string>();
  private budgetNotes = 0;
  private layerSeq = 0;
  private callSeq = 0;
  private modelSeq = 0;
  seedSet = false;
  imageDataFormat?: "channels_last" | "channels_first";
  /** > 0 while evaluating under a condition the interpreter could not decide. */
  conditionalDepth = 0;
  /** > 0 while evaluating a loop body whose iteration count is unknown. */
  uncertainDepth = 0;
  /** > 0 while evaluating a loop body (any loop). */
  loopDepth = 0;
  /** Set when the program uses TF1 graph-mode APIs (placeholders, tf.layers, sessions). */
  usesTf1 = false;
  /** Names the program uses without binding them, read as their framework's conventional import (name → path shown). */
  readonly assumedImports = new Map<string, string>();
  /**
   * Set when the program is written for Keras 0/1 (`Convolution2D(32, 3, 3)`, `border_mode=`, `nb_epoch=`...):
   * the image ordering then defaulted to a setting outside the program (channels-first under Theano).
   */
  legacyKeras = false;
  /**
   * Convolutions whose positional arguments Keras versions read differently (see `isVersionDependentConv`):
   * resolved once the whole program is read.
   */
  readonly versionDependentLayers: { layer: LayerState; legacyKernel: [number, number]; legacyStrides: number[] | undefined }[] = [];
  /** The Keras package the program imports (the first one bound), for names it uses without importing. */
  kerasPackage?: KerasPackage;
  /** Set when a loop was cut short after creating layers: the models may miss some. */
  layersLost = false;
  /** Set when loops stopped unrolling or calls were not followed to keep within the work budget: the file was partly analysed. */
  budgetCut = false;
  steps = 0;

  constructor(
    readonly file: string,
    readonly inputShape: number[] | undefined,
    readonly stepBudget: number = DEFAULT_STEP_BUDGET,
  ) {}

  step(): void {
    if (++this.steps > this.stepBudget) throw new BudgetExceeded();
  }

  /** Counts `units` steps at once: work in proportion to the size of the values handled (see `sizeWork`). */
  charge(units: number): void {
    if (units > 0 && (this.steps += units) > this.stepBudget) throw new BudgetExceeded();
  }

  span(node: Node): SourceSpan {
    const start = node.startPosition;
    const end = node.endPosition;
    return { file: this.file, line: start.row + 1, column: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
  }

  note(message: string, node?: Node): void {
    // Notes that the analysis was cut short have their own allowance, so a file full of other notes still says so.
    const aboutBudget = message.startsWith("analysis ");
    if (aboutBudget ? this.budgetNotes >= 50 : this.notes.length - this.budgetNotes >= 200) return;
    const span = node ? this.span(node) : undefined;
    // Loops re-run the same statements: one note per message and place.
    const key = `${span?.line}:${span?.column}:${message}`;
    if (this.notePlaces.has(key)) return;
    this.notePlaces.add(key);
    if (aboutBudget) this.budgetNotes++;
    this.notes.push(span ? { message, span } : { message });
  }

  misuse(entry: ArgumentMisuse): void {
    const key = `${entry.span.line}:${entry.span.column}:${entry.parameter}`;
    if (this.misusePlaces.has(key)) return;
    this.misusePlaces.add(key);
    this.argumentMisuses.push(entry);
  }

  nextLayerId(): number {
    return this.layerSeq++;
  }

  get layersCreated(): number {
    return this.layerSeq;
  }

  nextCallOrder(): number {
    return this.callSeq++;
  }

  nextModelId(): number {
    return this.modelSeq++;
  }

  /** tf.keras auto names: `dense`, `dense_1`, ... per snake-cased class name (Input layers: `input_1`, ...). */
  autoLayerName(className: string): string {
    const base = className === "Input" || className === "InputLayer" ? "input" : toSnakeCase(className);
    const count = this.nameCounters.get(base) ?? 0;
    this.nameCounters.set(base, count + 1);
    if (base === "input") return `input_${count + 1}`;
    return count === 0 ? base : `${base}_${count}`;
  }

  addLayerFlags(layer: Pick<LayerState, "conditional" | "uncertain">): void {
    layer.conditional = this.conditionalDepth > 0;
    layer.uncertain = this.uncertainDepth > 0;
  }
}

/** Keras's class-name to layer-name rule (`MaxPooling2D` → `max_pooling2d`, `LeakyReLU` → `leaky_re_lu`). */
function toSnakeCase(name: string): string {
  const intermediate = name.replace(/(.)([A-Z][a-z0-9]+)/g, "$1_$2");
  return intermediate.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}

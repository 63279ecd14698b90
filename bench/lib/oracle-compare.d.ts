import type { ProgramModel, Shape } from "../../src/model/program.js";
import type { ActivationKind, LayerKind, LayerKindSpec, LossKind, NameDialect } from "../../src/model/vocabulary.js";

export type OracleField = "model" | "layer" | "kind" | "name" | "shape" | "params" | "activation" | "input" | "output" | "loss" | "fromLogits";
export const ORACLE_FIELDS: readonly OracleField[];

/** What the comparison needs of src/model/vocabulary (passed in, so this module stays free of the build). */
export interface OracleVocabulary {
  layerKindOf(name: string, dialect: NameDialect): LayerKind | undefined;
  activationOf(name: string, dialect: NameDialect): ActivationKind | undefined;
  lossOf(name: string, dialect: NameDialect): LossKind | undefined;
  LAYER_KINDS: Readonly<Record<string, LayerKindSpec>>;
}

/** Where the program made an object (file relative to the copy root, 1-based line and column). */
export interface KerasSite {
  file: string;
  line: number;
  column: number;
}

/** A recorded loss: a name (string, Loss class or function) or one per output. */
export interface KerasLoss {
  name?: string;
  fromLogits?: boolean | null;
  custom?: boolean;
  perOutput?: Record<string, KerasLoss> | KerasLoss[];
}

export interface KerasLayer {
  name: string;
  class: string;
  explicitName?: boolean;
  site: KerasSite | null;
  sequence: number | null;
  input: boolean;
  /** A functional graph's operation that is not a layer (a function applied to a symbolic tensor). */
  operation?: boolean;
  /** Output shapes without the batch axis (the first is compared). */
  outputShapes: (Dim[] | null)[] | null;
  params: number | null;
  activation: string | null;
  wrapped?: { class: string; activation: string | null };
}
type Dim = number | null;

export interface KerasModel {
  class: string;
  name: string;
  style: "sequential" | "functional" | "subclassed";
  site: KerasSite | null;
  sequence: number | null;
  inputs: Dim[][] | null;
  layers: KerasLayer[];
  outputs: string[] | null;
  loss: KerasLoss | null;
  variables?: string[];
}

/** The worker's result for one program. */
export interface KerasResult {
  status: "built" | "partial" | "not-buildable" | "no-model";
  category?: string | null;
  reason?: string | null;
  models: KerasModel[];
  /** Line ranges [first, last] of the program's functions that never ran. */
  notRun?: [number, number][];
}

export interface Disagreement {
  program: string;
  model: string;
  layer: string | null;
  field: OracleField;
  ours: unknown;
  keras: unknown;
}

export interface KnownDisagreement extends Disagreement {
  reason: string;
}

export interface Gap {
  program: string;
  model: string;
  layer: string | null;
  field: OracleField;
  keras: unknown;
}

export type FieldCounts = Record<Exclude<OracleField, "model" | "layer">, { compared: number; oursUnknown: number }>;

export interface ProgramComparison {
  file: string;
  status: KerasResult["status"];
  category: string | null;
  reason: string | null;
  models: { key: string; layers: number }[];
  fields: FieldCounts;
  disagreements: Disagreement[];
  gaps: Gap[];
  notRun: number;
}

export function compareProgram(args: { file: string; ours: ProgramModel; keras: KerasResult; vocabulary: OracleVocabulary }): ProgramComparison;
export function kerasKind(className: string, vocabulary: OracleVocabulary): LayerKind | "unknown";
export function kerasActivation(layer: Pick<KerasLayer, "class" | "activation" | "wrapped">, vocabulary: OracleVocabulary): string | undefined;
export function kerasLossKind(loss: KerasLoss, vocabulary: OracleVocabulary): string;
export function shapeKnown(ours: Shape | undefined, keras: Dim[]): boolean;
export function shapesDisagree(ours: Shape, keras: Dim[]): boolean;
export function disagreementKey(d: Disagreement): string;
export function checkKnownDisagreements(
  disagreements: Disagreement[],
  known: KnownDisagreement[],
  ranPrograms: readonly string[],
): { listed: KnownDisagreement[]; unlisted: Disagreement[]; stale: KnownDisagreement[] };

export interface OracleSummary {
  programs: number;
  buildable: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  models: number;
  modelsNotRun: number;
  layers: number;
  disagreements: number;
  disagreementsByField: Record<OracleField, number>;
  fields: FieldCounts;
}
export function summarize(comparisons: ProgramComparison[]): OracleSummary;
export function formatOracleMarkdown(summary: OracleSummary, check: ReturnType<typeof checkKnownDisagreements>): string;

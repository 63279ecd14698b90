/**
 * Where preflight procedures plug into a simulation (D1: initial loss, weight-initialisation tests,
 * single-batch overfitting, data dependency...). A step runs after the twin is built and compiled and the
 * synthetic data drawn, before the instrumented training, on the untrained model. It returns findings
 * that name layers by their twin names; the simulation places them at the layers' source lines and marks
 * them simulated, as it does the training's findings.
 *
 * A step may train the model (single-batch overfitting): it must then restore the initial weights
 * (`context.snapshot()` / `restore()`), so the instrumented training starts from the program's
 * initialisation.
 */
import type * as tf from "@tensorflow/tfjs";
import type { ModelFacts, ProgramModel } from "../model/program.js";
import type { Finding, RuleDescriptor } from "../report/finding.js";
import type { LayerSummary } from "../telemetry/schema.js";
import type { ForwardCost } from "./step-cost.js";

export interface PreflightContext {
  program: ProgramModel;
  model: ModelFacts;
  /** The compiled, untrained twin. */
  twin: tf.LayersModel;
  inputs: readonly tf.Tensor[];
  targets: readonly tf.Tensor[];
  batchSize: number;
  /** The twin's layers in canonical vocabulary, with their source spans (the run-start summary the checks see). */
  layers: readonly LayerSummary[];
  /** What the loss reads from the outputs, per output (undefined when unknown). */
  lossExpects: readonly ("probabilities" | "logits" | "values" | undefined)[];
  /** A copy of every weight of the twin; `restore` puts it back. */
  snapshot(): tf.Tensor[];
  restore(weights: tf.Tensor[]): void;
  /** Milliseconds left of the program's simulation budget. */
  remainingMs(): number;
  /** The twin's measured forward pass (fixed and per-sample milliseconds), to size the procedures. */
  forward?: ForwardCost;
}

export interface PreflightStep {
  /** The checks it runs, for reporters (their codes name its findings). */
  descriptors: readonly RuleDescriptor[];
  run(context: PreflightContext): Promise<Finding[]>;
}

/**
 * Simulates one model of a program: twin, learner, synthetic data, preflight steps, a short instrumented
 * training; then places each finding at the source line of its layer (or of the compile call for findings
 * about the loss) and marks it simulated.
 */
import * as tf from "@tensorflow/tfjs";
import type { CheckEngineOptions } from "../checks/options.js";
import type { Layer, ModelFacts, ProgramModel, SourceSpan } from "../model/program.js";
import { LOSSES } from "../model/vocabulary.js";
import { generateData, type SyntheticData } from "../probes/simulate/data.js";
import { compileTwin, planLearner, type LearnerPlan } from "../probes/simulate/learner.js";
import { createRandom, type Random } from "../probes/simulate/random.js";
import { buildTwin, type TwinBuild } from "../probes/simulate/twin.js";
import { summarizeLayers } from "../probes/tfjs/summary.js";
import type { Finding, RuleDescriptor, SimulatedModelSummary } from "../report/finding.js";
import type { LayerSummary, RunStartRecord } from "../telemetry/schema.js";
import type { SimulationSettings } from "./options.js";
import type { PreflightContext, PreflightStep } from "./preflight.js";
import { chooseBatch, measureForward, stepMs } from "./step-cost.js";
import { SIMULATED_OSCILLATION_MIN_BATCH, trainInstrumented, type TrainingOutcome } from "./train.js";

export interface ModelSimulation {
  summary: SimulatedModelSummary;
  findings: Finding[];
  descriptors: RuleDescriptor[];
}

export interface ModelSimulationRequest {
  program: ProgramModel;
  model: ModelFacts;
  /** Position of the model in the program (varies the seed between models). */
  position: number;
  settings: SimulationSettings;
  checks: CheckEngineOptions;
  preflight: readonly PreflightStep[];
  backend: string;
  /** Wall-clock deadline of the program's simulation (performance.now() milliseconds). */
  deadline: number;
}

function modelName(model: ModelFacts): string {
  return model.variable ?? `model at line ${model.span.line}`;
}

function issueList(issues: TwinBuild["notBuilt"]): { layer: string; line?: number; reason: string }[] {
  return issues.map(({ layer, reason }) => ({ layer: layer.name, line: layer.span.line, reason }));
}

function notSimulated(model: ModelFacts, reason: string, twin?: TwinBuild): ModelSimulation {
  const summary: SimulatedModelSummary = { model: modelName(model), line: model.span.line, simulated: false, reason };
  if (twin !== undefined && twin.notBuilt.length > 0) summary.notBuilt = issueList(twin.notBuilt);
  return { summary, findings: [], descriptors: [] };
}

/** The run-start summary the checks read: the probe's, with each layer's source span and what only the program knows of the loss. */
function enricher(twin: TwinBuild, learner: LearnerPlan): (record: RunStartRecord) => RunStartRecord {
  return (record) => {
    const layers = record.model.layers.map((layer): LayerSummary => {
      const origin = twin.origins.get(layer.name);
      return origin ? { ...layer, span: origin.span } : layer;
    });
    const first = learner.losses[0]!;
    const model: RunStartRecord["model"] = { ...record.model, layers, loss: first.spec.kind };
    if (first.expects !== undefined) model.lossExpects = first.expects;
    else delete model.lossExpects;
    const problem = LOSSES[first.spec.kind].problem;
    const width = first.output.outputShape?.at(-1) ?? layers[layers.length - 1]?.outputShape.at(-1);
    if (problem === "regression") model.task = { kind: "regression" };
    else if (problem !== "other") {
      model.task = { kind: "classification" };
      if (typeof width === "number") model.task.classes = width === 1 ? 2 : width;
    } else delete model.task;
    model.optimizer = learner.optimizerKind;
    return { ...record, framework: "simulation", model };
  };
}

function place(finding: Finding, span: SourceSpan): void {
  finding.file = span.file;
  finding.line = span.line;
  finding.column = span.column;
  finding.endLine = span.endLine;
  finding.endColumn = span.endColumn;
}

/** Findings at program positions: a layer's line, else (loss-level findings) the compile call, else the training call. */
function locate(findings: readonly Finding[], twin: TwinBuild, model: ModelFacts): Finding[] {
  const fallback = model.learner?.span ?? model.training[0]?.span ?? model.span;
  return findings.map((original) => {
    const finding: Finding = { ...original, simulated: true };
    const origin: Layer | undefined = finding.layer ? twin.origins.get(finding.layer.name) : undefined;
    if (origin) {
      finding.layer = { name: origin.name, kind: origin.kind, index: origin.index };
      place(finding, origin.span);
    } else {
      // No program layer: a finding about the loss or the run (a file the probe named would be the twin's own code).
      place(finding, fallback);
    }
    return finding;
  });
}

function snapshotWeights(model: tf.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => w.clone());
}

async function runPreflight(steps: readonly PreflightStep[], context: PreflightContext): Promise<{ findings: Finding[]; descriptors: RuleDescriptor[]; errors: string[] }> {
  const findings: Finding[] = [];
  const descriptors: RuleDescriptor[] = [];
  const errors: string[] = [];
  for (const step of steps) {
    descriptors.push(...step.descriptors);
    try {
      findings.push(...(await step.run(context)));
    } catch (error) {
      errors.push(`a preflight step failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { findings, descriptors, errors };
}

const mathRandom = Math.random;

/** Makes Math.random draw from `random` until restoreMathRandom is called. */
function seedMathRandom(random: Random): void {
  Math.random = () => random.next();
}

function restoreMathRandom(): void {
  Math.random = mathRandom;
}

export async function simulateModel(request: ModelSimulationRequest): Promise<ModelSimulation> {
  const { model, settings } = request;
  const started = performance.now();
  if (model.architecture.layers.length === 0) return notSimulated(model, "the model has no layers");
  if (model.learner === undefined) return notSimulated(model, "the model is not compiled (no loss or optimizer)");
  const random = createRandom(settings.seed * 1009 + request.position);
  const twin = buildTwin(model.architecture, { random, dataFormat: request.program.imageDataFormat, maxParameters: settings.maxParameters });
  if (twin.model === undefined) return notSimulated(model, twin.notSimulated ?? "the twin could not be built", twin);
  const twinModel = twin.model;
  let data: SyntheticData | undefined;
  try {
    const learner = planLearner(model.learner, twin.outputs);
    if (!learner.ok) return notSimulated(model, learner.reason, twin);
    compileTwin(twinModel, learner.plan);
    const loop = model.training[0];
    const plannedBatch = Math.max(1, Math.min(loop?.batchSize ?? settings.batchSize, settings.batchSize));
    data = generateData({
      architecture: model.architecture,
      inputs: twin.inputs,
      outputShapes: twinModel.outputs.map((o) => o.shape),
      losses: learner.plan.losses,
      loop,
      random,
      samples: settings.samples,
      maxValues: settings.maxInputValues,
      minSamples: plannedBatch,
    });
    // Steps cannot be interrupted: a model whose step outlasts the time limit is measured first, not trained.
    const minSteps = Math.min(settings.steps, settings.samplingInterval + 1);
    // A forward pass that fails is left to the training to report (no estimate: nothing is declined).
    const forward = await measureForward(twinModel, data.inputs, request.deadline - performance.now()).catch(() => ({ fixedMs: 0, perSampleMs: 0 }));
    const choice = chooseBatch(forward, plannedBatch, request.deadline - performance.now(), minSteps);
    const seconds = (ms: number) => `${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`;
    if (!choice.ok) {
      const reason = `one training step of batch ${plannedBatch} would take about ${seconds(choice.stepMs)} (a forward pass: ${forward.fixedMs.toFixed(0)} ms + ${forward.perSampleMs.toFixed(0)} ms per sample): fewer than ${minSteps} steps fit in the simulation's time limit of ${settings.timeLimit} s (simulate.timeLimit)`;
      return notSimulated(model, reason, twin);
    }
    const batchSize = choice.batchSize;
    const batchNotes = batchSize < plannedBatch ? [`batch size ${batchSize} instead of ${plannedBatch}: a step of ${plannedBatch} would take about ${seconds(stepMs(forward, plannedBatch))}, and ${minSteps} steps must fit in the time limit`] : [];
    if (batchSize < SIMULATED_OSCILLATION_MIN_BATCH) batchNotes.push(`batches of ${batchSize} sample${batchSize === 1 ? "" : "s"}: the loss swings by sampling alone, so the oscillation check (D504) is not judged`);
    const enrich = enricher(twin, learner.plan);
    // TF.js shuffles batches and seeds dropout masks from Math.random: seeded here, the same program gives
    // the same findings on every run (a model on the edge of stability went from no finding to divergence
    // with the batch order alone).
    seedMathRandom(createRandom(settings.seed * 7919 + request.position));
    const preflight = await runPreflight(request.preflight, {
      program: request.program,
      model,
      twin: twinModel,
      inputs: data.inputs,
      targets: data.targets,
      batchSize,
      layers: summarizeLayers(twinModel).map((l) => ({ ...l, ...(twin.origins.get(l.name) ? { span: twin.origins.get(l.name)!.span } : {}) })),
      lossExpects: learner.plan.losses.map((l) => l.expects),
      snapshot: () => snapshotWeights(twinModel),
      restore: (weights) => twinModel.setWeights(weights),
      remainingMs: () => request.deadline - performance.now(),
      forward,
    });
    const remaining = request.deadline - performance.now();
    let training: TrainingOutcome | undefined;
    if (remaining > 0) {
      training = await trainInstrumented(
        twinModel,
        data.inputs,
        data.targets,
        { steps: settings.steps, timeLimitMs: remaining, batchSize, samplingInterval: settings.samplingInterval },
        request.checks,
        enrich,
      );
    }
    const built = model.architecture.layers.filter((l) => [...twin.origins.values()].includes(l)).length;
    const summary: SimulatedModelSummary = {
      model: modelName(model),
      line: model.span.line,
      simulated: true,
      layers: { total: model.architecture.layers.length, built },
      parameters: twin.parameters,
      data: data.description,
      assumptions: [...twin.notes.map((n) => (n.layer ? `${n.layer.name}: ${n.text}` : n.text)), ...learner.plan.notes, ...data.notes, ...batchNotes, ...preflight.errors],
      backend: request.backend,
      batchSize,
      steps: training?.steps ?? 0,
      stoppedBy: training?.stoppedBy ?? "time",
    };
    if (twin.notBuilt.length > 0) summary.notBuilt = issueList(twin.notBuilt);
    if (twin.passedThrough.length > 0) summary.passedThrough = issueList(twin.passedThrough);
    if (training?.error !== undefined) summary.reason = `training failed: ${training.error}`;
    if (summary.assumptions!.length === 0) delete summary.assumptions;
    summary.timeMs = Math.round(performance.now() - started);
    return {
      summary,
      findings: locate([...preflight.findings, ...(training?.findings ?? [])], twin, model),
      descriptors: [...preflight.descriptors, ...(training?.descriptors ?? [])],
    };
  } finally {
    restoreMathRandom();
    data?.dispose();
    twinModel.optimizer?.dispose();
    twinModel.dispose();
  }
}

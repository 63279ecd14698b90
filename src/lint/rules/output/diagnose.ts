/**
 * The S2 output/loss conditions, decided together so that precedence is applied in one place: when several
 * activation/loss conditions hold for an output, only the most specific is reported (static-rules.md, S2).
 * Every condition that holds is diagnosed, each naming the more specific rules it gives way to; a rule
 * reports its diagnoses whose more specific rules do not run in this lint (`--select S205` still reports a
 * categorical loss over a single column when S206 would have explained it).
 */
import { effectiveActivation, outputHead, outputLayers, outputWidth, type EffectiveActivation } from "../../../model/graph.js";
import type { DataFacts, Layer, LossSpec, ModelFacts, SourceSpan, TrainingLoop } from "../../../model/program.js";
import { ACTIVATIONS, LOSSES, type LossSpecInfo } from "../../../model/vocabulary.js";

export type OutputRuleCode = "S201" | "S202" | "S203" | "S204" | "S205" | "S206" | "S207" | "S208" | "S209";

export interface OutputDiagnosis {
  code: OutputRuleCode;
  messageId: string;
  data: Record<string, string | number>;
  span: SourceSpan;
  layer?: Layer;
  /** The more specific rules that report this output's fault: when any of them runs, the fault is theirs. */
  supersededBy: OutputRuleCode[];
}

/** Whether a diagnosis is reported in a lint where `isActive` tells which rules run. */
export function isReported(diagnosis: OutputDiagnosis, isActive: (code: string) => boolean): boolean {
  return isActive(diagnosis.code) && !diagnosis.supersededBy.some((code) => isActive(code));
}

/**
 * What the loss reads: the resolved `from_logits` first, then the loss's definition. Undefined when the
 * loss takes `from_logits` and its value is unknown (front ends resolve an absent argument to its default).
 */
export function lossReads(loss: LossSpec): LossSpecInfo["expects"] | undefined {
  const info = LOSSES[loss.kind];
  if (info.expects === "values") return "values";
  if (loss.fromLogits === true) return "logits";
  if (loss.fromLogits === false) return "probabilities";
  return info.acceptsFromLogits ? undefined : info.expects;
}

/** The facts about one model output that the S2 rules read. */
interface OutputFacts {
  output: Layer;
  effective?: EffectiveActivation;
  /** The layer that produces the output's values (Dense behind a final Activation/Dropout). */
  head?: Layer;
  width?: number;
  loss: LossSpec;
  lossInfo: LossSpecInfo;
  reads: LossSpecInfo["expects"] | undefined;
  /** Targets of the first training call that binds them; only for single-output models. */
  labels?: DataFacts;
  fit?: TrainingLoop;
}

/** The loss an output is trained with: its own (a dict or list of losses), else the model's. */
function lossOfOutput(model: ModelFacts, output: Layer): LossSpec | undefined {
  return model.learner?.outputLosses?.find((o) => o.output === output.index)?.loss ?? model.learner?.loss;
}

/** The facts of every output trained with a known loss. */
function outputFactsOf(model: ModelFacts): OutputFacts[] {
  const architecture = model.architecture;
  const outputs = outputLayers(architecture);
  const fit = model.training.find((call) => call.y !== undefined);
  return outputs.flatMap((output) => {
    const loss = lossOfOutput(model, output);
    if (!loss) return [];
    const facts: OutputFacts = { output, loss, lossInfo: LOSSES[loss.kind], reads: lossReads(loss) };
    const effective = effectiveActivation(architecture, output.index);
    if (effective) facts.effective = effective;
    const head = outputHead(architecture, output.index);
    if (head) facts.head = head;
    const width = outputWidth(architecture, output.index);
    if (width !== undefined) facts.width = width;
    if (fit?.y && outputs.length === 1) {
      facts.labels = fit.y;
      facts.fit = fit;
    }
    return [facts];
  });
}

function widthText(width: number | undefined): string {
  if (width === undefined) return "unknown width";
  return width === 1 ? "1 unit" : `${width} units`;
}

function formatNumber(n: number): string {
  if (n === Infinity) return "∞";
  if (n === -Infinity) return "-∞";
  return String(Number.isInteger(n) ? n : Number(n.toPrecision(4)));
}

export function formatRange([min, max]: readonly [number, number]): string {
  return `[${formatNumber(min)}, ${formatNumber(max)}]`;
}

function labelsName(facts: OutputFacts): string {
  return facts.labels?.variable ?? "y";
}

/** The layer a finding about the output's activation points at, and the data every message shares. */
function activationSubject(facts: OutputFacts, effective: EffectiveActivation): { layer: Layer; data: Record<string, string | number> } {
  const layer = effective.layer;
  return {
    layer,
    data: {
      loss: facts.loss.frameworkName,
      layer: layer.name,
      kind: layer.frameworkName,
      width: widthText(facts.width),
      activation: effective.activation,
    },
  };
}

/** S206: the output width disagrees with the number of classes the labels are known to have. */
function widthMismatch(facts: OutputFacts): OutputDiagnosis | undefined {
  const labels = facts.labels;
  const layer = facts.head ?? facts.output;
  if (!labels || labels.numClasses === undefined || facts.width === undefined) return undefined;
  const classes = labels.numClasses;
  // Integer labels of more than two classes fed to one binary column (sigmoid + binary cross-entropy on MNIST
  // digits): the width is what is wrong, one column per class is needed.
  const binaryColumnOnClasses = labels.encoding === "integer" && facts.lossInfo.problem === "multilabel-or-binary" && facts.width === 1 && classes > 2;
  const relevant =
    labels.encoding === "one-hot" || (labels.encoding === "integer" && facts.lossInfo.problem === "multiclass") || binaryColumnOnClasses;
  if (!relevant || facts.width === classes) return undefined;
  return {
    code: "S206",
    messageId: "widthMismatch",
    span: layer.span,
    layer,
    supersededBy: [],
    data: {
      layer: layer.name,
      kind: layer.frameworkName,
      width: facts.width,
      labels: labelsName(facts),
      encoding: labels.encoding!,
      classes,
    },
  };
}

/**
 * S201–S205: every activation/loss condition that holds for an output, the most specific first; each gives
 * way to the ones before it. A single-column softmax is S203 before anything else; a categorical loss over
 * a single column is S205 before S201, and S206's when the labels' classes say the width is wrong; binary
 * cross-entropy over a wider non-sigmoid output is S205 before S202.
 */
function activationLossMismatches(facts: OutputFacts, widthMismatchFound: boolean): OutputDiagnosis[] {
  const effective = facts.effective;
  if (!effective) return [];
  const { activation } = effective;
  const spec = ACTIVATIONS[activation];
  const { layer, data } = activationSubject(facts, effective);
  const chain: OutputDiagnosis[] = [];
  const add = (code: OutputRuleCode, messageId: string, alsoSupersededBy: readonly OutputRuleCode[] = []): void => {
    const supersededBy = [...new Set([...chain.map((d) => d.code), ...alsoSupersededBy])];
    chain.push({ code, messageId, data, span: layer.span, layer, supersededBy });
  };
  const singleColumn = facts.width === 1;
  const singleColumnSoftmax = activation === "softmax" && singleColumn;
  if (singleColumnSoftmax) add("S203", "singleUnitSoftmax");
  if (facts.loss.kind === "custom") return chain;
  if (facts.reads === "logits") {
    if (!spec.linear) add("S204", "activatedLogits");
    return chain;
  }
  if (facts.reads !== "probabilities") return chain;

  // A single column with labels of known classes: the width is what is wrong (S206).
  const widthRule: OutputRuleCode[] = singleColumn && widthMismatchFound ? ["S206"] : [];
  switch (facts.lossInfo.problem) {
    case "multiclass":
      if (singleColumn) add("S205", "multiclassWidthOne", widthRule);
      if (activation !== "softmax") add("S201", "noSoftmax", widthRule);
      return chain;
    case "multilabel-or-binary":
    case "binary":
      // Sigmoid outputs are what binary cross-entropy reads; a wider softmax head is S213's business.
      if (spec.probability !== undefined && !singleColumnSoftmax) return chain;
      if (facts.width !== undefined && !singleColumn) add("S205", "binaryWidth");
      add("S202", "noSigmoid");
      return chain;
    default:
      if (spec.probability === undefined) add("S205", "notProbabilities");
      return chain;
  }
}

/** Target encodings that say the targets are class labels. */
export const CLASS_ENCODINGS: ReadonlySet<string> = new Set(["one-hot", "integer", "multi-hot", "binary"]);

/** S207: a regression loss on class labels, or a cross-entropy on continuous targets. */
function lossProblemMismatch(facts: OutputFacts): OutputDiagnosis | undefined {
  const labels = facts.labels;
  if (!labels) return undefined;
  const base = { loss: facts.loss.frameworkName, labels: labelsName(facts) };
  const problem = facts.lossInfo.problem;
  if (problem === "regression") {
    // The encoding says the targets are labels; a dataset's task alone does not (an autoencoder's targets
    // are the images of a classification dataset).
    const isClasses = labels.encoding !== undefined && CLASS_ENCODINGS.has(labels.encoding);
    if (!isClasses) return undefined;
    return {
      code: "S207",
      messageId: "regressionLossOnClasses",
      span: facts.loss.span,
      supersededBy: [],
      data: { ...base, encoding: labels.encoding ?? "classification" },
    };
  }
  if (problem === "multiclass" || problem === "multilabel-or-binary") {
    const continuous = labels.task === "regression" || labels.encoding === "continuous";
    if (!continuous) return undefined;
    // Binary cross-entropy on targets in [0, 1] (an autoencoder's pixels) is legitimate.
    if (problem === "multilabel-or-binary" && labels.range && labels.range[0] >= 0 && labels.range[1] <= 1) return undefined;
    return {
      code: "S207",
      messageId: "crossEntropyOnContinuous",
      span: facts.loss.span,
      supersededBy: [],
      data: { ...base, range: labels.range ? ` in ${formatRange(labels.range)}` : "" },
    };
  }
  return undefined;
}

/** S208: a regression output whose activation cannot reach the targets' range. */
function outputRangeMismatch(facts: OutputFacts): OutputDiagnosis | undefined {
  const range = facts.labels?.range;
  const effective = facts.effective;
  if (!range || !effective || facts.lossInfo.problem !== "regression") return undefined;
  const [low, high] = ACTIVATIONS[effective.activation].range;
  const tolerance = 1e-6;
  if (range[0] >= low - tolerance && range[1] <= high + tolerance) return undefined;
  const layer = effective.layer;
  return {
    code: "S208",
    messageId: "rangeMismatch",
    span: layer.span,
    layer,
    supersededBy: [],
    data: {
      layer: layer.name,
      kind: layer.frameworkName,
      activation: effective.activation,
      outputRange: formatRange([low, high]),
      labels: labelsName(facts),
      targetRange: formatRange(range),
    },
  };
}

/** S209: one-hot labels with a sparse loss, or integer labels with a categorical loss. */
function labelEncodingMismatch(facts: OutputFacts): OutputDiagnosis | undefined {
  const encoding = facts.labels?.encoding;
  const needs = facts.lossInfo.labels;
  if (!encoding || !needs) return undefined;
  const data = { loss: facts.loss.frameworkName, labels: labelsName(facts) };
  if (needs === "integer" && encoding === "one-hot") {
    return { code: "S209", messageId: "oneHotWithSparseLoss", span: facts.loss.span, data, supersededBy: [] };
  }
  if (needs === "one-hot" && encoding === "integer") {
    return { code: "S209", messageId: "integerWithCategoricalLoss", span: facts.loss.span, data, supersededBy: [] };
  }
  return undefined;
}

/** S203 needs no loss: a width-1 softmax output is constant whatever the model is trained with. */
function singleUnitSoftmaxWithoutLoss(model: ModelFacts): OutputDiagnosis[] {
  const architecture = model.architecture;
  return outputLayers(architecture).flatMap((output) => {
    if (lossOfOutput(model, output)) return [];
    const effective = effectiveActivation(architecture, output.index);
    const width = outputWidth(architecture, output.index);
    if (output.conditional || effective?.activation !== "softmax" || width !== 1) return [];
    const layer = effective.layer;
    return [{
      code: "S203" as const,
      messageId: "singleUnitSoftmax",
      span: layer.span,
      layer,
      data: { layer: layer.name, kind: layer.frameworkName, width: widthText(width), activation: effective.activation },
      supersededBy: [],
    }];
  });
}

/** Diagnoses per model: the ten rules that read them (S201–S209, S211) diagnose each model once. */
const diagnosed = new WeakMap<ModelFacts, OutputDiagnosis[]>();

/** All S2 diagnoses of a model, with precedence applied. */
export function diagnoseOutputs(model: ModelFacts): OutputDiagnosis[] {
  let diagnoses = diagnosed.get(model);
  if (!diagnoses) {
    diagnoses = diagnoseOutputsOnce(model);
    diagnosed.set(model, diagnoses);
  }
  return diagnoses;
}

function diagnoseOutputsOnce(model: ModelFacts): OutputDiagnosis[] {
  const diagnoses: OutputDiagnosis[] = singleUnitSoftmaxWithoutLoss(model);
  for (const facts of outputFactsOf(model)) {
    if (facts.output.conditional) continue;
    const width = widthMismatch(facts);
    const lossKnown = facts.loss.kind !== "custom";
    const candidates = lossKnown
      ? [...activationLossMismatches(facts, width !== undefined), width, lossProblemMismatch(facts), outputRangeMismatch(facts), labelEncodingMismatch(facts)]
      : activationLossMismatches(facts, false);
    for (const d of candidates) {
      if (d) diagnoses.push(d);
    }
  }
  return diagnoses;
}

/**
 * Whether a model's compile can shape any training. When the program trains some model, a compiled model that
 * is never trained itself (a GAN generator compiled for form, trained only inside the combined model) has a
 * loss that never runs: its output/loss pairing is not a fault. With no training anywhere (a snippet), the
 * compile is the only statement of intent and counts.
 */
function compileCounts(model: ModelFacts, anyTraining: boolean): boolean {
  return model.training.length > 0 || !anyTraining;
}

/** The diagnoses of one rule over every model of the program whose compile counts. */
function diagnosesFor(models: readonly ModelFacts[], code: OutputRuleCode): OutputDiagnosis[] {
  const anyTraining = models.some((model) => model.training.length > 0);
  return models.filter((model) => compileCounts(model, anyTraining)).flatMap((model) => diagnoseOutputs(model).filter((d) => d.code === code));
}

/**
 * Reports a rule's diagnoses through its context (the message ids are the rule's own, see each rule), except
 * those a more specific rule that runs reports.
 */
export function reportOutputDiagnoses<Id extends string>(
  context: {
    program: { models: ModelFacts[] };
    report(report: { messageId: Id; data?: Record<string, string | number>; span: SourceSpan; layer?: Layer }): void;
    isActive(code: string): boolean;
  },
  code: OutputRuleCode,
): void {
  for (const d of diagnosesFor(context.program.models, code)) {
    if (!isReported(d, (c) => context.isActive(c))) continue;
    const report: { messageId: Id; data: Record<string, string | number>; span: SourceSpan; layer?: Layer } = {
      messageId: d.messageId as Id,
      data: d.data,
      span: d.span,
    };
    if (d.layer) report.layer = d.layer;
    context.report(report);
  }
}

/**
 * Root cause first. One fault raises many findings: a dead layer passes no gradient (D305, D302), its
 * parameters stop moving (D205), its units stay off (D402) and the loss stalls (D502). Reported by step,
 * the cause is lost among its consequences. `diagnose` groups findings that share a layer and a window
 * of steps, orders each group by causal precedence — configuration and initialisation before gradients,
 * gradients before parameters, activations and loss, as DeepDiagnosis's decision tree walks them — and
 * orders the groups the same way, so the first finding is the likely root cause of the run. One
 * cross-layer rule overrides that order: a layer whose units are dead (D402), or whose output is one value
 * (D406), passes no gradient back and no signal forward, so it leads the layers whose only findings are
 * starved gradients and parameters that do not move (D305, D302, D205) over the same steps, upstream or
 * downstream of it. A finding a check marks as the program's set-up (`configuration`: a parameter its
 * framework never trains) ranks with configuration, whatever its code.
 * A pure function of the findings.
 */
import type { Finding } from "../report/finding.js";
import { foldRepeats } from "../report/fold.js";

/**
 * Causal precedence of the catalogue, upstream first. Within the non-finite chain the order is the data
 * flow's: a NaN shows first in a layer's output, then in the loss, then in the gradients, then in the
 * parameters the update wrote.
 */
const PRECEDENCE: readonly (readonly string[])[] = [
  // Configuration and initialisation: what the program set before training. Updates too large for the
  // weights are the learning rate's: under Adam they are the learning rate whatever the gradients, and they
  // saturate or kill the units whose gradients then vanish (AdamW at 20 on an LSTM: D302 from step 10).
  ["D202", "D203", "D206", "D304", "D407", "D408"],
  // Gradients.
  ["D305", "D303", "D302"],
  // Parameters pushed by those gradients.
  ["D204"],
  // Non-finite values, in data-flow order.
  ["D401", "D501", "D301", "D201"],
  // Updates too small, and the parameters they do not move.
  ["D207", "D205"],
  // Activations.
  ["D402", "D403", "D405", "D406", "D404"],
  // The loss: what every fault ends in.
  ["D509", "D508", "D502", "D503", "D504", "D506", "D507", "D505"],
];

const RANK = new Map<string, number>(PRECEDENCE.flat().map((code, i) => [code, i]));
const STAGE = new Map<string, number>(PRECEDENCE.flatMap((codes, stage) => codes.map((code) => [code, stage] as const)));

/** Unknown codes (nncheck's own failures) come after every check. */
const rankOf = (f: Finding): number => RANK.get(f.code) ?? RANK.size;
/** Non-finite values already at step 0 come from the data or the initialisation (no update has run on
 * the values the step reads): they lead, before the configuration. Later, they are what a divergence ends
 * in, after the gradients that caused it. */
const NON_FINITE = new Set(PRECEDENCE[3]);
/** Weights near zero or of one sign are the initialisation's doing when the first sample shows them; when
 * they appear later, the updates made them (a learning rate ×1000 turns a kernel negative in ten steps):
 * they then rank with the parameters the gradients pushed. */
const WEIGHT_STATES = new Set(["D202", "D203"]);
const PUSHED_STAGE = STAGE.get("D204")!;
function stageOf(f: Finding): number {
  if (NON_FINITE.has(f.code) && f.steps?.first === 0) return -1;
  // A fault of the set-up the check states for certain (a parameter the framework never trains): the
  // configuration's, whatever its code's usual stage.
  if (f.configuration) return 0;
  if (WEIGHT_STATES.has(f.code) && (f.steps?.first ?? 0) > 0) return PUSHED_STAGE;
  return STAGE.get(f.code) ?? PRECEDENCE.length;
}
const firstStep = (f: Finding): number => f.steps?.first ?? Number.MAX_SAFE_INTEGER;
const lastStep = (f: Finding): number => f.steps?.last ?? firstStep(f);
const layerIndex = (f: Finding): number => (f.layer && f.layer.index >= 0 ? f.layer.index : Number.MAX_SAFE_INTEGER);

/**
 * Causal order of two findings: the earlier stage, then (within a stage) the earlier step, then the order
 * of the stage's list, then the layer nearer the input.
 */
function causalOrder(a: Finding, b: Finding): number {
  return stageOf(a) - stageOf(b) || firstStep(a) - firstStep(b) || rankOf(a) - rankOf(b) || layerIndex(a) - layerIndex(b) || a.code.localeCompare(b.code);
}

/** Serious findings before information within a group: an info is not a fault, so it never names the cause. */
function withinGroupOrder(a: Finding, b: Finding): number {
  return Number(a.severity === "info") - Number(b.severity === "info") || causalOrder(a, b);
}

/**
 * A layer whose units are dead (D402), or whose output is one value whatever its input (D406), blocks the
 * gradient to the layers before it and the signal to the layer after it.
 */
const BLOCKING = new Set(["D402", "D406"]);
/**
 * A layer whose output is one value (D406) also starves its own parameters (a normalisation's scale
 * multiplies zeros): that state leads its layer's starved gradients and unmoved parameters.
 */
const LEADS_OWN_STARVATION = "D406";
/** What a blocked layer's neighbours show: no gradient reaches them, or their inputs are all zero, so nothing moves. */
const STARVED = new Set(["D305", "D302", "D205"]);

export interface FindingGroup {
  /** The layer the group's findings are about ("" for findings about the whole model: the loss, epochs). */
  layer: string;
  /** The group's findings in causal order: the first is the likely cause of the others. */
  findings: Finding[];
}

/** Groups of findings sharing a layer (and run) and overlapping steps, in causal order. Internal findings stay apart. */
export function groupFindings(findings: readonly Finding[]): FindingGroup[] {
  const byLayer = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.run ?? 1}\u0000${f.layer?.name ?? ""}\u0000${RANK.has(f.code) ? "" : f.code}`;
    const list = byLayer.get(key);
    if (list) list.push(f);
    else byLayer.set(key, [f]);
  }
  const groups: FindingGroup[] = [];
  for (const list of byLayer.values()) {
    // Overlapping step windows: sort by first step and merge while the next starts before the window ends.
    const sorted = [...list].sort((a, b) => firstStep(a) - firstStep(b));
    let current: Finding[] = [];
    let end = -Infinity;
    for (const f of sorted) {
      if (current.length > 0 && firstStep(f) > end) {
        groups.push({ layer: current[0]!.layer?.name ?? "", findings: current });
        current = [];
        end = -Infinity;
      }
      current.push(f);
      end = Math.max(end, lastStep(f));
    }
    if (current.length > 0) groups.push({ layer: current[0]!.layer?.name ?? "", findings: current });
  }
  for (const group of groups) {
    group.findings.sort(withinGroupOrder);
    leadWithOwnBlock(group);
  }
  // A group holding a warning or an error comes before groups of information only, whatever its stage.
  groups.sort((a, b) => Number(serious(b)) - Number(serious(a)) || causalOrder(a.findings[0]!, b.findings[0]!));
  return blockedAfterBlocker(groups);
}

/**
 * Moves each group holding dead units ahead of the first group it starves: a serious group of the same
 * run, on another layer, whose warnings and errors are all starvation findings over overlapping steps.
 * A group with dead units of its own is no one's consequence here: two dead layers keep their order.
 */
function blockedAfterBlocker(groups: FindingGroup[]): FindingGroup[] {
  const out = [...groups];
  for (const blocker of groups) {
    if (!blocker.findings.some((f) => BLOCKING.has(f.code))) continue;
    const at = out.indexOf(blocker);
    const starved = out.findIndex((g, i) => i < at && starvedBy(g, blocker));
    if (starved < 0) continue;
    out.splice(at, 1);
    out.splice(starved, 0, blocker);
  }
  return out;
}

/** Moves a layer's one-valued output ahead of its own findings when they are all starvation. */
function leadWithOwnBlock(group: FindingGroup): void {
  const at = group.findings.findIndex((f) => f.code === LEADS_OWN_STARVATION && f.severity !== "info");
  if (at <= 0) return;
  const before = group.findings.slice(0, at).filter((f) => f.severity !== "info");
  if (!before.every((f) => STARVED.has(f.code))) return;
  group.findings.unshift(...group.findings.splice(at, 1));
}

function starvedBy(group: FindingGroup, blocker: FindingGroup): boolean {
  const faults = group.findings.filter((f) => f.severity !== "info");
  const first = blocker.findings[0]!;
  return (
    faults.length > 0 &&
    faults.every((f) => STARVED.has(f.code)) &&
    group.layer !== "" &&
    group.layer !== blocker.layer &&
    (faults[0]!.run ?? 1) === (first.run ?? 1) &&
    windowOf(group.findings)[0] <= windowOf(blocker.findings)[1] &&
    windowOf(blocker.findings)[0] <= windowOf(group.findings)[1]
  );
}

function windowOf(findings: readonly Finding[]): [number, number] {
  return [Math.min(...findings.map(firstStep)), Math.max(...findings.map(lastStep))];
}

function serious(group: FindingGroup): boolean {
  return group.findings.some((f) => f.severity !== "info");
}

/**
 * The findings in causal order, each with its `group` (1 holds the likely root cause) and `cause` (true
 * for the finding that leads its group, when the group holds a warning or an error: information alone
 * names no cause). A check's findings at one place of the program on other layers fold into the first of
 * them (report/fold.ts, as lint folds its own): one fault in a block built four times is one finding, not
 * four (keras-io's time-series Transformer: 49 warnings for its layer normalisations over one feature,
 * built once per block). A group left with nothing of its own is dropped. Copies; the input is not changed.
 */
export function diagnose(findings: readonly Finding[]): Finding[] {
  const numbered = groupFindings(findings).flatMap((group, i) => group.findings.map((f) => ({ ...f, group: i + 1 })));
  // The groups left, renumbered in order (folding keeps the order, so a group's findings stay together).
  // Serious findings come first in a group: its first kept one leads when it is serious.
  let previous = 0;
  let number = 0;
  return foldRepeats(numbered).map((f) => {
    const first = f.group !== previous;
    previous = f.group!;
    if (first) number++;
    const out: Finding = { ...f, group: number };
    if (first && f.severity !== "info") out.cause = true;
    else delete out.cause;
    return out;
  });
}

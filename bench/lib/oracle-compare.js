/**
 * Compares the models nncheck's Python front end extracts (ProgramModel) with the models real Keras builds
 * from the same program (the oracle worker's snapshots, bench/oracle/build_models.py). Pure: no I/O.
 *
 * Only contradicting facts are disagreements. Where nncheck does not know a fact (unknown is a value) the
 * field counts as a gap, never as wrong. Class, activation and loss names go through the canonical
 * vocabulary, so a spelling (`Convolution2D`, `silu`, `mse`) is never a disagreement by itself.
 *
 * Pairing:
 * - models by the line that constructs them (`Sequential(...)`, `Model(...)`, a subclass, a
 *   `keras.applications` builder), then in order;
 * - layers, input layers apart, in stages: the same construction line, column and kind; the same line and
 *   kind; the same line (a kind disagreement); an explicit `name=`; the same kind in order;
 * - input layers are compared as the model's input shapes; the output layers as the list of Keras layers
 *   the model's outputs come from (nncheck's named by the Keras layers they pair with).
 */

/** The fields a disagreement can be about. */
export const ORACLE_FIELDS = ["model", "layer", "kind", "name", "shape", "params", "activation", "input", "output", "loss", "fromLogits"];

/** Fields that count comparisons (the structural ones, model and layer, only count disagreements). */
const COMPARED_FIELDS = ORACLE_FIELDS.filter((f) => f !== "model" && f !== "layer");

/**
 * @param {object} args
 * @param {string} args.file       the program, relative to the repository (the worker's sites use the same paths)
 * @param {object} args.ours       nncheck's ProgramModel
 * @param {object} args.keras      the worker's result for the program: {status, category, reason, models}
 * @param {object} args.vocabulary {layerKindOf, activationOf, lossOf, LAYER_KINDS} of src/model/vocabulary
 * @returns {{file, status, category, reason, models: {key, layers}[], fields, disagreements, gaps}}
 */
export function compareProgram({ file, ours, keras, vocabulary }) {
  const result = {
    file,
    status: keras.status,
    category: keras.category ?? null,
    reason: keras.reason ?? null,
    models: [],
    fields: emptyFieldCounts(),
    disagreements: [],
    gaps: [],
    /** nncheck's models in code the program never runs (uncalled functions): nothing to compare them with. */
    notRun: 0,
  };
  // Models made in another file of the program (a local module) are out of the front end's sight.
  const kerasModels = (keras.models ?? []).filter((m) => m.site === null || m.site === undefined || m.site.file === file);
  const pairs = pairModels(
    (ours.models ?? []).map((m, i) => ({ line: m.span?.line, order: i, value: m })),
    kerasModels.map((m, i) => ({ line: m.site?.line, order: m.sequence ?? i, value: m })),
  );
  for (const { ours: oursModel, keras: kerasModel } of pairs) {
    const tally = newTally(result, file, modelKey(oursModel, kerasModel));
    if (oursModel === undefined) {
      tally.disagree(null, "model", null, kerasModel.class);
      continue;
    }
    if (kerasModel === undefined) {
      // A model built in a function the program never runs (nncheck reads uncalled functions too), or one
      // the program would only build after the point where it stopped, was never built by Keras.
      if (inRanges(oursModel.span?.line, keras.notRun)) result.notRun += 1;
      else if (keras.status === "built") tally.disagree(null, "model", oursModel.architecture.style, null);
      continue;
    }
    const row = { key: tally.model, layers: 0 };
    compareModel({ oursModel, kerasModel, vocabulary, tally, row });
    result.models.push(row);
  }
  return result;
}

function inRanges(line, ranges) {
  return line !== undefined && Array.isArray(ranges) && ranges.some(([first, last]) => line >= first && line <= last);
}

function emptyFieldCounts() {
  return Object.fromEntries(COMPARED_FIELDS.map((f) => [f, { compared: 0, oursUnknown: 0 }]));
}

/** Where one model's comparisons are counted, its disagreements and gaps collected. */
function newTally(result, file, model) {
  return {
    model,
    disagree(layer, field, ours, keras) {
      result.disagreements.push({ program: file, model, layer, field, ours, keras });
    },
    /** Counts a comparison of `field`; when nncheck does not know it, records the gap. Returns whether known. */
    count(layer, field, known, keras) {
      if (known) result.fields[field].compared += 1;
      else {
        result.fields[field].oursUnknown += 1;
        result.gaps.push({ program: file, model, layer, field, keras });
      }
      return known;
    },
  };
}

function modelKey(oursModel, kerasModel) {
  const variable = oursModel?.variable ?? kerasModel?.variables?.[0] ?? "?";
  const line = oursModel?.span?.line ?? kerasModel?.site?.line ?? "?";
  return `${variable}@${line}`;
}

/**
 * Pairs two lists of {line, order, value}: items with the same line, in order; then, when both sides have
 * the same number of leftovers, the leftovers in order. Returns [{ours, keras}] with either side undefined.
 */
function pairModels(oursItems, kerasItems) {
  const pairs = [];
  const kerasLeft = [...kerasItems].sort((a, b) => a.order - b.order);
  const oursLeft = [];
  for (const item of [...oursItems].sort((a, b) => a.order - b.order)) {
    const i = item.line === undefined ? -1 : kerasLeft.findIndex((k) => k.line === item.line);
    if (i >= 0) pairs.push({ ours: item.value, keras: kerasLeft.splice(i, 1)[0].value });
    else oursLeft.push(item);
  }
  if (oursLeft.length === kerasLeft.length) {
    oursLeft.forEach((item, i) => pairs.push({ ours: item.value, keras: kerasLeft[i].value }));
    return pairs;
  }
  for (const item of oursLeft) pairs.push({ ours: item.value, keras: undefined });
  for (const item of kerasLeft) pairs.push({ ours: undefined, keras: item.value });
  return pairs;
}

/**
 * Pairs layers in stages (see the module comment). A layer nncheck could not identify (kind "unknown")
 * pairs only with a Keras layer of no known kind, or by name: it claims nothing about what is there.
 */
function pairLayers(oursItems, kerasItems, kindOf) {
  const stages = [
    // Two constructions on one line (`Dense(3)(Dense(6)(x))`) are told apart by their column.
    (o, k) => o.line !== undefined && o.line === k.line && o.column === k.column && kindOf(k.value) === o.value.kind,
    (o, k) => o.line !== undefined && o.line === k.line && kindOf(k.value) === o.value.kind,
    (o, k) => o.line !== undefined && o.line === k.line && o.value.kind !== "unknown" && !k.value.operation,
    (o, k) => k.value.explicitName === true && k.value.name === o.value.name,
    (o, k) => kindOf(k.value) === o.value.kind,
  ];
  let oursLeft = [...oursItems].sort((a, b) => a.order - b.order);
  const kerasLeft = [...kerasItems].sort((a, b) => a.order - b.order);
  const pairs = [];
  for (const matches of stages) {
    const unmatched = [];
    for (const ours of oursLeft) {
      const i = kerasLeft.findIndex((keras) => matches(ours, keras));
      if (i >= 0) pairs.push({ ours: ours.value, keras: kerasLeft.splice(i, 1)[0].value });
      else unmatched.push(ours);
    }
    oursLeft = unmatched;
  }
  for (const ours of oursLeft) pairs.push({ ours: ours.value, keras: undefined });
  for (const keras of kerasLeft) pairs.push({ ours: undefined, keras: keras.value });
  return pairs;
}

function compareModel({ oursModel, kerasModel, vocabulary, tally, row }) {
  compareInputs({ oursModel, kerasModel, tally });

  const oursItems = oursModel.architecture.layers
    .filter((l) => l.kind !== "input")
    .map((l) => ({ line: l.span?.line, column: l.span?.column, order: l.index, value: l }));
  const kerasItems = kerasModel.layers
    .filter((l) => !l.input)
    .map((l, i) => ({ line: l.site?.line, column: l.site?.column, order: l.sequence ?? i, value: l }));
  // An operation that is not a layer (a function applied to a symbolic tensor) is what nncheck records as a
  // lambda layer: it pairs with one, is never a missing layer, and has no layer fields to compare.
  const kindOf = (layer) => (layer.operation ? "lambda" : kerasKind(layer.class, vocabulary));
  const paired = new Map();
  for (const { ours, keras } of pairLayers(oursItems, kerasItems, kindOf)) {
    if (keras?.operation) continue;
    if (ours === undefined) {
      // Layers the front end knows it missed (an incomplete architecture) contradict no fact.
      if (oursModel.architecture.complete !== false) tally.disagree(keras.name, "layer", null, keras.class);
      continue;
    }
    if (keras === undefined) {
      // A layer added under a condition the front end could not decide may rightly be absent; a layer of
      // unknown kind is the front end saying it does not know what is there.
      if (!ours.conditional && ours.kind !== "unknown") tally.disagree(ours.name, "layer", ours.kind, null);
      continue;
    }
    row.layers += 1;
    paired.set(ours.index, keras);
    compareLayer({ ours, keras, vocabulary, tally });
  }

  compareOutputs({ oursModel, kerasModel, paired, tally });
  compareLoss({ oursModel, kerasModel, vocabulary, tally });
}

/** Whether the model's outputs come from the same layers (compared when nncheck's output layers all paired). */
function compareOutputs({ oursModel, kerasModel, paired, tally }) {
  if (!Array.isArray(kerasModel.outputs)) return;
  const oursOutputs = oursModel.architecture.outputs.map((i) => paired.get(i)?.name);
  const known = oursOutputs.length > 0 && oursOutputs.every((name) => name !== undefined);
  if (tally.count("outputs", "output", known, kerasModel.outputs) && JSON.stringify(oursOutputs) !== JSON.stringify(kerasModel.outputs)) {
    tally.disagree("outputs", "output", oursOutputs, kerasModel.outputs);
  }
}

/** The canonical kind of a Keras class name; "unknown" when the vocabulary does not have it. */
export function kerasKind(className, vocabulary) {
  return vocabulary.layerKindOf(className, "keras") ?? "unknown";
}

/**
 * The canonical activation of a Keras layer: its `activation` function (or its wrapped layer's), else the
 * activation an advanced-activation layer (ReLU, LeakyReLU, Softmax...) applies. Undefined when it has none.
 * A name outside the vocabulary stays itself, prefixed, so it never equals a canonical kind by accident.
 */
export function kerasActivation(layer, vocabulary) {
  const name = layer.activation ?? layer.wrapped?.activation ?? null;
  if (name !== null) return vocabulary.activationOf(name, "keras") ?? `keras:${name}`;
  return vocabulary.LAYER_KINDS[kerasKind(layer.class, vocabulary)]?.activation;
}

/**
 * Whether nncheck knows a shape as far as Keras does: every dimension Keras knows (a rank that differs
 * counts as known: it is a disagreement, not a gap).
 */
export function shapeKnown(ours, keras) {
  if (ours === undefined) return false;
  return ours.length !== keras.length || ours.every((d, i) => d !== null || keras[i] === null);
}

/** Whether two shapes (without the batch axis) contradict: another rank, or a dimension both know and differ on. */
export function shapesDisagree(ours, keras) {
  if (ours.length !== keras.length) return true;
  return ours.some((d, i) => d !== null && d !== undefined && keras[i] !== null && keras[i] !== undefined && d !== keras[i]);
}

function compareLayer({ ours, keras, vocabulary, tally }) {
  const layer = keras.name;
  const kind = kerasKind(keras.class, vocabulary);
  if (tally.count(layer, "kind", ours.kind !== "unknown", kind) && ours.kind !== kind) tally.disagree(layer, "kind", ours.kind, kind);

  if (keras.explicitName === true) {
    tally.count(layer, "name", true, keras.name);
    if (ours.name !== keras.name) tally.disagree(layer, "name", ours.name, keras.name);
  }

  const kerasShape = keras.outputShapes?.[0];
  if (Array.isArray(kerasShape)) {
    const oursShape = ours.outputShape?.slice(1);
    tally.count(layer, "shape", shapeKnown(oursShape, kerasShape), kerasShape);
    if (oursShape !== undefined && shapesDisagree(oursShape, kerasShape)) tally.disagree(layer, "shape", oursShape, kerasShape);
  }

  if (typeof keras.params === "number") {
    const known = typeof ours.paramCount === "number";
    if (tally.count(layer, "params", known, keras.params) && ours.paramCount !== keras.params) tally.disagree(layer, "params", ours.paramCount, keras.params);
  }

  const activation = kerasActivation(keras, vocabulary);
  if (activation !== undefined) {
    const known = ours.activation !== undefined;
    if (tally.count(layer, "activation", known, activation) && ours.activation !== activation) tally.disagree(layer, "activation", ours.activation, activation);
  }
}

/** The model's input shapes (without batch) as nncheck sees them: input layers, else the first layer's declared input. */
function oursInputShapes(oursModel) {
  const { layers, inputs } = oursModel.architecture;
  return inputs.map((i) => {
    const layer = layers[i];
    if (layer === undefined) return undefined;
    const shape = layer.kind === "input" ? (layer.outputShape ?? layer.declaredInputShape) : (layer.declaredInputShape ?? layer.inputShapes?.[0]);
    return shape?.slice(1);
  });
}

function compareInputs({ oursModel, kerasModel, tally }) {
  const kerasInputs = kerasModel.inputs;
  if (!Array.isArray(kerasInputs)) return;
  const oursInputs = oursInputShapes(oursModel);
  kerasInputs.forEach((kerasShape, i) => {
    if (!Array.isArray(kerasShape)) return;
    const oursShape = oursInputs.length === kerasInputs.length ? oursInputs[i] : undefined;
    const label = `input ${i}`;
    tally.count(label, "input", shapeKnown(oursShape, kerasShape), kerasShape);
    if (oursShape !== undefined && shapesDisagree(oursShape, kerasShape)) tally.disagree(label, "input", oursShape, kerasShape);
  });
}

/** The canonical loss kind of a recorded Keras loss ({name, fromLogits, custom}). */
export function kerasLossKind(loss, vocabulary) {
  if (loss.custom) return "custom";
  return vocabulary.lossOf(loss.name, "keras") ?? vocabulary.lossOf(loss.name, "tf1") ?? `keras:${loss.name}`;
}

function compareOneLoss({ oursLoss, kerasLoss, vocabulary, tally, label }) {
  if (kerasLoss === null || kerasLoss === undefined || kerasLoss.perOutput !== undefined) return;
  const kind = kerasLossKind(kerasLoss, vocabulary);
  if (!tally.count(label, "loss", oursLoss !== undefined, kind)) return;
  if (oursLoss.kind !== kind) tally.disagree(label, "loss", oursLoss.kind, kind);
  if (typeof kerasLoss.fromLogits === "boolean") {
    const known = oursLoss.fromLogits !== undefined;
    if (tally.count(label, "fromLogits", known, kerasLoss.fromLogits) && oursLoss.fromLogits !== kerasLoss.fromLogits) {
      tally.disagree(label, "fromLogits", oursLoss.fromLogits, kerasLoss.fromLogits);
    }
  }
}

function compareLoss({ oursModel, kerasModel, vocabulary, tally }) {
  const kerasLoss = kerasModel.loss;
  if (kerasLoss === null || kerasLoss === undefined) return;
  const learner = oursModel.learner;
  if (kerasLoss.perOutput === undefined) {
    compareOneLoss({ oursLoss: learner?.loss, kerasLoss, vocabulary, tally, label: null });
    return;
  }
  // Per-output losses: a dict keyed by output layer name, or a list in output order.
  const { layers, outputs } = oursModel.architecture;
  const oursByOutput = new Map((learner?.outputLosses ?? []).map((o) => [o.output, o.loss]));
  const entries = Array.isArray(kerasLoss.perOutput)
    ? kerasLoss.perOutput.map((loss, i) => [outputs[i], loss, `output ${i}`])
    : Object.entries(kerasLoss.perOutput).map(([name, loss]) => [layers.find((l) => l.name === name)?.index, loss, name]);
  for (const [outputIndex, loss, label] of entries) {
    const oursLoss = outputIndex === undefined ? undefined : (oursByOutput.get(outputIndex) ?? learner?.loss);
    compareOneLoss({ oursLoss, kerasLoss: loss, vocabulary, tally, label });
  }
}

// ------------------------------------------------------------------------------------ known disagreements

/** The identity of a disagreement in the committed list: everything but the reason. */
export function disagreementKey(d) {
  return JSON.stringify([d.program, d.model, d.layer ?? null, d.field, d.ours ?? null, d.keras ?? null]);
}

/**
 * Splits disagreements into listed and unlisted, and finds listed entries that no longer occur among the
 * programs that were run (`ranPrograms`), so the list stays true.
 */
export function checkKnownDisagreements(disagreements, known, ranPrograms) {
  const reasons = new Map(known.map((k) => [disagreementKey(k), k.reason]));
  const seen = new Set();
  const listed = [];
  const unlisted = [];
  for (const d of disagreements) {
    const key = disagreementKey(d);
    if (reasons.has(key)) {
      listed.push({ ...d, reason: reasons.get(key) });
      seen.add(key);
    } else unlisted.push(d);
  }
  const ran = new Set(ranPrograms);
  const stale = known.filter((k) => ran.has(k.program) && !seen.has(disagreementKey(k)));
  return { listed, unlisted, stale };
}

// ------------------------------------------------------------------------------------------ summary

/** Totals over program comparisons. */
export function summarize(comparisons) {
  const fields = emptyFieldCounts();
  const byStatus = {};
  const byCategory = {};
  const disagreementsByField = Object.fromEntries(ORACLE_FIELDS.map((f) => [f, 0]));
  let models = 0;
  let layers = 0;
  let disagreements = 0;
  let notRun = 0;
  for (const c of comparisons) {
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    if (c.category) byCategory[c.category] = (byCategory[c.category] ?? 0) + 1;
    models += c.models.length;
    notRun += c.notRun ?? 0;
    layers += c.models.reduce((n, m) => n + m.layers, 0);
    for (const f of COMPARED_FIELDS) {
      fields[f].compared += c.fields[f].compared;
      fields[f].oursUnknown += c.fields[f].oursUnknown;
    }
    for (const d of c.disagreements) disagreementsByField[d.field] += 1;
    disagreements += c.disagreements.length;
  }
  const buildable = (byStatus.built ?? 0) + (byStatus.partial ?? 0);
  return { programs: comparisons.length, buildable, byStatus, byCategory, models, modelsNotRun: notRun, layers, disagreements, disagreementsByField, fields };
}

/** The markdown tables of a summary and of the check against the known list. */
export function formatOracleMarkdown(summary, check) {
  const lines = [
    "| Programs | Buildable | Models compared | Layers compared | Disagreements | Listed | Unlisted | Stale entries |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${summary.programs} | ${summary.buildable} | ${summary.models} | ${summary.layers} | ${summary.disagreements} | ${check.listed.length} | ${check.unlisted.length} | ${check.stale.length} |`,
    "",
    "| Field | Compared | nncheck unknown | Disagreements |",
    "|---|---:|---:|---:|",
  ];
  for (const f of ORACLE_FIELDS) {
    const c = summary.fields[f];
    lines.push(`| ${f} | ${c ? c.compared : "—"} | ${c ? c.oursUnknown : "—"} | ${summary.disagreementsByField[f]} |`);
  }
  lines.push("", `nncheck also found ${summary.modelsNotRun} model(s) in functions the programs never call (nothing to compare).`);
  lines.push("", "| Program status | Count |", "|---|---:|");
  for (const [status, n] of Object.entries(summary.byStatus).sort()) lines.push(`| ${status} | ${n} |`);
  lines.push("", "| Why not built, or stopped early | Count |", "|---|---:|");
  for (const [category, n] of Object.entries(summary.byCategory).sort((a, b) => b[1] - a[1])) lines.push(`| ${category} | ${n} |`);
  return lines.join("\n");
}

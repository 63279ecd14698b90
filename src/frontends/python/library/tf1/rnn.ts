/**
 * TF1 recurrent networks: cells (`BasicLSTMCell(64)`, `GRUCell`, `BasicRNNCell`), stacked (`MultiRNNCell`) and
 * wrapped (`DropoutWrapper`), run over a sequence by `tf.nn.dynamic_rnn`, `static_rnn` or the bidirectional
 * runners. Each cell becomes the Keras recurrent layer it computes (with dropout layers for the wrapper); the
 * final state is an op on the last layer, which keeps the graph connected without claiming a shape.
 */
import type { LayerKind } from "../../../../model/vocabulary.js";
import { simpleArgs } from "../../builtins.js";
import type { CallArgs, CallSite, ExtractionState } from "../../state.js";
import { asInt, asSequence, bool, int, list, tuple, type Value } from "../../values.js";
import { argValue } from "../args.js";
import { applyLayer, opaqueLayer } from "../graph.js";
import { buildLayer } from "../keras/layers.js";
import { activationFromValue } from "../keras/learner.js";
import { bind, signature } from "../signature.js";
import { objectOf, tfObject, type CellLayer } from "./objects.js";
import { rateOfKeep } from "./raw-layers.js";

/** Cell classes by name (`tf.contrib.rnn.*`, `tf.nn.rnn_cell.*`, `tf.compat.v1.nn.rnn_cell.*`). */
const CELLS: Record<string, CellLayer["kind"]> = {
  BasicLSTMCell: "lstm",
  LSTMCell: "lstm",
  LSTMBlockCell: "lstm",
  LayerNormBasicLSTMCell: "lstm",
  CudnnCompatibleLSTMCell: "lstm",
  GRUCell: "gru",
  GRUBlockCell: "gru",
  BasicRNNCell: "simpleRnn",
  RNNCell: "simpleRnn",
};

export function cellKind(name: string): CellLayer["kind"] | undefined {
  return Object.hasOwn(CELLS, name) ? CELLS[name] : undefined;
}

/** `BasicLSTMCell(num_units, ...)`: one recurrent layer. */
export function makeCell(kind: CellLayer["kind"], name: string, args: CallArgs, site: CallSite): Value {
  const layer: CellLayer = { kind, frameworkName: name, span: site.span };
  const units = asInt(argValue(args, 0, "num_units"));
  if (units !== undefined) layer.units = units;
  const activation = argValue(args, undefined, "activation");
  const resolved = activation === undefined || activation.t === "none" ? "tanh" : activationFromValue(activation);
  if (resolved) layer.activation = resolved;
  return tfObject({ kind: "cell", layers: [layer] });
}

/** `MultiRNNCell([cell1, cell2])`: the cells stacked. */
export function multiCell(args: CallArgs): Value | undefined {
  const cells = asSequence(argValue(args, 0, "cells"));
  if (!cells) return undefined;
  const layers = cells.map((c) => objectOf(c, "cell")?.layers);
  if (layers.some((l) => l === undefined)) return undefined;
  return tfObject({ kind: "cell", layers: layers.flatMap((l) => l!.map((x) => ({ ...x }))) });
}

/** `DropoutWrapper(cell, input_keep_prob=, output_keep_prob=)`: dropout on the stack's input and output. */
export function dropoutWrapper(args: CallArgs): Value | undefined {
  const cell = objectOf(argValue(args, 0, "cell"), "cell");
  if (!cell || cell.layers.length === 0) return undefined;
  const layers = cell.layers.map((l) => ({ ...l }));
  const keep = (name: string, position: number): number | null | undefined => {
    const value = argValue(args, position, name);
    if (value === undefined) return undefined;
    const rate = rateOfKeep(value);
    return rate === undefined ? null : 1 - rate;
  };
  const input = keep("input_keep_prob", 1);
  const output = keep("output_keep_prob", 2);
  if (input !== undefined) layers[0]!.inputKeep = input;
  if (output !== undefined) layers[layers.length - 1]!.outputKeep = output;
  return tfObject({ kind: "cell", layers });
}

const RECURRENT = signature("units activation return_sequences");
const DROPOUT = signature("rate");

/** The cell's layers applied in turn to a sequence tensor; the last one returns sequences as asked. */
function runCell(layers: CellLayer[], input: Value, lastSequences: boolean, site: CallSite, state: ExtractionState): Value {
  let tensor = input;
  layers.forEach((cell, i) => {
    if (cell.inputKeep !== undefined && cell.inputKeep !== 1) tensor = applyLayer(dropoutLayer(cell.inputKeep, cell, site, state), tensor, state);
    const last = i === layers.length - 1;
    const positional: Value[] = [cell.units === undefined ? { t: "none" } : int(cell.units), { t: "none" }, bool(last ? lastSequences : true)];
    const layer = buildLayer(cell.kind as LayerKind, className(cell.kind), bind(RECURRENT, simpleArgs(positional)), { ...site, span: cell.span }, state);
    layer.frameworkName = cell.frameworkName;
    if (cell.units === undefined) delete layer.config.units;
    if (cell.activation) layer.activation = cell.activation;
    else delete layer.activation;
    tensor = applyLayer(layer, tensor, state);
    if (cell.outputKeep !== undefined && cell.outputKeep !== 1) tensor = applyLayer(dropoutLayer(cell.outputKeep, cell, site, state), tensor, state);
  });
  return tensor;
}

function dropoutLayer(keep: number | null, cell: CellLayer, site: CallSite, state: ExtractionState) {
  const layer = buildLayer("dropout", "Dropout", bind(DROPOUT, simpleArgs([])), { ...site, span: cell.span }, state);
  layer.frameworkName = "DropoutWrapper";
  if (keep !== null) layer.config.rate = Math.round((1 - keep) * 1e9) / 1e9;
  return layer;
}

function className(kind: CellLayer["kind"]): string {
  return kind === "lstm" ? "LSTM" : kind === "gru" ? "GRU" : "SimpleRNN";
}

/** The final state of a run: an op on its output (its parts, `state.h`, `state[-1]`, stay ops too). */
function finalState(output: Value, site: CallSite, state: ExtractionState): Value {
  const op = opaqueLayer(state, `rnn_state_${site.span.line}`, "rnn_state", site);
  op.kind = "lambda";
  op.opaque = false;
  return applyLayer(op, output, state);
}

/** `tf.nn.dynamic_rnn(cell, inputs, ...)`: (outputs over every step, final state). */
export function dynamicRnn(args: CallArgs, site: CallSite, state: ExtractionState): Value | undefined {
  const cell = objectOf(argValue(args, 0, "cell"), "cell");
  const inputs = argValue(args, 1, "inputs");
  if (!cell || inputs?.t !== "tensor") return undefined;
  const outputs = runCell(cell.layers, inputs, true, site, state);
  return tuple([outputs, finalState(outputs, site, state)]);
}

/**
 * `static_rnn(cell, inputs_list)` over `tf.unstack(x, steps, 1)`: the cell runs over the sequence the list was
 * cut from; each item of the output list is one step's output (the layer's output without the time axis).
 */
export function staticRnn(args: CallArgs, site: CallSite, state: ExtractionState, sequenceOf: (items: Value) => Value | undefined): Value | undefined {
  const cell = objectOf(argValue(args, 0, "cell"), "cell");
  const inputs = argValue(args, 1, "inputs");
  const sequence = inputs ? sequenceOf(inputs) : undefined;
  if (!cell || !sequence) return undefined;
  const step = runCell(cell.layers, sequence, false, site, state);
  const count = asSequence(inputs)?.length;
  const outputs = count !== undefined ? list(new Array(count).fill(step)) : { t: "list" as const, items: [step], unknownLength: true };
  return tuple([outputs, finalState(step, site, state)]);
}

/** `bidirectional_dynamic_rnn(fw, bw, inputs)`: ((forward outputs, backward outputs), (forward state, backward state)). */
export function bidirectionalDynamicRnn(args: CallArgs, site: CallSite, state: ExtractionState): Value | undefined {
  const forward = objectOf(argValue(args, 0, "cell_fw"), "cell");
  const backward = objectOf(argValue(args, 1, "cell_bw"), "cell");
  const inputs = argValue(args, 2, "inputs");
  if (!forward || !backward || inputs?.t !== "tensor") return undefined;
  const fw = runCell(forward.layers, inputs, true, site, state);
  const bw = runCell(backward.layers, inputs, true, site, state);
  return tuple([tuple([fw, bw]), tuple([finalState(fw, site, state), finalState(bw, site, state)])]);
}

/** `static_bidirectional_rnn(fw, bw, inputs_list)`: (outputs list, forward state, backward state); each output concatenates both. */
export function staticBidirectionalRnn(args: CallArgs, site: CallSite, state: ExtractionState, sequenceOf: (items: Value) => Value | undefined): Value | undefined {
  const forward = objectOf(argValue(args, 0, "cell_fw"), "cell");
  const backward = objectOf(argValue(args, 1, "cell_bw"), "cell");
  const inputs = argValue(args, 2, "inputs");
  const sequence = inputs ? sequenceOf(inputs) : undefined;
  if (!forward || !backward || !sequence) return undefined;
  const fw = runCell(forward.layers, sequence, false, site, state);
  const bw = runCell(backward.layers, sequence, false, site, state);
  const concat = buildLayer("concatenate", "Concatenate", bind(signature("axis"), simpleArgs([int(-1)])), site, state);
  concat.frameworkName = "static_bidirectional_rnn";
  const step = applyLayer(concat, list([fw, bw]), state);
  const count = asSequence(inputs)?.length;
  const outputs = count !== undefined ? list(new Array(count).fill(step)) : { t: "list" as const, items: [step], unknownLength: true };
  return tuple([outputs, finalState(fw, site, state), finalState(bw, site, state)]);
}

/**
 * `cell(input_t, state)`: one step of the cell, written out in a Python loop over time. The step input is one
 * slice of the sequence, so the layer reads it through an op (its sequence shape is not claimed); the result
 * is (this step's output, the new state).
 */
export function cellStep(cell: CellLayer[], input: Value | undefined, site: CallSite, state: ExtractionState, stepOf: (input: Value) => Value | undefined): Value | undefined {
  const sequence = input?.t === "tensor" ? stepOf(input) : undefined;
  if (!sequence) return undefined;
  const output = runCell(cell, sequence, false, site, state);
  return tuple([output, finalState(output, site, state)]);
}

/**
 * A runner whose cell is not known (a custom cell, an unmodelled wrapper): one opaque layer over the inputs keeps
 * the graph connected and the model incomplete. `outputsAsList` for the static runners (a list of step outputs).
 */
export function unknownRnn(inputs: Value | undefined, outputsAsList: boolean, bidirectional: boolean, site: CallSite, state: ExtractionState): Value | undefined {
  const sequence = inputs?.t === "tensor" ? inputs : (inputs?.t === "list" || inputs?.t === "tuple") && inputs.items[0]?.t === "tensor" ? inputs.items[0] : undefined;
  if (!sequence) return undefined;
  const layer = opaqueLayer(state, `rnn_${site.span.line}`, "rnn", site);
  const out = applyLayer(layer, sequence, state);
  const outputs: Value = outputsAsList ? { t: "list", items: [out], unknownLength: true } : out;
  const stateOut = finalState(out, site, state);
  if (!bidirectional) return tuple([outputs, stateOut]);
  return outputsAsList ? tuple([outputs, stateOut, stateOut]) : tuple([tuple([out, out]), tuple([stateOut, stateOut])]);
}

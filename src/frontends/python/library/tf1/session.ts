/**
 * What a TF1 program's sessions do, gathered while it runs: where the variable initialiser runs, where the
 * train op runs, which runs fetch something the front end cannot identify, and the data fed to the training
 * runs (`feed_dict={x: batch_x, y: batch_y}`). At the end it becomes the graph model's session training loop.
 */
import type { DataFacts, LoopEvent, SourceSpan, TrainingLoop } from "../../../../model/program.js";
import { asSequence, type LayerState, type TensorState, type Value } from "../../values.js";

/** Fetches that are plainly not an initialiser or a train op (tensors, losses, constants, data, variables). */
const PLAIN_FETCHES = new Set<Value["t"]>(["tensor", "tf1-loss", "data", "num", "str", "bool", "none", "stat"]);

export class SessionRecord {
  sessionSpan?: SourceSpan;
  readonly steps: LoopEvent[] = [];
  readonly initializations: NonNullable<TrainingLoop["initializations"]> = [];
  readonly unidentifiedRuns: NonNullable<TrainingLoop["unidentifiedRuns"]> = [];
  /** What the training runs fed each input (placeholder), first known facts per input. */
  readonly fed = new Map<LayerState, DataFacts>();

  /** `saver.restore(sess, path)`: variables initialised from a checkpoint. */
  restore(span: SourceSpan, repeated: boolean): void {
    addOnce(this.initializations, { span, repeated, how: "restore" });
  }

  /** One `sess.run(fetches, feed_dict)` (or `op.run()`, `tensor.eval()`); returns the tensors it fetches. */
  run(fetches: Value | undefined, feed: Value | undefined, span: SourceSpan, repeated: boolean): TensorState[] {
    const ops = fetches ? flattenFetches(fetches) : [];
    const event: LoopEvent = { span, repeated };
    const trains = ops.some((op) => op.t === "tf1-op" && op.op === "train");
    // A run after the first training step cannot have initialised the variables that step needed.
    const afterStep = this.steps.length > 0;
    for (const op of ops) {
      if (op.t === "tf1-op") {
        if (op.op === "init") addOnce(this.initializations, { ...event, how: "initializer" });
        else if (op.op === "train") addOnce(this.steps, event);
      } else if (!PLAIN_FETCHES.has(op.t) && !(op.t === "tf-object" && op.object.kind === "variable")) {
        // A fetch of unknown kind may initialise or train: the TF1 rules must not decide on it.
        addOnce(this.unidentifiedRuns, afterStep ? { ...event, afterStep } : event);
      }
    }
    if (trains && feed?.t === "dict") {
      for (const { key, value } of feed.entries.values()) {
        if (key.t !== "tensor" || key.tensor.producer.kind !== "input" || value.t !== "data") continue;
        // Data whose rank cannot be the placeholder's fails at the first run with its own error; what we
        // know of it is then more likely wrong than the program.
        const declared = key.tensor.producer.declaredInputShape;
        if (declared && value.facts.shape && declared.length !== value.facts.shape.length) continue;
        if (!this.fed.has(key.tensor.producer)) this.fed.set(key.tensor.producer, value.facts);
      }
    }
    return ops.flatMap((op) => (op.t === "tensor" ? [op.tensor] : []));
  }
}

/** The fetches of a run: a value, a list or tuple of them, or a dict of them (nested). */
function flattenFetches(fetches: Value, depth = 0): Value[] {
  if (depth > 4) return [fetches];
  const items = asSequence(fetches) ?? (fetches.t === "dict" ? [...fetches.entries.values()].map((e) => e.value) : undefined);
  return items ? items.flatMap((item) => flattenFetches(item, depth + 1)) : [fetches];
}

/** Loops re-run the same statements: one event per place. */
function addOnce<T extends LoopEvent>(events: T[], event: T): void {
  if (!events.some((e) => e.span.line === event.span.line && e.span.column === event.span.column)) events.push(event);
}

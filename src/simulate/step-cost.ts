/**
 * What one training step of the twin will cost, measured before training: a step is not interruptible,
 * so a model whose step takes longer than the whole time limit (a ResNet on 224×224 images: ~40 s a step
 * on wasm) would overrun it many times over. The forward pass is timed on 2 and on 8 samples (after one to
 * warm the kernels up), which separates its fixed cost (per-op overhead: recurrent layers run a few ops per
 * time step whatever the batch) from its cost per sample; a step is taken as TRAINING_STEP_FORWARDS forward
 * passes of its batch (measured 4–5× on wasm CNNs). Where timing 8 samples would itself take too long, the
 * 2-sample time is taken as all per sample, which errs long.
 */
import * as tf from "@tensorflow/tfjs";

export const TRAINING_STEP_FORWARDS = 4;
/** The smallest batch the simulation shrinks to to fit its steps in the time limit. */
export const MIN_SIMULATED_BATCH = 8;

/** A forward pass's time: fixedMs + perSampleMs × samples. */
export interface ForwardCost {
  fixedMs: number;
  perSampleMs: number;
}

/** Times forward passes, in inference mode, on the first samples of `inputs`, spending at most about an eighth of `remainingMs`. */
export async function measureForward(model: tf.LayersModel, inputs: readonly tf.Tensor[], remainingMs: number): Promise<ForwardCost> {
  const available = inputs[0]!.shape[0]!;
  const run = async (samples: number): Promise<number> => {
    const slices = inputs.map((x) => x.slice(0, samples));
    const started = performance.now();
    const out = model.predict(slices.length === 1 ? slices[0]! : slices);
    const outputs = Array.isArray(out) ? out : [out];
    await Promise.all(outputs.map((o) => o.data()));
    const ms = performance.now() - started;
    tf.dispose([...slices, ...outputs]);
    return ms;
  };
  await run(1);
  const few = Math.min(2, available);
  const fewMs = await run(few);
  const more = Math.min(8, available);
  if (more <= few || (fewMs / few) * more > remainingMs / 8) return { fixedMs: 0, perSampleMs: fewMs / few };
  const moreMs = await run(more);
  const perSampleMs = Math.max(0, (moreMs - fewMs) / (more - few));
  return { fixedMs: Math.max(0, fewMs - perSampleMs * few), perSampleMs };
}

/** Estimated milliseconds of one training step on `batch` samples. */
export function stepMs(cost: ForwardCost, batch: number): number {
  return TRAINING_STEP_FORWARDS * (cost.fixedMs + cost.perSampleMs * batch);
}

export type BatchChoice = { ok: true; batchSize: number; stepMs: number } | { ok: false; stepMs: number };

/**
 * The batch to train on so that `minSteps` steps fit in `remainingMs`: the planned one, else the largest
 * from MIN_SIMULATED_BATCH up that fits; not ok when even that does not (stepMs: the planned batch's).
 */
export function chooseBatch(cost: ForwardCost, plannedBatch: number, remainingMs: number, minSteps: number): BatchChoice {
  const planned = stepMs(cost, plannedBatch);
  if (planned * minSteps <= remainingMs) return { ok: true, batchSize: plannedBatch, stepMs: planned };
  const perStep = remainingMs / (minSteps * TRAINING_STEP_FORWARDS);
  const fitting = cost.perSampleMs > 0 ? Math.floor((perStep - cost.fixedMs) / cost.perSampleMs) : 0;
  const batch = Math.min(fitting, plannedBatch);
  if (batch >= Math.min(MIN_SIMULATED_BATCH, plannedBatch)) return { ok: true, batchSize: batch, stepMs: stepMs(cost, batch) };
  return { ok: false, stepMs: planned };
}

/**
 * What one training step of the twin will cost, measured before training: a step is not interruptible,
 * so a model whose step takes longer than the whole time limit (a ResNet on 224×224 images: ~40 s a step
 * on wasm) would overrun it many times over. The forward pass of two samples is timed (after one to warm
 * the kernels up) and a step is taken as TRAINING_STEP_FORWARDS forward passes of its batch; measured
 * 4–5× on wasm CNNs, and per-sample time at a batch of 2 overstates a full batch's, so the estimate errs
 * long.
 */
import * as tf from "@tensorflow/tfjs";

export const TRAINING_STEP_FORWARDS = 4;
/** The smallest batch the simulation shrinks to to fit its steps in the time limit. */
export const MIN_SIMULATED_BATCH = 8;

/** Milliseconds of a forward pass per sample, in inference mode, on the first samples of `inputs`. */
export async function forwardMsPerSample(model: tf.LayersModel, inputs: readonly tf.Tensor[]): Promise<number> {
  const available = inputs[0]!.shape[0]!;
  const run = async (samples: number): Promise<number> => {
    const started = performance.now();
    const slices = inputs.map((x) => x.slice(0, samples));
    const out = model.predict(slices.length === 1 ? slices[0]! : slices);
    const outputs = Array.isArray(out) ? out : [out];
    await Promise.all(outputs.map((o) => o.data()));
    tf.dispose([...slices, ...outputs]);
    return performance.now() - started;
  };
  await run(1);
  const samples = Math.min(2, available);
  return (await run(samples)) / samples;
}

export type BatchChoice = { ok: true; batchSize: number; stepMs: number } | { ok: false; stepMs: number };

/**
 * The batch to train on so that `minSteps` steps fit in `remainingMs`: the planned one, else the largest
 * from MIN_SIMULATED_BATCH up that fits; not ok when even that does not (stepMs: the planned batch's).
 */
export function chooseBatch(msPerSample: number, plannedBatch: number, remainingMs: number, minSteps: number): BatchChoice {
  const stepMs = (batch: number) => TRAINING_STEP_FORWARDS * msPerSample * batch;
  if (stepMs(plannedBatch) * minSteps <= remainingMs) return { ok: true, batchSize: plannedBatch, stepMs: stepMs(plannedBatch) };
  const fitting = Math.floor(remainingMs / (minSteps * TRAINING_STEP_FORWARDS * msPerSample));
  if (fitting >= Math.min(MIN_SIMULATED_BATCH, plannedBatch)) return { ok: true, batchSize: Math.min(fitting, plannedBatch), stepMs: stepMs(Math.min(fitting, plannedBatch)) };
  return { ok: false, stepMs: stepMs(plannedBatch) };
}

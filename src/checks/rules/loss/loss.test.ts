import { describe, expect } from "vitest";
import { checkTable } from "../../testing/table.js";
import { classifierSpec, editEpochs, editRunStart, editSteps, noiseSource, regressionSpec, syntheticRun, tanhBinarySpec } from "../../testing/synthetic-run.js";

const clean = () => syntheticRun(classifierSpec());

/** 100 epochs: the training loss falls steadily, the validation loss sits on a plateau with ±2.7 % uniform noise, then ends with `tail`. */
const noisyPlateau = (tail: readonly number[]) => () => {
  const noise = noiseSource(506);
  const plateau = Array.from({ length: 100 - tail.length }, () => 2.2 + 0.06 * noise());
  const val = [...plateau, ...tail];
  return editEpochs(syntheticRun(classifierSpec({ steps: 4000 })), (e) => ({ ...e, loss: 2 - 0.005 * e.epoch, valLoss: val[e.epoch]! }));
};
const healthy = [
  { title: "healthy classifier", records: clean, fires: false },
  { title: "healthy regression", records: () => syntheticRun(regressionSpec()), fires: false },
  { title: "healthy tanh network", records: () => syntheticRun(tanhBinarySpec()), fires: false },
  // A run that converged early: long flat tail of noisy loss.
  { title: "converged run", records: () => syntheticRun(classifierSpec({ steps: 1200, lossAt: (s) => 0.2 + 2 * Math.exp(-s / 30) })), fires: false },
];

// One sample a step (a character-level RNN trained name by name): most steps' losses are small, one in
// about sixteen is a hard sample's (+4); the trend itself falls. Periods of 10 such steps jump around.
const hardSample = (s: number) => ((s * 2654435761) % 97) < 6;
const oneSampleSteps = (trend: (s: number) => number) => () =>
  syntheticRun(classifierSpec({ steps: 5000, stepsPerEpoch: 500, lossAt: (s) => trend(s) + (hardSample(s) ? 4 : 0), accuracyAt: () => 0.9 }));
const oneSampleHealthy = oneSampleSteps((s) => 0.05 + 1.7 * Math.exp(-s / 500));
// A classifier at 100 % accuracy (CIFAR-10's tutorial on easy data): the loss near 5e-4 from 2.3, then a
// rougher stretch of batches at up to 0.0035 (its period means 4x the quiet stretch's).
const nearZeroWithSpikes = () =>
  syntheticRun(classifierSpec({ steps: 5000, stepsPerEpoch: 500, lossAt: (s) => 0.0005 + 2.3 * Math.exp(-s / 100) + (s > 3000 ? 0.003 * Math.abs(Math.sin(s)) : 0), accuracyAt: () => 1 }));
// keras-io's IMDB bidirectional LSTM (period means): flat at ln 2, down to 0.24, back up to 0.72, then down
// to 0.02 with batches that differ by half.
const bumpThenFall = (s: number) => {
  const period = Math.floor(s / 10);
  if (s < 50) return 0.69;
  if (s < 80) return 0.69 - 0.015 * (s - 50);
  if (s < 120) return 0.24 + 0.012 * (s - 80);
  return 0.72 * Math.exp(-(s - 120) / 50) * (period % 2 ? 1.4 : 0.6);
};
// A GAN's generator followed while its discriminator steps on its own loss (schema 1.6): every step says so.
const adversarial = (records: () => ReturnType<typeof syntheticRun>) => () => editSteps(records(), (s) => ({ ...s, adversarial: true }));
/** The probe saw the model's target copy move at its first sample (step 10): the loss's targets move with the model (a DQN's). */
const movingTarget = (records: () => ReturnType<typeof syntheticRun>) => () => editSteps(records(), (s) => (s.step >= 10 ? { ...s, movingTarget: true } : s));
// A character-level RNN trained name by name, as pytorch/tutorials' classifier of names (18 languages): each
// step's loss is one sample's cross-entropy, log(1 + 17·e^−z), its true-class margin z drawn around a mean that
// grows from 0 (every loss ln 18) as the model learns, and spread as widely: the losses of confident and of
// wrong guesses, 0.01 to 6, period means that jump by their standard error.
const nameByName = () => {
  const uniform = noiseSource(11);
  const normal = () => Math.sqrt(-2 * Math.log((uniform() + 1.000001) / 2.000001)) * Math.cos(Math.PI * uniform());
  const margin = (s: number) => 5 * (1 - Math.exp(-s / 5000));
  return syntheticRun(classifierSpec({ steps: 16000, stepsPerEpoch: 4000, lossAt: (s) => Math.log(1 + 17 * Math.exp(-(margin(s) + 0.8 * margin(s) * normal()))), accuracyAt: () => 0.6 }));
};
const noisyHealthy = [
  { title: "one sample a step: a heavy-tailed step loss whose trend falls", records: oneSampleHealthy, fires: false },
  { title: "a loss near zero from 2.3, then a rougher stretch at 4× its quiet periods", records: nearZeroWithSpikes, fires: false },
];

describe("D5 loss and optimisation", () => {
  checkTable("D501", [
    ...healthy,
    {
      title: "NaN loss from step 150",
      records: () => editSteps(clean(), (s) => (s.step >= 150 ? { ...s, loss: NaN } : s)),
      fires: true,
      message: /is NaN, first at epoch 3, batch 30$/,
      then: ([f]) => expect(f!.steps).toEqual({ first: 150, last: 399, count: 250 }),
    },
    { title: "Infinity loss at one step", records: () => editSteps(clean(), (s) => (s.step === 77 ? { ...s, loss: Infinity } : s)), fires: true, message: /Infinity/ },
    {
      // A custom Keras train_step reporting only "d_loss" and "g_loss": the probe writes no loss (schema 1.4).
      title: "steps whose loss the probe could not know",
      records: () => editSteps(clean(), (s) => { const { loss: _unknown, ...rest } = s; return rest; }),
      fires: false,
    },
  ]);

  checkTable("D502", [
    ...healthy,
    ...noisyHealthy,
    {
      // The kept history (256 periods) no longer holds the first: judged against it, a converged loss looked flat from the start.
      title: "a run that converged, longer than the kept history",
      records: () => syntheticRun(classifierSpec({ steps: 4000, stepsPerEpoch: 400, lossAt: (s) => 0.3 + 2 * Math.exp(-s / 150) })),
      fires: false,
    },
    { title: "a flat loss (e.g. learning rate 0)", records: () => syntheticRun(classifierSpec({ lossAt: () => 2.3 })), fires: true, then: ([f]) => expect(f!.steps!.first).toBe(199) },
    { title: "the same flat loss, one side of a GAN's game", records: adversarial(() => syntheticRun(classifierSpec({ lossAt: () => 2.3 }))), fires: false },
    { title: "the same flat loss, its targets from a moving copy of the model", records: movingTarget(() => syntheticRun(classifierSpec({ lossAt: () => 2.3 }))), fires: false },
    {
      // keras-io's text classifier: at ln 2 for its first 200 steps, then down to 0.13. Flagged while flat; settled once it fell.
      title: "a loss flat for 250 steps that then falls: reported, then settled as a slow start (information)",
      records: () => syntheticRun(classifierSpec({ steps: 600, lossAt: (s) => (s < 250 ? 0.693 : 0.693 * Math.exp(-(s - 250) / 100)) })),
      fires: true,
      message: /^the training loss stayed where it started for a while, then fell to 0\.0\d+, 9\d% below its start \(0\.7\d+\): a slow start/,
      then: ([f]) => {
        expect(f!.severity).toBe("info");
        expect(f!.steps!.first).toBe(199);
        expect(f!.steps!.last).toBeLessThan(300);
      },
    },
    {
      title: "the same, falling only 10 % below its start: still a warning",
      records: () => syntheticRun(classifierSpec({ steps: 600, lossAt: (s) => (s < 250 ? 0.693 : 0.693 * (1 - 0.1 * Math.min(1, (s - 250) / 100))) })),
      fires: true,
      then: ([f]) => expect(f!.severity).toBe("warning"),
    },
    {
      title: "a slow start settled, with the check's severity set by the user: kept",
      records: () => syntheticRun(classifierSpec({ steps: 600, lossAt: (s) => (s < 250 ? 0.693 : 0.693 * Math.exp(-(s - 250) / 100)) })),
      options: { checks: { D502: { severity: "error" } } },
      fires: true,
      message: /a slow start/,
      then: ([f]) => expect(f!.severity).toBe("error"),
    },
    { title: "a slow but real decrease", records: () => syntheticRun(classifierSpec({ lossAt: (s) => 2.3 * Math.exp(-s / 600) })), fires: false },
  ]);

  checkTable("D503", [
    ...healthy,
    ...noisyHealthy,
    {
      title: "one sample a step, and the trend diverges after step 2000",
      records: oneSampleSteps((s) => (s < 2000 ? 0.05 + 1.7 * Math.exp(-s / 500) : 0.05 * (1 + (s - 2000) / 50))),
      fires: true,
    },
    {
      title: "the same rise, one side of a GAN's game",
      records: adversarial(oneSampleSteps((s) => (s < 2000 ? 0.05 + 1.7 * Math.exp(-s / 500) : 0.05 * (1 + (s - 2000) / 50)))),
      fires: false,
    },
    {
      // pytorch/tutorials' DQN: its Huber loss on the TD error grows with the Q-values its target network follows (8× its best while it learns).
      title: "the same rise, its targets from a copy of the model that moves with it",
      records: movingTarget(oneSampleSteps((s) => (s < 2000 ? 0.05 + 1.7 * Math.exp(-s / 500) : 0.05 * (1 + (s - 2000) / 50)))),
      fires: false,
    },
    {
      title: "the loss jumps to 5× its best after step 200",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s < 200 ? 2.3 - s / 100 : 1.5 + (s - 200) / 10) })),
      fires: true,
      then: ([f]) => expect(f!.severity).toBe("error"),
    },
    {
      // One lucky period (a batch run of easy samples) must not become the reference for "diverging".
      title: "a noisy run still learning, with one period far below the others",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s >= 100 && s < 110 ? 0.2 : 0.6 - s / 4000) })),
      fires: false,
    },
    {
      // AdamW at a learning rate of 20 on an LSTM language model: every period is high, no running mean is low.
      title: "the loss blows up in the first period (9.8 to 5,000) and stays up for 7 periods",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s === 0 ? 9.8 : s < 70 ? 5000 + 100 * Math.sin(s) : 9.8) })),
      fires: true,
      message: /^the training loss rose within the first 10 steps: now \d{4}, \d{3}× the untrained model's loss at the first step \(\d\.\d+\)/,
      then: ([f]) => expect(f!.steps).toMatchObject({ first: 59, last: 69 }),
    },
    {
      title: "a first batch 40 % below the next ones, then learning",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s === 0 ? 0.6 : 1.0 - s / 1000) })),
      fires: false,
    },
  ]);

  checkTable("D504", [
    ...healthy,
    ...noisyHealthy,
    { title: "one sample a step: cross-entropies of a margin that grows from chance, as widely spread", records: nameByName, fires: false },
    { title: "loss swinging between 0.4 and 1.6 every period", records: () => syntheticRun(classifierSpec({ lossAt: (s) => (Math.floor(s / 10) % 2 ? 1.6 : 0.4) })), fires: true },
    {
      // pytorch/examples' actor-critic: 12 of 300 steps below 0, period means swinging between 9 and 101.
      title: "the same swings on a loss that was below 0 at some steps (a policy gradient's surrogate objective)",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s % 37 === 0 ? -0.3 : Math.floor(s / 10) % 2 ? 1.6 : 0.4) })),
      fires: false,
    },
    {
      title: "the same swings, the loss never below 0",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => (s % 37 === 0 ? 0.05 : Math.floor(s / 10) % 2 ? 1.6 : 0.4) })),
      fires: true,
    },
    { title: "the same swings, one side of a GAN's game", records: adversarial(() => syntheticRun(classifierSpec({ lossAt: (s) => (Math.floor(s / 10) % 2 ? 1.6 : 0.4) }))), fires: false },
    { title: "the same swings, its targets from a moving copy of the model", records: movingTarget(() => syntheticRun(classifierSpec({ lossAt: (s) => (Math.floor(s / 10) % 2 ? 1.6 : 0.4) }))), fires: false },
    { title: "small noise around a converged loss", records: () => syntheticRun(classifierSpec({ lossAt: (s) => 0.3 + 0.02 * Math.sin(s) })), fires: false },
    {
      // Near convergence, small-batch noise is large relative to a small loss: measured against the
      // run's starting loss it is small.
      title: "batch noise of ±0.015 on a loss converged at 0.05 (from 1.0)",
      records: () => syntheticRun(classifierSpec({ steps: 1200, lossAt: (s) => (s < 100 ? 1 - 0.0095 * s : 0.05 + (Math.floor(s / 10) % 2 ? 0.015 : -0.015)) })),
      fires: false,
    },
    {
      // keras-io's IMDB bidirectional LSTM: 0.69, down to 0.24, back up to 0.72 once, then down to 0.02.
      // The bump itself is one swing down and up (the real run's warning at steps 149-159); the fall after
      // it, however rough, is not "instead of descending" (the warning ran to the run's end before).
      title: "one bump on the way down, then a rough fall: reported while it lasts, not after",
      records: () => syntheticRun(classifierSpec({ steps: 320, lossAt: bumpThenFall })),
      fires: true,
      then: ([f]) => expect(f!.steps!.last).toBeLessThan(170),
    },
    {
      // pytorch/tutorials' nn_tutorial trains a converged model on: its first loss is already small.
      title: "a classifier trained on from convergence: swings of ±40 % on a loss of 0.01",
      records: () => syntheticRun(classifierSpec({ lossAt: (s) => 0.01 + (Math.floor(s / 10) % 2 ? 0.004 : -0.004) })),
      fires: false,
    },
    {
      title: "the same swings on a regression trained on from convergence (no chance level to scale them by)",
      records: () => syntheticRun(regressionSpec({ lossAt: (s) => 0.01 + (Math.floor(s / 10) % 2 ? 0.004 : -0.004) })),
      fires: true,
    },
    {
      title: "the same swings on a loss that stays high",
      records: () => syntheticRun(classifierSpec({ steps: 1200, lossAt: (s) => (s < 100 ? 1 - 0.0094 * s : 0.6 + (Math.floor(s / 10) % 2 ? 0.2 : -0.2)) })),
      fires: true,
    },
  ]);

  checkTable("D505", [
    ...healthy,
    { title: "loss falls while accuracy stays at chance, one side of a GAN's game", records: adversarial(() => syntheticRun(classifierSpec({ accuracyAt: () => 0.1 }))), fires: false },
    // keras-io's antirectifier on MNIST-like data: accuracy 1.0 from epoch 2, the loss falling 3e-6 → 4e-7.
    // (The synthetic accuracy is clipped at 1 after its noise: 1.2 keeps it at exactly 1.)
    { title: "loss keeps falling after accuracy reached 1 (a converged classifier)", records: () => syntheticRun(classifierSpec({ accuracyAt: () => 1.2 })), fires: false },
    { title: "loss falls while accuracy stays at 0.99", records: () => syntheticRun(classifierSpec({ accuracyAt: () => 0.99 })), fires: true },
    {
      title: "loss falls while accuracy stays at chance",
      records: () => syntheticRun(classifierSpec({ accuracyAt: () => 0.1 })),
      fires: true,
      message: /metric acc/,
      then: ([f]) => expect(f!.severity).toBe("info"),
    },
  ]);

  checkTable("D506", [
    ...healthy,
    {
      title: "validation loss pulling away",
      records: () => editEpochs(clean(), (e) => ({ ...e, valLoss: e.loss! * (1.05 + 0.2 * e.epoch) })),
      fires: true,
      message: /above training loss/,
    },
    { title: "the same gap, one side of a GAN's game", records: adversarial(() => editEpochs(clean(), (e) => ({ ...e, valLoss: e.loss! * (1.05 + 0.2 * e.epoch) }))), fires: false },
    {
      title: "validation loss rising while training loss falls",
      records: () => editEpochs(clean(), (e) => ({ ...e, valLoss: 0.5 + 0.01 * e.epoch })),
      fires: true,
      message: /rose for 3 epochs/,
      then: (fs) => expect(fs.map((f) => f.severity)).toContain("warning"),
    },
    {
      // keras-io's time-series anomaly autoencoder: EarlyStopping(monitor="val_loss", patience=5).
      title: "validation loss rising while training loss falls, under the training's own early stopping on val_loss",
      records: () => editRunStart(editEpochs(clean(), (e) => ({ ...e, valLoss: 0.5 + 0.01 * e.epoch })), (r) => ({ ...r, earlyStopping: { monitor: "val_loss", patience: 5, restoresBest: false } })),
      fires: true,
      message: /overfitting; the training's early stopping on val_loss \(patience 5\) ends it, keeping the last epoch's weights, not the best epoch's$/,
      then: (fs) => expect(fs.map((f) => f.severity)).not.toContain("warning"),
    },
    {
      // Stopping on the training loss does not end an overfitting run.
      title: "validation loss rising while training loss falls, with early stopping on the training loss",
      records: () => editRunStart(editEpochs(clean(), (e) => ({ ...e, valLoss: 0.5 + 0.01 * e.epoch })), (r) => ({ ...r, earlyStopping: { monitor: "loss" } })),
      fires: true,
      then: (fs) => expect(fs.map((f) => f.severity)).toContain("warning"),
    },
    {
      title: "validation loss that rises a little on a plateau while it tracks the training loss (noise)",
      records: () => editEpochs(clean(), (e) => ({ ...e, loss: 1 - 0.004 * e.epoch, valLoss: 1 + 0.004 * e.epoch })),
      fires: false,
    },
    // Dive into Deep Learning's RNN from scratch: a validation loss on a plateau with ±2 % epoch-to-epoch noise
    // rose 1.5 % over 3 epochs at epoch 91 while the training loss kept falling, then reached a new low.
    {
      title: "a noise-level 3-epoch rise of a noisy validation plateau: no warning (the gap grows: an info)",
      records: noisyPlateau([2.19, 2.2, 2.215, 2.225]),
      fires: true,
      then: (fs) => expect(fs.map((f) => [f.severity, f.message.match(/rose for|gap grew/)?.[0]])).toEqual([["info", "gap grew"]]),
    },
    { title: "the same plateau, judged without its noise (noiseMultiple 0)", records: noisyPlateau([2.19, 2.2, 2.215, 2.225]), options: { checks: { D506: { noiseMultiple: 0 } } }, fires: true, message: /rose for 3 epochs .* at epoch 99\)/ },
    { title: "the same plateau, then a rise well above its noise", records: noisyPlateau([2.19, 2.28, 2.38, 2.48]), fires: true, message: /rose for 3 epochs while training loss fell \(val 2\.48, train 1\.505 at epoch 99\)/ },
    {
      // With fewer than 5 epochs before the rise its noise is unknown: the 1 % floor alone applies.
      title: "a rise from epoch 1, too early to measure the noise",
      records: () => editEpochs(clean(), (e) => ({ ...e, valLoss: e.epoch < 1 ? 0.6 : 0.5 + 0.01 * e.epoch })),
      fires: true,
      message: /rose for 3 epochs/,
      then: (fs) => expect(fs[0]!.steps!.first).toBe(199),
    },
    {
      title: "a gap that grows while validation loss still improves (ordinary training)",
      records: () => editEpochs(clean(), (e) => ({ ...e, valLoss: e.loss! * (1.2 + 0.1 * e.epoch) * (1 - 0.05 * e.epoch) + 0.5 * Math.exp(-e.epoch) })),
      fires: false,
    },
  ]);

  // 10 classes, 40 steps per epoch: ln 10 = 2.303.
  const atChance = (untilStep: number) => () => syntheticRun(classifierSpec({ lossAt: (s) => (s < untilStep ? 2.3 : 2.3 * Math.exp(-(s - untilStep) / 60)), accuracyAt: (s) => (s < untilStep ? 0.1 : 0.6) }));
  checkTable("D508", [
    ...healthy,
    { title: "loss at ln 10 and accuracy at 0.1 throughout", records: atChance(10_000), fires: true, message: /stayed at chance level for 3 epochs: 2\.3\d* where a model that guesses among 10 classes/ },
    { title: "loss at ln 10 throughout, one side of a GAN's game (a discriminator held at chance)", records: adversarial(atChance(10_000)), fires: false },
    { title: "at chance for the first 3 epochs (120 steps), then learning", records: atChance(120), fires: true, message: /the labels may not match the inputs, or the model ignores its inputs$/ },
    {
      // pytorch/tutorials' older quickstart: nn.ReLU after its last nn.Linear, read by nn.CrossEntropyLoss.
      title: "at chance with a ReLU on the logits a cross-entropy reads: the message names it",
      records: () =>
        atChance(10_000)().map((r) =>
          r.type === "run-start" ? { ...r, model: { ...r.model!, loss: "sparse_categorical_crossentropy" as const, lossExpects: "logits" as const, layers: r.model!.layers.map((l) => (l.name === "dense_3" ? { ...l, activation: "relu" as const } : l)) } } : r,
        ),
      fires: true,
      message: /— the output layer dense_3 ends in relu \(values ≥ 0\) where the loss reads logits, which must be free to take any value; or the labels may not match the inputs$/,
    },
    { title: "the same run with minSteps 150: 3 epochs of 40 steps are too short, 4 at chance would be needed", records: atChance(120), options: { checks: { D508: { minSteps: 150 } } }, fires: false },
    { title: "minSteps 150 on a run at chance throughout: 4 epochs named", records: atChance(10_000), options: { checks: { D508: { minSteps: 150 } } }, fires: true, message: /for 4 epochs/ },
  ]);

  const oneOutput = () => syntheticRun(classifierSpec({ lossAt: () => 0, task: { kind: "classification", classes: 1 } }));
  checkTable("D509", [
    ...healthy,
    ...noisyHealthy,
    { title: "a cross-entropy over one output (pytorch/examples' DDP tutorial): 0 at every step", records: oneOutput, fires: true, message: /exactly 0 at each of the first 20 steps: a cross-entropy over one output is 0 whatever the model computes/ },
    { title: "a loss of exactly 2.3 at every step, whatever the batch (a custom loss returning a constant)", records: () => editSteps(clean(), (s) => ({ ...s, loss: 2.3 })), fires: true, message: /exactly 2\.3 at each of the first 20 steps, whatever the batch: it does not depend on what the model computes/ },
    { title: "the same constant for the first 19 steps, then the loss moves", records: () => editSteps(clean(), (s) => (s.step < 19 ? { ...s, loss: 2.3 } : s)), fires: false },
    { title: "a loss that falls to exactly 0 and stays there (a toy problem learned to the last bit)", records: () => editSteps(clean(), (s) => (s.step >= 100 ? { ...s, loss: 0 } : s)), fires: false },
    { title: "steps 50: a run constant for its first 40 steps only is not judged", records: () => editSteps(clean(), (s) => (s.step < 40 ? { ...s, loss: 2.3 } : s)), options: { checks: { D509: { steps: 50 } } }, fires: false },
  ]);

  checkTable("D507", [
    ...healthy.slice(0, 3),
    // By design: a converged run has stalled, and the info finding says when training could have stopped.
    { title: "converged run (info: time to stop)", records: healthy[3]!.records, fires: true, then: (fs) => expect(fs.every((f) => f.severity === "info")).toBe(true) },
    { title: "training loss flat for 10 epochs", records: () => syntheticRun(classifierSpec({ lossAt: () => 1.1 })), fires: true, message: /training loss has not improved/ },
    { title: "training loss flat for 10 epochs, one side of a GAN's game", records: adversarial(() => syntheticRun(classifierSpec({ lossAt: () => 1.1 }))), fires: false },
    {
      title: "accuracy stuck at 0.3 (slow convergence)",
      records: () => syntheticRun(classifierSpec({ accuracyAt: (s) => 0.3 + s * 1e-5 })),
      fires: true,
      message: /accuracy \(acc\) gains/,
    },
  ]);
});

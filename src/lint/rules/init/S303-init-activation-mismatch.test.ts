import { describe, expect, it } from "vitest";
import { programOf, ruleTester, runRuleOnProgram } from "../../../../test/helpers/rule-tester.js";
import { model, type ModelBuilder } from "../../../../test/helpers/model-builder.js";
import type { InitializerSpec, ProgramModel } from "../../../model/program.js";
import rule from "./S303-init-activation-mismatch.js";

/** A built program whose layers `indices` get `init` as their kernel initialiser (the builder only sets kinds). */
function withKernelInit(builder: ModelBuilder, indices: number[], init: Omit<InitializerSpec, "frameworkName"> & { frameworkName?: string }, extra: Partial<ProgramModel> = {}): ProgramModel {
  const program = builder.program(extra);
  for (const i of indices) program.models[0]!.architecture.layers[i]!.kernelInitializer = { frameworkName: "RandomNormal", ...init };
  return program;
}

const small = { kind: "random_normal", stddev: 0.01 } as const;
/** Dense 784 → 256 → 256 → 10 with known input shapes. */
const mlp = (activation: "relu" | "tanh" = "relu"): ModelBuilder =>
  model()
    .dense(256, activation, { input: [null, 784], inputShapes: [[null, 784]] })
    .dense(256, activation, { inputShapes: [[null, 256]] })
    .dense(10, "softmax", { inputShapes: [[null, 256]] });

ruleTester(rule, {
  valid: [
    {
      name: "He initialisation on ReLU layers",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        init = keras.initializers.HeNormal()
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=init, input_shape=(784,)),
            layers.Dense(256, activation="relu", kernel_initializer=init),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    {
      name: "the Keras default (glorot_uniform) on a deep ReLU stack",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Dense(512, activation="relu", input_shape=(784,))] + [layers.Dense(512, activation="relu") for _ in range(6)] + [layers.Dense(10, activation="softmax")])
      `,
    },
    {
      name: "small and large fixed scales that compensate (the TF tutorial CNN)",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        tn = keras.initializers.TruncatedNormal(stddev=0.1)
        model = keras.Sequential([
            layers.Conv2D(32, 5, activation="relu", kernel_initializer=tn, input_shape=(28, 28, 1)),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 5, activation="relu", kernel_initializer=tn),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(1024, activation="relu", kernel_initializer=tn),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    {
      name: "one small-scale ReLU layer is not a stack",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=keras.initializers.RandomNormal(stddev=0.01), input_shape=(784,)),
            layers.Dense(256, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    {
      name: "batch normalisation between the layers restores the scale",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        init = keras.initializers.RandomNormal(stddev=0.01)
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=init, input_shape=(784,)),
            layers.BatchNormalization(),
            layers.Dense(256, activation="relu", kernel_initializer=init),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    {
      name: "no scale written: RandomNormal() and 'random_normal'",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=keras.initializers.RandomNormal(), input_shape=(784,)),
            layers.Dense(256, activation="relu", kernel_initializer="random_normal"),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    {
      name: "an initialiser of unknown value",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        from my_project import make_init
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=make_init(), input_shape=(784,)),
            layers.Dense(256, activation="relu", kernel_initializer=make_init()),
            layers.Dense(10, activation="softmax"),
        ])
      `,
    },
    { name: "tanh layers with a small σ are outside the claim", program: withKernelInit(mlp("tanh"), [0, 1], small) },
    { name: "an incomplete model", program: withKernelInit(mlp().incomplete(), [0, 1], small) },
    { name: "fan-in unknown", program: withKernelInit(model().dense(256, "relu").dense(256, "relu").dense(10, "softmax"), [0, 1], small) },
    {
      name: "a merge restarts the chain",
      program: withKernelInit(
        model()
          .dense(256, "relu", { input: [null, 784], inputShapes: [[null, 784]] })
          .dense(64, "relu", { inbound: [0], inputShapes: [[null, 256]] })
          .layer("add", {}, { inbound: [0, 1] })
          .dense(256, "relu", { inputShapes: [[null, 256]] })
          .dense(10, "softmax", { inputShapes: [[null, 256]] }),
        [0, 3],
        small,
      ),
    },
    {
      name: "a conditional layer restarts the chain",
      program: withKernelInit(
        model()
          .dense(256, "relu", { input: [null, 784], inputShapes: [[null, 784]] })
          .layer("dropout", { rate: 0.2 }, { conditional: true })
          .dense(256, "relu", { inputShapes: [[null, 256]] })
          .dense(10, "softmax", { inputShapes: [[null, 256]] }),
        [0, 2],
        small,
      ),
    },
  ],
  invalid: [
    {
      name: "RandomNormal(stddev=0.01) on a ReLU MLP",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        init = keras.initializers.RandomNormal(mean=0.0, stddev=0.01)
        model = keras.Sequential([
            layers.Dense(256, activation="relu", kernel_initializer=init, input_shape=(784,)),
            layers.Dense(256, activation="relu", kernel_initializer=init),
            layers.Dense(10, activation="softmax", kernel_initializer=init),
        ])
      `,
      errors: [
        { messageId: "shrinkingScale", line: 5, column: 5, data: { initializer: "RandomNormal(stddev=0.01)", fanIn: 784, heStddev: "0.051", count: 2, factor: "45" } },
        { messageId: "shrinkingScale", line: 6, column: 5, data: { fanIn: 256, heStddev: "0.088" } },
      ],
    },
    {
      name: "TruncatedNormal(stddev=0.02) on ReLU convolutions",
      code: `
        import tensorflow as tf
        from tensorflow.keras import layers
        small = tf.keras.initializers.TruncatedNormal(stddev=0.02)
        model = tf.keras.Sequential([
            layers.Conv2D(32, 3, activation="relu", kernel_initializer=small, input_shape=(28, 28, 1)),
            layers.MaxPooling2D(),
            layers.Conv2D(64, 3, activation="relu", kernel_initializer=small),
            layers.MaxPooling2D(),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
      `,
      errors: [
        { messageId: "shrinkingScale", line: 5, data: { fanIn: 9, initializer: "TruncatedNormal(stddev=0.02)" } },
        { messageId: "shrinkingScale", line: 7, data: { fanIn: 288 } },
      ],
    },
    {
      name: "TF1 tf.layers with tf.random_normal_initializer(stddev=0.01)",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 784])
        h1 = tf.layers.dense(x, 512, activation=tf.nn.relu, kernel_initializer=tf.random_normal_initializer(stddev=0.01))
        h2 = tf.layers.dense(h1, 512, activation=tf.nn.relu, kernel_initializer=tf.random_normal_initializer(stddev=0.01))
        logits = tf.layers.dense(h2, 10)
      `,
      errors: [
        { messageId: "shrinkingScale", line: 3, data: { fanIn: 784 } },
        { messageId: "shrinkingScale", line: 4, data: { fanIn: 512 } },
      ],
    },
    {
      name: "a large fixed σ makes the activations grow",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        big = keras.initializers.RandomNormal(stddev=1.0)
        model = keras.Sequential([
            layers.Dense(256, kernel_initializer=big, input_shape=(784,)),
            layers.Activation("relu"),
            layers.Dense(256, activation="relu", kernel_initializer=big),
            layers.Dense(10, activation="softmax"),
        ])
      `,
      errors: [
        { messageId: "growingScale", line: 5, data: { count: 2, factor: "220" } },
        { messageId: "growingScale", line: 7 },
      ],
    },
    {
      name: "RandomUniform(-0.01, 0.01), hand-built",
      program: withKernelInit(mlp(), [0, 1], { kind: "random_uniform", minval: -0.01, maxval: 0.01, frameworkName: "RandomUniform" }),
      errors: [
        { messageId: "shrinkingScale", line: 1, data: { initializer: "RandomUniform(minval=-0.01, maxval=0.01)" } },
        { messageId: "shrinkingScale", line: 2 },
      ],
    },
    {
      name: "channels_first convolutions take their channels from axis 1",
      program: withKernelInit(
        model()
          .layer("conv2d", { filters: 32, kernelSize: [3, 3], dataFormat: "channels_first" }, { activation: "relu", inputShapes: [[null, 3, 32, 32]] })
          .layer("conv2d", { filters: 32, kernelSize: [3, 3], dataFormat: "channels_first" }, { activation: "relu", inputShapes: [[null, 32, 30, 30]] })
          .layer("globalAveragePooling2d")
          .dense(10, "softmax"),
        [0, 1],
        small,
      ),
      errors: [
        { messageId: "shrinkingScale", line: 1, data: { fanIn: 27 } },
        { messageId: "shrinkingScale", line: 2, data: { fanIn: 288 } },
      ],
    },
    {
      name: "only the layers pushing the scale down are reported",
      program: (() => {
        const program = withKernelInit(mlp(), [0, 1], small);
        // Layer 1 at σ = 0.1 grows by 1.1×, not enough to compensate layer 0's 5× shrink and a third layer's.
        program.models[0]!.architecture.layers[1]!.kernelInitializer = { kind: "random_normal", stddev: 0.1, frameworkName: "RandomNormal" };
        program.models[0]!.architecture.layers[2]!.activation = "relu";
        program.models[0]!.architecture.layers[2]!.kernelInitializer = { kind: "random_normal", stddev: 0.001, frameworkName: "RandomNormal" };
        return program;
      })(),
      errors: [
        { messageId: "shrinkingScale", line: 1, data: { count: 3 } },
        { messageId: "shrinkingScale", line: 3 },
      ],
    },
  ],
});

describe("S303 options", () => {
  it("maxScaleDrift raises the bar", async () => {
    const program = withKernelInit(mlp(), [0, 1], small);
    expect(runRuleOnProgram(rule, program, { maxScaleDrift: 100 })).toEqual([]);
    expect(runRuleOnProgram(rule, program, { maxScaleDrift: 40 })).toHaveLength(2);
  });
  it("minLayers 1 reports a single small-scale ReLU layer", () => {
    const program = withKernelInit(mlp(), [0], { kind: "random_normal", stddev: 0.001 });
    expect(runRuleOnProgram(rule, program)).toEqual([]);
    expect(runRuleOnProgram(rule, program, { minLayers: 1 }).map((r) => r.line)).toEqual([1]);
  });
  it("reports its documented example", async () => {
    const program = await programOf(`from tensorflow import keras\nfrom tensorflow.keras import layers\n${rule.meta.docs.example}`);
    expect(runRuleOnProgram(rule, program).length).toBeGreaterThan(0);
  });
});

import { describe, expect, test } from "vitest";
import { analyze, analyzeFixture, modelNamed, onlyModel } from "./testing.js";

const HEADER = `
      from tensorflow import keras
      m = keras.Sequential([keras.layers.Dense(3, input_shape=(4,))])
`;

describe("compile: losses", () => {
  test.each([
    ["'categorical_crossentropy'", "categorical_crossentropy", false],
    ["'mse'", "mean_squared_error", false],
    ["'mae'", "mean_absolute_error", false],
    ["'binary_crossentropy'", "binary_crossentropy", false],
    ["keras.losses.categorical_crossentropy", "categorical_crossentropy", false],
    ["keras.losses.CategoricalCrossentropy(from_logits=True)", "categorical_crossentropy", true],
    ["keras.losses.SparseCategoricalCrossentropy()", "sparse_categorical_crossentropy", false],
    ["keras.losses.MeanSquaredError()", "mean_squared_error", false],
    ["keras.losses.BinaryCrossentropy(from_logits=True)", "binary_crossentropy", true],
  ])("loss=%s", async (written, kind, fromLogits) => {
    const { program } = await analyze(`${HEADER}
      m.compile(optimizer='adam', loss=${written})
    `);
    const loss = onlyModel(program).learner?.loss;
    expect(loss?.kind).toBe(kind);
    expect(loss?.fromLogits).toBe(fromLogits);
    expect(loss?.span.line).toBe(4);
  });

  test("a custom Python loss function", async () => {
    const { program } = await analyzeFixture("custom_loss.py");
    expect(onlyModel(program).learner?.loss).toMatchObject({ kind: "custom", frameworkName: "my_loss" });
  });

  test("a loss held in a variable, from_logits from a variable", async () => {
    const { program } = await analyze(`${HEADER}
      logits = True
      loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=logits)
      m.compile('sgd', loss_fn)
    `);
    expect(onlyModel(program).learner?.loss).toMatchObject({ kind: "sparse_categorical_crossentropy", fromLogits: true });
  });
});

describe("compile: optimizers and metrics", () => {
  test.each([
    ["'adam'", { kind: "adam", learningRate: 0.001, epsilon: 1e-7 }],
    ["'sgd'", { kind: "sgd", learningRate: 0.01, momentum: 0 }],
    ["keras.optimizers.Adam(lr=0.01)", { kind: "adam", learningRate: 0.01 }],
    ["keras.optimizers.Adam(learning_rate=3e-4, epsilon=1e-12)", { kind: "adam", learningRate: 3e-4, epsilon: 1e-12 }],
    ["keras.optimizers.SGD(0.1, momentum=0.9)", { kind: "sgd", learningRate: 0.1, momentum: 0.9 }],
    ["keras.optimizers.legacy.Adam(1e-3)", { kind: "adam", learningRate: 1e-3 }],
    ["keras.optimizers.RMSprop()", { kind: "rmsprop", learningRate: 0.001 }],
    ["keras.optimizers.Adam(keras.optimizers.schedules.ExponentialDecay(0.05, 1000, 0.9))", { kind: "adam", learningRate: 0.05 }],
  ])("optimizer=%s", async (written, expected) => {
    const { program } = await analyze(`${HEADER}
      m.compile(optimizer=${written}, loss='mse')
    `);
    expect(onlyModel(program).learner?.optimizer).toMatchObject(expected);
  });

  test("the learning-rate span points at the written rate", async () => {
    const { program } = await analyze(`${HEADER}
      opt = keras.optimizers.Adam(learning_rate=0.5)
      m.compile(optimizer=opt, loss='mse')
    `);
    const optimizer = onlyModel(program).learner?.optimizer;
    expect(optimizer?.learningRate).toBe(0.5);
    expect(optimizer?.learningRateSpan).toMatchObject({ line: 4, column: 43 });
  });

  test("each metric is located at its own element; an optimizer object where it was constructed", async () => {
    const { program } = await analyze(`${HEADER}
      opt = keras.optimizers.Adam(learning_rate=0.5)
      m.compile(optimizer=opt, loss='mse', metrics=['accuracy', keras.metrics.AUC()])
    `);
    const learner = onlyModel(program).learner!;
    expect(learner.optimizer?.span).toMatchObject({ line: 4, column: 7 });
    expect(learner.optimizer?.learningRateSpan).toMatchObject({ line: 4, column: 43 });
    expect(learner.metrics.map((x) => [x.span.line, x.span.column])).toEqual([[5, 47], [5, 59]]);
  });

  test("an optimizer chosen by an undecidable condition is unknown", async () => {
    const { program } = await analyze(`${HEADER}
      import sys
      if sys.argv[1] == 'sgd':
          opt = keras.optimizers.SGD(0.1)
      else:
          opt = keras.optimizers.Adam(0.001)
      m.compile(optimizer=opt, loss='mse')
    `);
    expect(onlyModel(program).learner?.optimizer).toBeUndefined();
    expect(onlyModel(program).learner?.loss?.kind).toBe("mean_squared_error");
  });

  test("an unknown learning rate stays unknown", async () => {
    const { program } = await analyze(`${HEADER}
      import sys
      m.compile(optimizer=keras.optimizers.Adam(float(sys.argv[1])), loss='mse')
    `);
    const optimizer = onlyModel(program).learner?.optimizer;
    expect(optimizer?.kind).toBe("adam");
    expect(optimizer?.learningRate).toBeUndefined();
  });

  test("metrics as strings, abbreviations and objects", async () => {
    const { program } = await analyze(`${HEADER}
      m.compile(optimizer='adam', loss='mse', metrics=['acc', 'mae', keras.metrics.AUC(), 'f1'])
    `);
    expect(onlyModel(program).learner?.metrics.map((x) => x.kind)).toEqual(["accuracy", "mean_absolute_error", "auc", "other"]);
  });
});

describe("multi-output models", () => {
  test("a dict of losses by output name and a list by output position", async () => {
    const { program } = await analyze(`
      from tensorflow.keras import layers, Model, Input
      inp = Input(shape=(8,))
      h = layers.Dense(16, activation='relu')(inp)
      age = layers.Dense(1, name='age')(h)
      gender = layers.Dense(1, activation='sigmoid', name='gender')(h)
      a = Model(inp, [age, gender])
      a.compile(optimizer='adam', loss={'gender': 'binary_crossentropy', 'age': 'mae'})
      b = Model(inp, [age, gender])
      b.compile(optimizer='adam', loss=['mse', 'binary_crossentropy'])
    `);
    const [a, b] = program.models;
    const names = (m: typeof a) => m!.learner!.outputLosses!.map((o) => [m!.architecture.layers[o.output]!.name, o.loss.kind]);
    expect(names(a)).toEqual([["gender", "binary_crossentropy"], ["age", "mean_absolute_error"]]);
    expect(names(b)).toEqual([["age", "mean_squared_error"], ["gender", "binary_crossentropy"]]);
    expect(a!.learner!.loss).toBeUndefined();
    expect(a!.learner!.outputLosses![0]!.loss.span.line).toBe(7);
  });
});

describe("which learner counts, and training calls", () => {
  test("the last compile before the first fit counts", async () => {
    const { program } = await analyzeFixture("multi_compile.py");
    const model = onlyModel(program);
    expect(model.learner?.loss?.kind).toBe("categorical_crossentropy");
    expect(model.training).toHaveLength(2);
  });

  test("without fit, the last compile counts", async () => {
    const { program } = await analyze(`${HEADER}
      m.compile(optimizer='adam', loss='mse')
      m.compile(optimizer='adam', loss='mae')
    `);
    expect(onlyModel(program).learner?.loss?.kind).toBe("mean_absolute_error");
  });

  test("fit arguments: Keras 1 nb_epoch, batch size, validation data names, shuffle", async () => {
    const { program } = await analyzeFixture("mnist_mlp_keras1.py");
    const [fit] = onlyModel(program).training;
    expect(fit).toMatchObject({ driver: "fit", call: "fit", epochs: 20, batchSize: 128, validation: "data", validationVariables: ["X_test", "Y_test"] });
    expect(onlyModel(program).learner?.optimizer).toMatchObject({ kind: "rmsprop", learningRate: 0.001 });
    expect(program.seedSet).toBe(true);
  });

  test("fit defaults, validation_split, and positional x/y", async () => {
    const { program } = await analyze(`${HEADER}
      import numpy as np
      x = np.zeros((10, 4))
      y = np.zeros((10, 3))
      m.fit(x, y)
      m.fit(x, y, 16, 3, validation_split=0.2, shuffle=False)
      m.predict(x)
    `);
    const [a, b] = onlyModel(program).training;
    expect(a).toMatchObject({ epochs: 1, batchSize: 32, validation: "none" });
    expect(a!.x?.variable).toBe("x");
    expect(a!.y?.shape).toEqual([10, 3]);
    expect(b).toMatchObject({ epochs: 3, batchSize: 16, validation: "split", shuffle: false });
    expect(onlyModel(program).inference).toMatchObject([{ method: "predict", x: { variable: "x", shape: [10, 4] } }]);
    expect(program.seedSet).toBe(false);
  });

  test("a training step inside a long loop is recorded once; train_on_batch of a GAN", async () => {
    const { program } = await analyzeFixture("gan.py");
    const combined = modelNamed(program, "combined");
    expect(combined.training).toHaveLength(1);
    expect(combined.training[0]).toMatchObject({ driver: "batch-step", call: "train_on_batch", batchSize: 32 });
    // The Sequential generator and discriminator called on tensors are inlined into the combined graph.
    expect(combined.architecture.complete).toBe(true);
    const layers = combined.architecture.layers;
    expect(layers.map((l) => l.kind)).toEqual(["input", "dense", "leakyRelu", "batchNormalization", "dense", "reshape", "flatten", "dense", "leakyRelu", "dense"]);
    expect(layers[5]!.outputShape).toEqual([null, 28, 28, 1]);
    expect(layers[layers.length - 1]!.activation).toBe("sigmoid");
    const discriminator = modelNamed(program, "discriminator");
    expect(discriminator.learner?.optimizer).toMatchObject({ kind: "adam", learningRate: 0.0002 });
  });

  test("shuffle: Keras shuffles arrays by default; a tf.data pipeline only when it calls shuffle()", async () => {
    const { program } = await analyze(`${HEADER}
      import numpy as np
      import tensorflow as tf
      x = np.zeros((8, 4))
      y = np.zeros((8, 3))
      m.fit(x, y)
      m.fit(tf.data.Dataset.from_tensor_slices((x, y)).batch(2))
      m.fit(tf.data.Dataset.from_tensor_slices((x, y)).shuffle(8).batch(2))
    `);
    expect(onlyModel(program).training.map((t) => t.shuffle)).toEqual([true, false, true]);
    expect(onlyModel(program).training[1]!.x?.shape).toEqual([8, 4]);
  });

  test("seeds: tf.random.set_seed and friends", async () => {
    for (const call of ["tf.random.set_seed(1)", "tf.set_random_seed(1)", "np.random.seed(0)", "tf.keras.utils.set_random_seed(3)", "tf.compat.v1.set_random_seed(2)"]) {
      const { program } = await analyze(`
        import numpy as np
        import tensorflow as tf
        ${call}
        m = tf.keras.Sequential([tf.keras.layers.Dense(1)])
      `);
      expect(program.seedSet, call).toBe(true);
    }
  });
});

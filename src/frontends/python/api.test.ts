import { describe, expect, test } from "vitest";
import { analyze, onlyModel } from "./testing.js";

describe("Keras packages (S606 facts)", () => {
  test("standalone keras layers in a tf.keras model, with optimizer, loss and callbacks", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      import keras
      from keras.layers import Dense
      from tensorflow.keras.callbacks import EarlyStopping
      from keras.callbacks import ModelCheckpoint
      model = tf.keras.Sequential([Dense(4, input_shape=(3,)), tf.keras.layers.Dense(1)])
      model.compile(optimizer=keras.optimizers.Adam(), loss=tf.keras.losses.MeanSquaredError())
      model.fit(tf.zeros((4, 3)), tf.zeros((4, 1)), callbacks=[EarlyStopping(patience=2), ModelCheckpoint('m.h5')])
    `);
    const model = onlyModel(program);
    expect(model.keras?.package).toBe("tf.keras");
    expect(model.architecture.layers.map((l) => l.keras?.package)).toEqual(["keras", "tf.keras"]);
    expect(model.learner?.optimizer?.keras?.package).toBe("keras");
    expect(model.learner?.loss?.keras?.package).toBe("tf.keras");
    expect(model.training[0]!.callbacks).toMatchObject([
      { frameworkName: "EarlyStopping", keras: { package: "tf.keras" }, span: { line: 8 } },
      { frameworkName: "ModelCheckpoint", keras: { package: "keras" } },
    ]);
  });

  test("string names have no package; tf.compat and tensorflow.python spellings are tf.keras; subclass bases", async () => {
    const { program } = await analyze(`
      import tensorflow.compat.v2 as tf2
      from tensorflow.python.keras.layers import Dense
      from tensorflow import keras
      class Net(keras.Model):
          def __init__(self):
              super().__init__()
              self.d = Dense(2)
          def call(self, x):
              return self.d(x)
      net = Net()
      net.compile(optimizer='adam', loss='mse')
      m = tf2.keras.Sequential([tf2.keras.layers.Dense(1, input_shape=(2,))])
    `);
    const [net, m] = program.models;
    expect(net!.keras?.package).toBe("tf.keras");
    expect(net!.architecture.layers[1]!.keras?.package).toBe("tf.keras");
    expect(net!.learner?.optimizer?.keras?.package).toBeUndefined();
    expect(m!.keras?.package).toBe("tf.keras");
  });

  test("`from keras import ...` after `from tensorflow import keras` reads as tf.keras; a separate standalone alias does not", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      from keras import layers, optimizers
      import keras as plain_keras
      inputs = keras.Input((8, 8, 1))
      x = layers.Conv2D(4, 3, activation="relu")(inputs)
      x = layers.Flatten()(x)
      outputs = layers.Dense(3, activation="softmax")(x)
      net = keras.Model(inputs=inputs, outputs=outputs)
      net.compile(optimizer=optimizers.Adam(), loss="sparse_categorical_crossentropy")
      net.fit(x_data, y_data, callbacks=[plain_keras.callbacks.EarlyStopping(patience=1)])
    `);
    const net = onlyModel(program);
    expect(net.keras?.package).toBe("tf.keras");
    expect(net.architecture.layers.map((l) => l.keras?.package).filter((p) => p !== undefined)).toEqual(["tf.keras", "tf.keras", "tf.keras", "tf.keras"]);
    expect(net.learner?.optimizer?.keras?.package).toBe("tf.keras");
    expect(net.training[0]!.callbacks).toMatchObject([{ frameworkName: "EarlyStopping", keras: { package: "keras" } }]);
  });

  test("`from keras import layers` with no tf.keras binding of the name stays standalone keras", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from keras import layers
      net = tf.keras.Sequential([layers.Dense(2, input_shape=(3,))])
      net.compile(optimizer="adam", loss="mse")
    `);
    expect(onlyModel(program).architecture.layers.map((l) => l.keras?.package)).toEqual(["keras"]);
  });
});

describe("argument misuses (S607 facts)", () => {
  test("a constraint passed as a regularizer, an initializer as an activation", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      from keras.constraints import max_norm
      from keras import initializers
      m = Sequential()
      m.add(Dense(64, input_dim=8, kernel_regularizer=max_norm(3)))
      m.add(Dense(8, activation=initializers.he_normal()))
      m.add(Dense(1, kernel_constraint=max_norm(2), kernel_regularizer='l2'))
    `);
    expect(program.argumentMisuses).toEqual([
      { callee: "Dense", parameter: "kernel_regularizer", problem: "wrong-kind", expected: "regularizer", actual: "constraint", text: "max_norm(3)", span: expect.objectContaining({ line: 6, column: 49 }) },
      { callee: "Dense", parameter: "activation", problem: "wrong-kind", expected: "activation", actual: "initializer", text: "initializers.he_normal()", span: expect.objectContaining({ line: 7 }) },
    ]);
  });

  test("Keras 1 positional kernel sizes under tf.keras change meaning; keywords and tuples do not", async () => {
    const { program } = await analyze(`
      from tensorflow.keras.models import Sequential
      from tensorflow.keras.layers import Convolution2D, Conv2D
      m = Sequential()
      for i in range(2):
          m.add(Convolution2D(32, 3, 3, activation='relu', input_shape=(28, 28, 1)))
      m.add(Conv2D(32, (3, 3)))
      m.add(Conv2D(32, 3, strides=1))
    `);
    expect(program.argumentMisuses).toEqual([
      {
        callee: "Convolution2D",
        parameter: "strides",
        problem: "changed-meaning",
        expected: "shape",
        legacyMeaning: "nb_col (the kernel width)",
        text: "3",
        span: expect.objectContaining({ line: 5, column: 32 }),
      },
    ]);
  });

  test("Conv2D(f, 3, 3) is flagged in standalone keras too; Convolution2D there may be genuine Keras 1", async () => {
    const { program } = await analyze(`
      from keras.layers import Conv2D, Convolution2D
      a = Conv2D(16, 3, 3)
      b = Convolution2D(16, 3, 3)
    `);
    expect(program.argumentMisuses?.map((m) => [m.callee, m.span.line])).toEqual([["Conv2D", 2]]);
  });

  test("a clean program has an empty list", async () => {
    const { program } = await analyze(`
      from keras.layers import Dense
      from keras.regularizers import l2
      d = Dense(3, kernel_regularizer=l2(0.01), activation='relu')
    `);
    expect(program.argumentMisuses).toEqual([]);
  });
});

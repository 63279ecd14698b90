/**
 * Every rule over realistic Keras programs: correct programs must produce no error or warning (precision),
 * faulty ones exactly the expected codes at the expected lines (and nothing else). Info findings (design
 * advice, hygiene) are left to each rule's own tests.
 */
import { describe, expect, it } from "vitest";
import { programOf, runRuleOnProgram } from "../../../test/helpers/rule-tester.js";
import { allRules } from "./index.js";

async function findings(code: string): Promise<string[]> {
  const program = await programOf(code);
  return allRules.flatMap((rule) =>
    runRuleOnProgram(rule, program)
      .filter((r) => (r.severity ?? rule.meta.severity) !== "info")
      .map((r) => `${rule.meta.code}:${r.line}`),
  );
}

const correct: Record<string, string> = {
  "MNIST MLP, scaled, one-hot, validated, seeded": `
    import numpy as np
    from tensorflow import keras
    from tensorflow.keras import layers
    keras.utils.set_random_seed(1)
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    x_train = x_train.reshape(60000, 784).astype('float32') / 255
    y_train = keras.utils.to_categorical(y_train, 10)
    model = keras.Sequential([
        layers.Dense(512, activation='relu', input_shape=(784,)),
        layers.Dropout(0.2),
        layers.Dense(10, activation='softmax'),
    ])
    model.compile(loss='categorical_crossentropy', optimizer=keras.optimizers.RMSprop(learning_rate=0.001), metrics=['accuracy'])
    model.fit(x_train, y_train, batch_size=128, epochs=5, validation_split=0.1)
  `,
  "CIFAR-10 CNN in a helper with a loop and f-string names": `
    import tensorflow as tf
    from tensorflow.keras import layers, models
    tf.random.set_seed(0)
    (x_train, y_train), (x_test, y_test) = tf.keras.datasets.cifar10.load_data()
    x_train, x_test = x_train / 255.0, x_test / 255.0
    def conv_block(x, filters, name):
        x = layers.Conv2D(filters, 3, padding='same', name=f"{name}_conv")(x)
        x = layers.BatchNormalization(name=f"{name}_bn")(x)
        x = layers.Activation('relu', name=f"{name}_relu")(x)
        return layers.MaxPooling2D(2, name=f"{name}_pool")(x)
    inputs = layers.Input(shape=(32, 32, 3))
    x = inputs
    for i, f in enumerate([32, 64, 128]):
        x = conv_block(x, f, f"block{i}")
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10)(x)
    model = models.Model(inputs, outputs)
    model.compile(optimizer='adam', loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
    model.fit(x_train, y_train, epochs=10, validation_data=(x_test, y_test))
  `,
  "IMDB embedding classifier": `
    from tensorflow import keras
    keras.utils.set_random_seed(7)
    (x_train, y_train), (x_test, y_test) = keras.datasets.imdb.load_data(num_words=10000)
    x_train = keras.preprocessing.sequence.pad_sequences(x_train, maxlen=256)
    model = keras.Sequential()
    model.add(keras.layers.Embedding(10000, 16, input_length=256))
    model.add(keras.layers.GlobalAveragePooling1D())
    model.add(keras.layers.Dense(16, activation='relu'))
    model.add(keras.layers.Dense(1, activation='sigmoid'))
    model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['acc'])
    model.fit(x_train, y_train, epochs=20, batch_size=512, validation_split=0.2)
  `,
  "Boston housing regression, standardised": `
    from tensorflow import keras
    keras.utils.set_random_seed(3)
    (x_train, y_train), (x_test, y_test) = keras.datasets.boston_housing.load_data()
    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    x_train = (x_train - mean) / std
    model = keras.Sequential([
        keras.layers.Dense(64, activation='relu', input_shape=(13,)),
        keras.layers.Dense(64, activation='relu'),
        keras.layers.Dense(1),
    ])
    model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])
    model.fit(x_train, y_train, epochs=80, batch_size=16, validation_split=0.2)
  `,
  "functional two-branch model with Concatenate": `
    from tensorflow import keras
    from tensorflow.keras import layers
    keras.utils.set_random_seed(5)
    a = keras.Input(shape=(16,))
    b = keras.Input(shape=(8,))
    x = layers.Dense(32, activation='relu')(a)
    y = layers.Dense(32, activation='relu')(b)
    z = layers.concatenate([x, y])
    z = layers.Dense(16, activation='relu')(z)
    out = layers.Dense(3, activation='softmax')(z)
    model = keras.Model(inputs=[a, b], outputs=out)
    model.compile(optimizer='adam', loss='categorical_crossentropy')
  `,
};

describe("all rules on correct programs", () => {
  for (const [name, code] of Object.entries(correct)) {
    it(name, async () => expect(await findings(code)).toEqual([]));
  }
});

describe("all rules on faulty programs", () => {
  it("a classic broken MNIST script reports each fault once, at its line", async () => {
    const code = `
      from keras.models import Sequential
      from keras.layers import Dense, Dropout, Activation
      from keras.datasets import mnist
      (x_train, y_train), (x_test, y_test) = mnist.load_data()
      x_train = x_train.reshape(60000, 784).astype('float32')
      model = Sequential()
      model.add(Dense(512, input_shape=(784,), kernel_initializer='zeros'))
      model.add(Dense(512, activation='relu'))
      model.add(Dropout(0.8))
      model.add(Dense(10))
      model.compile(loss='categorical_crossentropy', optimizer='adam')
      model.fit(x_train, y_train, epochs=5, shuffle=False)
    `;
    expect(await findings(code)).toEqual([
      "S115:7", // linear Dense collapses into the next
      "S201:10", // categorical_crossentropy on a linear output
      "S209:11", // integer labels with a categorical loss
      "S301:7", // zeros kernel on a hidden layer
      "S404:9", // Dropout(0.8)
      "S501:12", // pixels in [0, 255]
    ]);
  });

  it("a CNN with a rank error and an activated logits loss", async () => {
    const code = `
      import tensorflow as tf
      tf.random.set_seed(1)
      model = tf.keras.Sequential([
          tf.keras.layers.Conv2D(16, 3, activation='relu', input_shape=(28, 28)),
          tf.keras.layers.Flatten(),
          tf.keras.layers.Dense(64, activation='softmax'),
          tf.keras.layers.Dense(10, activation='softmax'),
      ])
      model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.5), loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    `;
    expect(await findings(code)).toEqual(["S102:4", "S117:6", "S204:7", "S402:9"]);
  });
});

import { describe, expect, test } from "vitest";
import { analyze, layerSignature, onlyModel } from "./testing.js";

describe("what a program leaves for later is still read", () => {
  test("a model built in a function nothing calls is analysed with unknown arguments", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      def build_model(n_features, n_classes=3):
          model = Sequential()
          model.add(Dense(16, activation='relu', input_dim=n_features))
          model.add(Dense(n_classes, activation='softmax'))
          return model
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["dense:dense", "dense_1:dense"]);
    // Unknown arguments stay unknown; defaults are used.
    expect(model.architecture.layers[0]!.declaredInputShape).toEqual([null, null]);
    expect(model.architecture.layers[1]!.config.units).toBe(3);
    expect(program.notes).toContainEqual(expect.objectContaining({ message: "function 'build_model' is never called: analysed with unknown arguments" }));
  });

  test("a helper runs inside the uncalled function that calls it, not alone first", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      def make():
          return Sequential([Dense(4, input_dim=2), Dense(1)])
      def main():
          m = make()
          m.compile(loss='mse', optimizer='sgd')
          m.fit(load_x(), load_y(), epochs=3)
    `);
    const model = onlyModel(program);
    expect(model.training).toMatchObject([{ driver: "fit", epochs: 3 }]);
  });

  test("a function called by the program is not run again", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      def make():
          return Sequential([Dense(1, input_dim=2)])
      model = make()
    `);
    expect(program.models).toHaveLength(1);
  });

  test("a class never instantiated: its __init__ and its other methods run on a fresh instance", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      class Classifier:
          def __init__(self, n_features):
              self.model = Sequential([Dense(8, input_dim=n_features), Dense(2, activation='softmax')])
              self.model.compile(loss='categorical_crossentropy', optimizer='adam')
          def train(self, x, y):
              self.model.fit(x, y, epochs=10)
    `);
    const model = onlyModel(program);
    expect(model.learner?.loss?.kind).toBe("categorical_crossentropy");
    expect(model.training).toMatchObject([{ driver: "fit", epochs: 10 }]);
  });

  test("a build_fn handed to a wrapper is an entry point", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      from keras.wrappers.scikit_learn import KerasClassifier
      def create_model():
          model = Sequential([Dense(8, input_dim=4, activation='relu'), Dense(3, activation='softmax')])
          model.compile(loss='categorical_crossentropy', optimizer='adam')
          return model
      estimator = KerasClassifier(build_fn=create_model, epochs=20)
    `);
    expect(layerSignature(onlyModel(program))).toEqual(["dense:dense", "dense_1:dense"]);
  });

  test.each([
    ["tf.app.run()", "import tensorflow as tf", "tf.app.run()"],
    ["tf.compat.v1.app.run(main)", "import tensorflow as tf", "tf.compat.v1.app.run(main)"],
    ["absl.app.run(main)", "from absl import app", "app.run(main)"],
  ])("%s runs main with an unknown argv", async (_name, importLine, launch) => {
    const { program } = await analyze(`
      ${importLine}
      from tensorflow import keras
      def main(argv):
          model = keras.Sequential([keras.layers.Dense(2, input_shape=(4,))])
          model.compile(loss='mse', optimizer='adam')
      ${launch}
    `);
    expect(onlyModel(program).learner?.loss?.kind).toBe("mean_squared_error");
    expect(program.notes.map((n) => n.message)).not.toContain("function 'main' is never called: analysed with unknown arguments");
  });

  test("a __main__ block calling main(args) with argparse values", async () => {
    const { program } = await analyze(`
      import argparse
      from tensorflow import keras
      def main(args):
          model = keras.Sequential([keras.layers.Dense(args.units, input_shape=(4,))])
          model.compile(loss='mse', optimizer=keras.optimizers.Adam(args.lr))
      if __name__ == '__main__':
          parser = argparse.ArgumentParser()
          parser.add_argument('--units', type=int, default=7)
          parser.add_argument('--lr', type=float, default=0.003)
          main(parser.parse_args())
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers[0]!.config.units).toBe(7);
    expect(model.learner?.optimizer?.learningRate).toBe(0.003);
  });
});

describe("names used without an import", () => {
  test("Keras names are read as Keras's; data names stay unknown", async () => {
    const result = await analyze(`
      model = Sequential()
      model.add(Conv1D(64, 3, activation='relu', input_shape=(100, 1)))
      model.add(GlobalMaxPooling1D())
      model.add(Dense(1, activation='sigmoid'))
      model.compile(loss='binary_crossentropy', optimizer=Adam(lr=0.001))
      model.fit(X, y, epochs=3)
    `);
    const model = onlyModel(result.program);
    expect(layerSignature(model)).toEqual(["conv1d:conv1d", "global_max_pooling1d:globalMaxPooling1d", "dense:dense"]);
    expect(model.architecture.complete).toBe(true);
    expect(model.learner?.optimizer).toMatchObject({ kind: "adam", learningRate: 0.001 });
    expect(model.training[0]!.x).toBeUndefined();
    // Which Keras is not known: no package is claimed.
    expect(model.architecture.layers[0]!.keras).toBeUndefined();
    expect(result.assumedImports?.map((a) => a.name)).toEqual(["Sequential", "Conv1D", "GlobalMaxPooling1D", "Dense", "Adam"]);
  });

  test("a star import from a module nobody knows, and tf used without an import", async () => {
    const star = await analyze(`
      from k.layers import *
      model = Sequential()
      model.add(Dense(32, input_shape=(8,)))
    `);
    expect(layerSignature(onlyModel(star.program))).toEqual(["dense:dense"]);
    const tf1 = await analyze(`
      x = tf.placeholder(tf.float32, [None, 4])
      out = tf.layers.dense(x, 2)
    `);
    expect(tf1.program.framework).toBe("tf1");
    expect(layerSignature(onlyModel(tf1.program))).toEqual(["input_1:input", "dense:dense"]);
    expect(tf1.assumedImports).toEqual([{ name: "tf", path: "tensorflow" }]);
  });

  test("a framework name imported from a module nobody knows is read as the framework's; the program's own modules are not", async () => {
    const aliased = await analyze(`
      from k.layers import Dense, Conv1D
      from k.models import Sequential
      model = Sequential([Conv1D(8, 3, input_shape=(10, 1)), Dense(1)])
    `);
    expect(layerSignature(onlyModel(aliased.program))).toEqual(["conv1d:conv1d", "dense:dense"]);
    expect(aliased.assumedImports?.map((a) => a.name)).toEqual(["Dense", "Conv1D", "Sequential"]);
    const relative = await analyze(`
      from .blocks import Dense
      from keras.models import Sequential
      model = Sequential([Dense(3)])
    `);
    expect(onlyModel(relative.program).architecture).toMatchObject({ layers: [], complete: false });
    expect(relative.assumedImports).toBeUndefined();
  });

  test("a name the program binds is never assumed", async () => {
    const result = await analyze(`
      def Dense(n):
          return n
      layer = Dense(3)
    `);
    expect(result.program.models).toEqual([]);
    expect(result.assumedImports).toBeUndefined();
  });
});

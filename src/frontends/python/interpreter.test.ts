import { describe, expect, test } from "vitest";
import type { ModelFacts } from "../../model/program.js";
import { analyze, dedent, onlyModel } from "./testing.js";

/** Builds a one-Dense model whose units and name are the values of two expressions after `setup`. */
async function evaluate(setup: string, units: string, name = "'probe'"): Promise<{ units?: number; name: string }> {
  const { program } = await analyze(`
    import keras
    ${dedent(setup).trim().split("\n").join("\n    ")}
    probe_model = keras.Sequential([keras.layers.Dense(${units}, name=${name})])
  `);
  const model: ModelFacts = program.models[program.models.length - 1]!;
  const layer = model.architecture.layers[0]!;
  return { ...(layer.config.units !== undefined ? { units: layer.config.units } : {}), name: layer.name };
}

describe("expressions", () => {
  test.each([
    ["2 + 3 * 4", 14],
    ["2 ** 5", 32],
    ["17 // 5", 3],
    ["-7 % 3", 2],
    ["int(7.9)", 7],
    ["int('12')", 12],
    ["round(2.5) + round(3.5)", 6],
    ["max(3, 9, 4)", 9],
    ["min([5, 2, 8])", 2],
    ["sum(range(5))", 10],
    ["abs(-6)", 6],
    ["len('hello') + len([1, 2]) + len({'a': 1})", 8],
    ["(1 if 3 > 2 else 2) * 10", 10],
    ["True + True", 2],
    ["[4, 5, 6][-1]", 6],
    ["(10, 20, 30)[1:][0]", 20],
    ["{'a': 3, 'b': 4}['b']", 4],
    ["{'a': 3}.get('z', 7)", 7],
    ["[x * 2 for x in range(4) if x % 2][1]", 6],
    ["sum([u for u in [1, 2, 3]])", 6],
    ["list(zip([1, 2], [3, 4]))[1][0]", 2],
    ["dict(a=1, b=9)['b']", 9],
    ["3 if 'x' in ['x', 'y'] else 4", 3],
    ["1 if 2 < 3 <= 3 != 4 else 0", 1],
    ["5 if not [] else 6", 5],
    ["7 if 'z' not in 'abc' else 8", 7],
    ["1 if None is None and 3 is not None else 2", 1],
    ["0 or 8", 8],
    ["4 and 9", 9],
  ])("%s", async (expression, expected) => {
    expect((await evaluate("", expression)).units).toBe(expected);
  });

  test.each([
    ["f'block{1}_conv'", "block1_conv"],
    ["f'{\"a\"}{2 * 3:03d}'", "a006"],
    ["f'lr{0.5:.2f}'", "lr0.50"],
    ["'conv_%d_%s' % (3, 'x')", "conv_3_x"],
    ["'%03d' % 7", "007"],
    ["'{}_{}'.format('dense', 2)", "dense_2"],
    ["'{name}-{0}'.format(1, name='n')", "n-1"],
    ["'a' + 'b' * 2", "abb"],
    ["'_'.join(['x', 'y'])", "x_y"],
    ["'Dense'.lower()", "dense"],
    ["'a,b'.split(',')[1]", "b"],
    ["str(12) + 'x'", "12x"],
    ["'x' 'y'", "xy"],
  ])("%s", async (expression, expected) => {
    expect((await evaluate("", "1", expression)).name).toBe(expected);
  });
});

describe("statements", () => {
  test("tuple unpacking, starred targets, swaps and chained assignment", async () => {
    expect((await evaluate("a, (b, c) = 1, (2, 3)", "a * 100 + b * 10 + c")).units).toBe(123);
    expect((await evaluate("first, *rest = [4, 5, 6]", "first + len(rest)")).units).toBe(6);
    expect((await evaluate("a, b = 1, 2\na, b = b, a", "a * 10 + b")).units).toBe(21);
    expect((await evaluate("a = b = 7", "a + b")).units).toBe(14);
  });

  test("augmented assignment, lists mutated through methods, dict updates", async () => {
    expect((await evaluate("n = 3\nn *= 4\nn -= 2", "n")).units).toBe(10);
    expect((await evaluate("xs = []\nxs.append(4)\nxs.extend([5, 6])\nxs += [1]", "sum(xs)")).units).toBe(16);
    expect((await evaluate("cfg = {'units': 3}\ncfg['units'] = 9\ncfg.update(extra=1)", "cfg['units'] + cfg['extra']")).units).toBe(10);
  });

  test("functions: defaults, keywords, *args, **kwargs, closures, recursion", async () => {
    expect((await evaluate("def f(a, b=2, *rest, c=5, **kw):\n    return a + b + len(rest) + c + kw.get('d', 0)", "f(1, 10, 0, 0, d=100)")).units).toBe(118);
    expect((await evaluate("def outer(k):\n    def inner(x):\n        return x * k\n    return inner", "outer(3)(4)")).units).toBe(12);
    expect((await evaluate("def fact(n):\n    return 1 if n <= 1 else n * fact(n - 1)", "fact(5)")).units).toBe(120);
    expect((await evaluate("params = {'units': 11}\ndef mk(units=1):\n    return units", "mk(**params)")).units).toBe(11);
    expect((await evaluate("sq = lambda v: v * v", "sq(5)")).units).toBe(25);
  });

  test("loops: for over range/zip/enumerate with break and continue, bounded while, for-else", async () => {
    expect((await evaluate("t = 0\nfor i in range(10):\n    if i == 5:\n        break\n    if i % 2:\n        continue\n    t += i", "t")).units).toBe(6);
    expect((await evaluate("t = 0\nfor i, (a, b) in enumerate(zip([1, 2], [3, 4])):\n    t += i + a * b", "t")).units).toBe(12);
    expect((await evaluate("i = 0\nwhile i < 10:\n    i += 3", "i")).units).toBe(12);
    expect((await evaluate("for i in []:\n    pass\nelse:\n    done = 42", "done")).units).toBe(42);
  });

  test("after an undecidable if, a variable holds only what every path agrees on", async () => {
    const setup = `
      import sys
      flag = len(sys.argv) > 2
      same = 4
      if flag:
          differs = 8
          same = 4
      else:
          differs = 16
      maybe = 3
      if flag:
          maybe = 5
    `;
    expect((await evaluate(setup, "same")).units).toBe(4);
    expect((await evaluate(setup, "differs")).units).toBeUndefined();
    expect((await evaluate(setup, "maybe")).units).toBeUndefined();
    expect((await evaluate(setup, "12 if flag else 12")).units).toBe(12);
    expect((await evaluate(setup, "12 if flag else 13")).units).toBeUndefined();
  });

  test("a loop of unknown count leaves what holds whether it ran or not", async () => {
    const setup = `
      import sys
      lr = 10
      fixed = 7
      for arg in sys.argv:
          lr = lr // 2
          fixed = 7
    `;
    expect((await evaluate(setup, "lr")).units).toBeUndefined();
    expect((await evaluate(setup, "fixed")).units).toBe(7);
  });

  test("`xs += [...]` in a loop of unknown count forgets the length, as append does", async () => {
    const setup = `
      import numpy as np
      samples = []
      for t in np.linspace(0, 1, 300):
          samples += [[np.cos(t)]]
      counted = []
      for t in range(3):
          counted += [t]
    `;
    expect((await evaluate(setup, "len(samples)")).units).toBeUndefined();
    expect((await evaluate(setup, "len(counted)")).units).toBe(3);
  });

  test("windows cut from a series built in a loop of unknown count are not an empty array", async () => {
    const { program } = await analyze(`
      import numpy as np
      from tensorflow.keras.models import Sequential
      from tensorflow.keras.layers import GRU, Dense
      series = []
      for t in np.linspace(0, 20, 400):
          series += [[np.cos(t)]]
      def windows(values, width):
          xs, ys = [], []
          for i in range(len(values) - width):
              xs.append(values[i:i + width])
              ys.append(values[i + width])
          return np.array(xs), np.array(ys)
      X, y = windows(series, 8)
      model = Sequential([GRU(4, input_shape=(8, 1)), Dense(1)])
      model.compile(optimizer="adam", loss="mse")
      model.fit(X, y, epochs=3)
    `);
    expect(onlyModel(program).training[0]!.x?.shape?.[0]).not.toBe(0);
  });

  test("global, with, try and the __main__ guard", async () => {
    const setup = `
      width = 1
      def widen():
          global width
          width = 64
      class Ctx:
          pass
      try:
          with open('f') as fh:
              widen()
      except Exception:
          width = 0
      if __name__ == '__main__':
          width += 1
    `;
    expect((await evaluate(setup, "width")).units).toBe(65);
  });

  test("plain classes hold configuration", async () => {
    const setup = `
      class Config:
          hidden = 16
          def __init__(self, scale):
              self.scale = scale
          def units(self):
              return self.hidden * self.scale
      cfg = Config(scale=3)
    `;
    expect((await evaluate(setup, "cfg.units()")).units).toBe(48);
  });

  test("dataclass-style configuration objects", async () => {
    const setup = `
      from dataclasses import dataclass
      @dataclass
      class Hyper:
          units: int = 16
          depth: int = 2
      h = Hyper(32, depth=3)
    `;
    expect((await evaluate(setup, "h.units * h.depth")).units).toBe(96);
    expect((await evaluate(setup.replace("Hyper(32, depth=3)", "Hyper()"), "h.units * h.depth")).units).toBe(32);
  });

  test("argparse options give their defaults", async () => {
    const setup = `
      import argparse
      parser = argparse.ArgumentParser()
      parser.add_argument('--hidden-units', type=int, default=128)
      parser.add_argument('--verbose', action='store_true')
      args = parser.parse_args()
    `;
    expect((await evaluate(setup, "args.hidden_units if not args.verbose else 1")).units).toBe(128);
  });

  test("unknown values stay unknown and never crash", async () => {
    const setup = `
      import sys, os, random
      n = int(sys.argv[1])
      m = os.environ.get('UNITS')
      r = random.choice([1, 2])
    `;
    expect((await evaluate(setup, "n + 1")).units).toBeUndefined();
    expect((await evaluate(setup, "m")).units).toBeUndefined();
    expect((await evaluate(setup, "undefined_name * 3")).units).toBeUndefined();
  });
});

describe("framework objects in the interpreter", () => {
  test("layer.trainable = False, model.layers, get_layer and a Sequential built in a helper", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense
      def build(sizes):
          model = Sequential()
          for s in sizes:
              model.add(Dense(s))
          return model
      net = build([4, 2])
      net.layers[0].trainable = False
      net.get_layer('dense_1').trainable = True
    `);
    const model = onlyModel(program);
    expect(model.variable).toBe("net");
    expect(model.architecture.layers.map((l) => l.trainable)).toEqual([false, true]);
  });

  test("an ImageDataGenerator flow carries rescaled data to fit_generator", async () => {
    const { program } = await analyze(`
      from keras.preprocessing.image import ImageDataGenerator
      from keras.datasets import cifar10
      from keras.models import Sequential
      from keras.layers import Flatten, Dense
      (x_train, y_train), _ = cifar10.load_data()
      datagen = ImageDataGenerator(rescale=1. / 255, horizontal_flip=True)
      model = Sequential([Flatten(input_shape=(32, 32, 3)), Dense(10, activation='softmax')])
      model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
      model.fit_generator(datagen.flow(x_train, y_train, batch_size=32), epochs=3)
    `);
    const [fit] = onlyModel(program).training;
    expect(fit).toMatchObject({ driver: "generator", call: "fit_generator", epochs: 3, shuffle: true });
    expect(fit!.x?.range?.[1]).toBeCloseTo(1);
    expect(fit!.y?.numClasses).toBe(10);
  });

  test("fit_generator with validation data records their facts", async () => {
    const { program } = await analyze(`
      from keras.preprocessing.image import ImageDataGenerator
      from keras.datasets import cifar10
      from keras.models import Sequential
      from keras.layers import Flatten, Dense
      (x_train, y_train), (x_test, y_test) = cifar10.load_data()
      model = Sequential([Flatten(input_shape=(32, 32, 3)), Dense(10, activation='softmax')])
      model.fit_generator(ImageDataGenerator().flow(x_train, y_train), validation_data=(x_test, y_test))
    `);
    const [fit] = onlyModel(program).training;
    expect(fit).toMatchObject({ validation: "data", validationVariables: ["x_test", "y_test"] });
    expect(fit!.validationData?.x).toMatchObject({ range: [0, 255], variable: "x_test" });
    expect(fit!.x?.range).toEqual([0, 255]);
  });

  test("Keras 1 merge(mode='concat') and tensor arithmetic keep the graph connected", async () => {
    const { program } = await analyze(`
      from keras.layers import Input, Dense, merge
      from keras.models import Model
      a = Input(shape=(4,))
      b = Dense(4)(a)
      c = merge([a, b], mode='concat')
      d = Dense(2)(c * 2)
      model = Model(input=a, output=d)
    `);
    const model = onlyModel(program);
    expect(model.architecture.layers.map((l) => l.kind)).toEqual(["input", "dense", "concatenate", "lambda", "dense"]);
    expect(model.architecture.layers[2]!.outputShape).toEqual([null, 8]);
    expect(model.architecture.layers[4]!.inbound).toEqual([3]);
  });
});

import { describe, expect, test } from "vitest";
import type { DataFacts } from "../../model/program.js";
import { analyze, analyzeFixture, dedent, onlyModel } from "./testing.js";

/** The x and y facts of the first fit of the only model. */
async function fitFacts(body: string): Promise<{ x?: DataFacts; y?: DataFacts }> {
  const { program } = await analyze(`
    import numpy as np
    import tensorflow as tf
    from tensorflow import keras
    m = keras.Sequential([keras.layers.Dense(1)])
    ${dedent(body).trim().split("\n").join("\n    ")}
  `);
  const fit = onlyModel(program).training[0];
  if (!fit) throw new Error("no fit recorded");
  return { ...(fit.x ? { x: fit.x } : {}), ...(fit.y ? { y: fit.y } : {}) };
}

describe("dataset loaders", () => {
  test("mnist reshaped, scaled and one-hot encoded", async () => {
    const { program } = await analyzeFixture("mnist_cnn.py");
    const [fit] = onlyModel(program).training;
    expect(fit!.x).toMatchObject({ shape: [60000, 28, 28, 1], dtype: "float32", range: [0, 1], origin: "mnist", variable: "x_train" });
    expect(fit!.x!.transforms.map((t) => t.op)).toEqual(["reshape", "astype", "scale"]);
    expect(fit!.x!.transforms[2]!.span.line).toBe(31);
    expect(fit!.y).toMatchObject({ shape: [60000, 10], encoding: "one-hot", numClasses: 10, range: [0, 1], variable: "y_train", task: "classification" });
    const [evaluate] = onlyModel(program).inference;
    expect(evaluate).toMatchObject({ method: "evaluate", x: { shape: [10000, 28, 28, 1], variable: "x_test" } });
  });

  test.each([
    ["keras.datasets.mnist.load_data()", [60000, 28, 28], [60000], 10],
    ["keras.datasets.fashion_mnist.load_data()", [60000, 28, 28], [60000], 10],
    ["tf.keras.datasets.cifar10.load_data()", [50000, 32, 32, 3], [50000, 1], 10],
    ["keras.datasets.cifar100.load_data(label_mode='coarse')", [50000, 32, 32, 3], [50000, 1], 20],
    ["keras.datasets.cifar100.load_data()", [50000, 32, 32, 3], [50000, 1], 100],
    ["keras.datasets.reuters.load_data(num_words=1000)", [8982], [8982], 46],
    ["keras.datasets.imdb.load_data(num_words=5000)", [25000], [25000], 2],
  ])("%s", async (loader, xShape, yShape, classes) => {
    const { x, y } = await fitFacts(`
      (x_train, y_train), (x_test, y_test) = ${loader}
      m.fit(x_train, y_train)
    `);
    expect(x?.shape).toEqual(xShape);
    expect(y?.shape).toEqual(yShape);
    expect(y?.numClasses).toBe(classes);
    expect(y?.task).toBe("classification");
  });

  test("boston_housing is a regression task, standardised by mean and std", async () => {
    const { program } = await analyzeFixture("boston_regression.py");
    const [fit] = onlyModel(program).training;
    expect(fit!.x!.transforms.map((t) => t.op)).toEqual(["standardize", "standardize"]);
    expect(fit!.x!.range).toBeUndefined();
    expect(fit!.y).toMatchObject({ task: "regression", encoding: "continuous", range: [5, 50] });
    expect(onlyModel(program).architecture.layers[0]!.declaredInputShape).toEqual([null, 13]);
  });

  test("the imdb sequences padded to maxlen give the Embedding its input length", async () => {
    const { program } = await analyzeFixture("imdb_lstm.py");
    const model = onlyModel(program);
    expect(model.training[0]!.x?.shape).toEqual([25000, 80]);
    expect(model.training[0]!.y).toMatchObject({ encoding: "binary", numClasses: 2 });
    expect(model.architecture.layers[0]!.declaredInputShape).toEqual([null, 80]);
    expect(model.architecture.layers[2]!.outputShape).toEqual([null, 1]);
  });
});

describe("numpy transforms", () => {
  test.each([
    ["x = x / 255", [0, 1]],
    ["x = x / 255.0", [0, 1]],
    ["x /= 255", [0, 1]],
    ["x = x * (1. / 255)", [0, 1]],
    ["x = (x - 127.5) / 127.5", [-1, 1]],
    ["x = x.astype('float32') / x.max()", [0, 1]],
    ["x = x.astype(np.float32)", [0, 255]],
    ["x = (x - x.min()) / (x.max() - x.min())", [0, 1]],
  ])("%s", async (transform, range) => {
    const { x } = await fitFacts(`
      (x, y), _ = keras.datasets.mnist.load_data()
      ${transform}
      m.fit(x, y)
    `);
    expect(x?.range?.[0]).toBeCloseTo(range[0]!);
    expect(x?.range?.[1]).toBeCloseTo(range[1]!);
  });

  test.each([
    ["x = x.reshape(-1, 784)", [60000, 784]],
    ["x = x.reshape((x.shape[0], 28 * 28))", [60000, 784]],
    ["x = np.reshape(x, (-1, 28, 28, 1))", [60000, 28, 28, 1]],
    ["x = np.expand_dims(x, -1)", [60000, 28, 28, 1]],
    ["x = x[..., None]", [60000, 28, 28, 1]],
    ["x = x[..., np.newaxis]", [60000, 28, 28, 1]],
    ["x = x[:, :, :, np.newaxis]", [60000, 28, 28, 1]],
    ["x = x[:1000]", [1000, 28, 28]],
    ["x = x[-500:]", [500, 28, 28]],
    ["x = x.reshape(len(x), -1)", [60000, 784]],
  ])("%s", async (transform, shape) => {
    const { x } = await fitFacts(`
      (x, y), _ = keras.datasets.mnist.load_data()
      ${transform}
      m.fit(x, y)
    `);
    expect(x?.shape).toEqual(shape);
    expect(x?.range).toEqual([0, 255]);
  });

  test("data scaled on one path only keep just the facts both paths share", async () => {
    const { x } = await fitFacts(`
      import sys
      (x, y), _ = keras.datasets.mnist.load_data()
      if '--scale' in sys.argv:
          x = x / 255.0
      m.fit(x, y)
    `);
    expect(x).toMatchObject({ shape: [60000, 28, 28], origin: "mnist" });
    expect(x?.range).toBeUndefined();
  });

  test("standardisation by the data's own statistics", async () => {
    const { x } = await fitFacts(`
      x = np.random.rand(100, 8) * 50
      x = (x - x.mean(axis=0)) / x.std(axis=0)
      m.fit(x, np.zeros((100,)))
    `);
    expect(x?.transforms.map((t) => t.op)).toEqual(["scale", "standardize", "standardize"]);
    expect(x?.range).toBeUndefined();
  });

  test("to_categorical spellings and class counts", async () => {
    const { y } = await fitFacts(`
      from keras.utils import np_utils
      (x, y), _ = keras.datasets.cifar10.load_data()
      y = np_utils.to_categorical(y)
      m.fit(x, y)
    `);
    expect(y).toMatchObject({ shape: [50000, 10], encoding: "one-hot", numClasses: 10 });
    const other = await fitFacts(`
      from tensorflow.keras.utils import to_categorical
      y = np.random.randint(0, 5, size=(200,))
      m.fit(np.random.random((200, 3)), to_categorical(y, 5))
    `);
    expect(other.y).toMatchObject({ shape: [200, 5], encoding: "one-hot", numClasses: 5 });
    expect(other.x).toMatchObject({ shape: [200, 3], range: [0, 1] });
  });

  test("random data: rand, random, randint, zeros, ones, array literals", async () => {
    const cases: [string, Partial<DataFacts>][] = [
      ["np.random.rand(50, 4)", { shape: [50, 4], range: [0, 1] }],
      ["np.random.random((50, 4))", { shape: [50, 4], range: [0, 1] }],
      ["np.random.randint(0, 3, size=(50,))", { shape: [50], range: [0, 2], encoding: "integer", numClasses: 3 }],
      ["np.zeros((5, 2))", { shape: [5, 2], range: [0, 0] }],
      ["np.ones((5, 2))", { shape: [5, 2], range: [1, 1] }],
      ["np.array([[0, 1], [1, 0], [1, 1]])", { shape: [3, 2], range: [0, 1] }],
      ["np.eye(4)[np.random.randint(0, 4, size=(9,))]", { shape: [9, 4], encoding: "one-hot", numClasses: 4 }],
    ];
    for (const [expression, expected] of cases) {
      const { x } = await fitFacts(`
        data = ${expression}
        m.fit(data, data)
      `);
      expect(x, expression).toMatchObject(expected);
    }
  });

  test("scikit-learn scalers and splits; data read from files stays unknown but for its rank", async () => {
    const { program } = await analyzeFixture("sklearn_data.py");
    const [fit] = onlyModel(program).training;
    expect(fit!.x!.transforms.map((t) => t.op)).toEqual(["slice", "slice", "standardize"]);
    // A table read from a file: its rank is known (2 for the features, 1 for a column), nothing else.
    expect(fit!.x!.shape).toEqual([null, null]);
    expect(fit!.y!.shape).toEqual([null]);
    expect(fit!.x!.range).toBeUndefined();
    const minmax = await fitFacts(`
      from sklearn.preprocessing import MinMaxScaler
      from sklearn.model_selection import train_test_split
      x = np.random.rand(100, 4) * 10
      x_train, x_test = train_test_split(x, test_size=0.25)
      x_train = MinMaxScaler().fit_transform(x_train)
      m.fit(x_train, x_train)
    `);
    expect(minmax.x).toMatchObject({ shape: [75, 4], range: [0, 1] });
  });

  test("a tf.data pipeline carries what its arrays were", async () => {
    const { program } = await analyzeFixture("tfdata_pipeline.py");
    const [fit] = onlyModel(program).training;
    expect(fit!.x).toMatchObject({ shape: [60000, 28, 28], range: [0, 255], origin: "fashion_mnist" });
    expect(fit!.y).toMatchObject({ encoding: "integer", numClasses: 10 });
    expect(fit!.batchSize).toBeUndefined();
  });

  test("scikit-learn bundled and generated datasets", async () => {
    const iris = await fitFacts(`
      from sklearn.datasets import load_iris
      data = load_iris()
      m.fit(data.data, data.target)
    `);
    expect(iris.x).toMatchObject({ shape: [150, 4], origin: "iris" });
    expect(iris.y).toMatchObject({ shape: [150], encoding: "integer", numClasses: 3 });
    const digits = await fitFacts(`
      from sklearn import datasets
      X, y = datasets.load_digits(return_X_y=True)
      m.fit(X / 16.0, y)
    `);
    expect(digits.x).toMatchObject({ shape: [1797, 64], range: [0, 1] });
    const made = await fitFacts(`
      from sklearn.datasets import make_classification
      X, y = make_classification(n_samples=500, n_features=12, n_classes=3)
      m.fit(X, y)
    `);
    expect(made.x?.shape).toEqual([500, 12]);
    expect(made.y).toMatchObject({ numClasses: 3, encoding: "integer" });
  });

  test("label encoders, multi-label binarizers and the Keras Tokenizer", async () => {
    const multi = await fitFacts(`
      from sklearn.preprocessing import MultiLabelBinarizer, LabelEncoder
      tags = [['a', 'b'], ['b']]
      y = MultiLabelBinarizer().fit_transform(tags)
      m.fit(np.zeros((2, 3)), y)
    `);
    expect(multi.y).toMatchObject({ encoding: "multi-hot", range: [0, 1], shape: [2, 2], numClasses: 2 });
    const encoded = await fitFacts(`
      from sklearn.preprocessing import LabelEncoder
      enc = LabelEncoder()
      enc.fit(['x', 'y', 'x'])
      m.fit(np.zeros((3, 3)), enc.transform(['x', 'y', 'x']))
    `);
    expect(encoded.y).toMatchObject({ encoding: "integer", shape: [3] });
    const text = await fitFacts(`
      from tensorflow.keras.preprocessing.text import Tokenizer
      (x, y), _ = keras.datasets.reuters.load_data(num_words=1000)
      tok = Tokenizer(num_words=1000)
      x = tok.sequences_to_matrix(x, mode='binary')
      m.fit(x, keras.utils.to_categorical(y))
    `);
    expect(text.x).toMatchObject({ shape: [8982, 1000], range: [0, 1] });
    expect(text.y).toMatchObject({ shape: [8982, 46], encoding: "one-hot" });
  });

  test("MultiLabelBinarizer: multi-hot only for rows of several labels; one label per row, or unknown nesting, is not", async () => {
    const y = async (labels: string) =>
      (await fitFacts(`
        import pandas as pd
        from sklearn.preprocessing import MultiLabelBinarizer
        frame = pd.read_csv('labels.csv')
        y = MultiLabelBinarizer().fit_transform(${labels})
        m.fit(np.zeros((3, 3)), y)
      `)).y;
    expect(await y("[('x', 'y'), ('y',), ()]")).toMatchObject({ encoding: "multi-hot", numClasses: 2, shape: [3, 2] });
    expect(await y("[['x'], ['y'], ['z']]")).toMatchObject({ encoding: "one-hot", numClasses: 3, shape: [3, 3] });
    expect(await y("['a', 'b', 'a']")).toMatchObject({ encoding: "one-hot", numClasses: 2 });
    // Strings are split into characters ('cat' is c, a, t): not the labels meant, not known multi-label targets.
    const words = await y("['cat', 'dog', 'cat']");
    expect(words?.encoding).toBeUndefined();
    expect(words).toMatchObject({ range: [0, 1], shape: [3, null] });
    expect((await y("frame['genre']"))?.encoding).toBeUndefined();
    expect((await y("frame['genre'].values"))?.encoding).toBeUndefined();
    // Rows from a loop of unknown count: neither their number nor their nesting is known.
    const lines = await y("[line.split() for line in open('tags.txt')]");
    expect(lines?.encoding).toBeUndefined();
    expect(lines?.shape).toEqual([null, null]);
  });

  test("LabelBinarizer and OneHotEncoder: one-hot only when the classes and columns say so", async () => {
    const y = async (call: string) =>
      (await fitFacts(`
        import pandas as pd
        from sklearn.datasets import load_iris
        from sklearn.preprocessing import LabelBinarizer, OneHotEncoder
        frame = pd.read_csv('labels.csv')
        iris = load_iris()
        y = ${call}
        m.fit(np.zeros((3, 3)), y)
      `)).y;
    expect(await y("LabelBinarizer().fit_transform(iris.target)")).toMatchObject({ encoding: "one-hot", numClasses: 3, shape: [150, 3] });
    // Two classes make a single 0/1 column, not two one-hot columns.
    expect(await y("LabelBinarizer().fit_transform(['spam', 'ham', 'spam'])")).toMatchObject({ encoding: "binary", numClasses: 2, shape: [3, 1] });
    expect((await y("LabelBinarizer().fit_transform(frame['label'])"))?.encoding).toBeUndefined();
    expect(await y("OneHotEncoder().fit_transform(frame['label'].values.reshape(-1, 1))")).toMatchObject({ encoding: "one-hot" });
    expect(await y("OneHotEncoder().fit_transform(iris.target.reshape(-1, 1))")).toMatchObject({ encoding: "one-hot", numClasses: 3, shape: [150, 3] });
    // Several feature columns: one 1 per column, several per row.
    expect((await y("OneHotEncoder().fit_transform(frame[['colour', 'size']])"))?.encoding).toBeUndefined();
    expect((await y("OneHotEncoder().fit_transform(np.zeros((3, 2)))"))?.encoding).toBeUndefined();
  });

  test("transpose, numpy Generators, linspace and element-wise functions", async () => {
    const transposed = await fitFacts(`
      (x, y), _ = keras.datasets.cifar10.load_data()
      x = x.transpose(0, 3, 1, 2).astype('float32') / 255.0
      m.fit(x, y)
    `);
    expect(transposed.x).toMatchObject({ shape: [50000, 3, 32, 32], range: [0, 1] });
    const drawn = await fitFacts(`
      rng = np.random.default_rng(0)
      x = rng.uniform(-1, 1, size=(64, 3))
      y = np.sin(np.linspace(0, 10, 64))
      m.fit(x, y)
    `);
    expect(drawn.x).toMatchObject({ shape: [64, 3], range: [-1, 1] });
    expect(drawn.y?.shape).toEqual([64]);
    expect(drawn.y?.range).toEqual([-1, 1]);
    const logged = await fitFacts(`
      x = np.log1p(np.random.rand(10, 2) * 100)
      m.fit(x, x)
    `);
    expect(logged.x?.shape).toEqual([10, 2]);
    expect(logged.x?.range?.[1]).toBeCloseTo(Math.log1p(100));
  });

  test("scale transforms record their factor; comparisons of arrays keep the shape", async () => {
    const { x, y } = await fitFacts(`
      (x, y), _ = keras.datasets.mnist.load_data()
      x = x.astype('float32') / 255.0
      x = x * 2.0 - 1.0
      y = np.random.rand(60000, 28, 28) > 0.5
      m.fit(x, y.astype('float32'))
    `);
    expect(x!.transforms.filter((t) => t.op === "scale").map((t) => t.factor)).toEqual([1 / 255, 2, undefined]);
    expect(x!.range).toEqual([-1, 1]);
    expect(y).toMatchObject({ shape: [60000, 28, 28], range: [0, 1], dtype: "float32" });
    const converted = await fitFacts(`
      (x, y), _ = keras.datasets.mnist.load_data()
      m.fit(tf.image.convert_image_dtype(x, tf.float32), y)
    `);
    expect(converted.x?.transforms[0]).toMatchObject({ op: "scale", factor: 1 / 255 });
    expect(converted.x?.range).toEqual([0, 1]);
  });

  test("noise added to images keeps their scale (normal draws range over mean ± 5 sd)", async () => {
    const { x, y } = await fitFacts(`
      (x, y), _ = keras.datasets.mnist.load_data()
      noisy = x + 0.4 * np.random.normal(size=x.shape)
      m.fit(noisy, np.random.randn(60000))
    `);
    expect(x).toMatchObject({ shape: [60000, 28, 28], range: [-2, 257] });
    expect(y).toMatchObject({ shape: [60000], range: [-5, 5] });
  });

  test("validation data facts and plain variable names of fit's arguments", async () => {
    const { program } = await analyze(`
      import numpy as np
      from tensorflow import keras
      (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
      x_train = x_train / 255.0
      inputs = {'image': x_train}
      m = keras.Sequential([keras.layers.Flatten(input_shape=(28, 28)), keras.layers.Dense(10)])
      m.fit(inputs, y_train, validation_data=(x_test, y_test))
    `);
    const [fit] = onlyModel(program).training;
    expect(fit!.dataVariables).toEqual({ x: "inputs", y: "y_train" });
    expect(fit!.x).toBeUndefined();
    expect(fit!.validationData?.x).toMatchObject({ variable: "x_test", range: [0, 255], shape: [10000, 28, 28] });
    expect(fit!.validationData?.y).toMatchObject({ variable: "y_test", numClasses: 10 });
  });

  test("to_categorical of labels read from a file still knows its width", async () => {
    const { y } = await fitFacts(`
      y = keras.utils.to_categorical(np.load('labels.npy'), 2)
      m.fit(np.load('x.npy'), y)
    `);
    expect(y).toMatchObject({ shape: [null, 2], encoding: "one-hot", numClasses: 2 });
  });

  test("images read from directories: pixels of the target size in [0, 255], labels per mode", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras.preprocessing.image import ImageDataGenerator
      train = tf.keras.utils.image_dataset_from_directory('data/train', image_size=(180, 180), label_mode='categorical')
      val = tf.keras.utils.image_dataset_from_directory('data/val', image_size=(180, 180), color_mode='grayscale')
      gen = ImageDataGenerator(rescale=1./255).flow_from_directory('data', target_size=(150, 150), class_mode='binary', shuffle=False)
      m = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(1)])
      m.fit(train, validation_data=val)
      m.fit(gen)
    `);
    const [a, b] = onlyModel(program).training;
    expect(a!.x).toMatchObject({ shape: [null, 180, 180, 3], range: [0, 255], dtype: "float32" });
    expect(a!.y).toMatchObject({ encoding: "one-hot" });
    expect(a!.shuffle).toBe(true);
    expect(a!.validationData?.x?.shape).toEqual([null, 180, 180, 1]);
    expect(a!.validationData?.y?.encoding).toBe("integer");
    expect(b!.x).toMatchObject({ shape: [null, 150, 150, 3], range: [0, 1] });
    expect(b!.x!.transforms[0]).toMatchObject({ op: "scale", factor: 1 / 255 });
    expect(b!.y?.encoding).toBe("binary");
    expect(b!.shuffle).toBe(false);
  });

  test("a tf.data map applies its function to what is known of the elements", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras import layers
      train = tf.keras.utils.image_dataset_from_directory('data', image_size=(64, 64))
      normalization = layers.Rescaling(1./255)
      train = train.map(lambda x, y: (normalization(x), y)).cache()
      (x, y), _ = tf.keras.datasets.mnist.load_data()
      pairs = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda a, b: (tf.cast(a, tf.float32) / 255.0, b)).shuffle(100)
      m = tf.keras.Sequential([layers.Flatten(), layers.Dense(10)])
      m.fit(train)
      m.fit(pairs)
      m.fit(pairs.map(lambda a, b: (tf.image.random_flip_left_right(a), b)))
    `);
    const [a, b, c] = onlyModel(program).training;
    expect(a!.x).toMatchObject({ shape: [null, 64, 64, 3], range: [0, 1] });
    expect(a!.y?.encoding).toBe("integer");
    expect(onlyModel(program).architecture.layers.map((l) => l.kind)).toEqual(["flatten", "dense"]);
    expect(b!.x).toMatchObject({ shape: [60000, 28, 28], range: [0, 1], dtype: "float32" });
    expect(b!.shuffle).toBe(true);
    expect(c!.x?.range).toBeUndefined();
  });

  test("x.shape feeds input_shape", async () => {
    const { program } = await analyze(`
      import numpy as np
      from keras.models import Sequential
      from keras.layers import Dense
      X = np.random.rand(300, 12)
      model = Sequential([Dense(4, input_shape=X.shape[1:]), Dense(1, input_dim=X.shape[1])])
    `);
    expect(onlyModel(program).architecture.layers[0]!.declaredInputShape).toEqual([null, 12]);
  });
});

describe("boolean-mask subsets", () => {
  test("a mask keeps an unknown number of rows and forgets the dataset's class count", async () => {
    const { x, y } = await fitFacts(`
      (xs, ys), _ = keras.datasets.mnist.load_data()
      m.fit(xs[ys > 6], keras.utils.to_categorical(ys[ys > 6] - 7, 3))
    `);
    expect(x!.shape).toEqual([null, 28, 28]);
    expect(y).toMatchObject({ encoding: "one-hot", numClasses: 3 });
    expect(y!.shape).toEqual([null, 3]);
  });

  test("an index array (a permutation) keeps the class count", async () => {
    const { y } = await fitFacts(`
      (xs, ys), _ = keras.datasets.mnist.load_data()
      order = np.random.permutation(60000)
      m.fit(xs[order], ys[order])
    `);
    expect(y).toMatchObject({ numClasses: 10 });
  });
});

describe("to_categorical of a table column", () => {
  test("values[:, 0:1] of a CSV table becomes (samples, k), not (samples, ?, k)", async () => {
    const { y } = await fitFacts(`
      import pandas as pd
      table = pd.read_csv('digits.csv').values
      m.fit(table[:, 1:], keras.utils.to_categorical(table[:, 0:1], 10))
    `);
    expect(y).toMatchObject({ encoding: "one-hot", numClasses: 10, shape: [null, 10] });
  });
});

import { describe, expect, test } from "vitest";
import { analyze, analyzeFixture, layerSignature, modelNamed, onlyModel } from "./testing.js";

describe("Sequential models", () => {
  test("a Sequential list with input_shape on the first layer", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      model = keras.Sequential([
          keras.layers.Flatten(input_shape=(28, 28)),
          keras.layers.Dense(128, activation='relu'),
          keras.layers.Dropout(0.2),
          keras.layers.Dense(10),
      ])
    `);
    const model = onlyModel(program);
    expect(model.variable).toBe("model");
    expect(layerSignature(model)).toEqual(["flatten:flatten", "dense:dense", "dropout:dropout", "dense_1:dense"]);
    const [flatten, dense, dropout, out] = model.architecture.layers;
    expect(flatten!.declaredInputShape).toEqual([null, 28, 28]);
    expect(flatten!.outputShape).toEqual([null, 784]);
    expect(dense!.config.units).toBe(128);
    expect(dense!.activation).toBe("relu");
    expect(dense!.paramCount).toBe(784 * 128 + 128);
    expect(dropout!.config.rate).toBe(0.2);
    expect(out!.activation).toBe("linear");
    expect(out!.outputShape).toEqual([null, 10]);
    expect(model.architecture).toMatchObject({ style: "sequential", inputs: [0], outputs: [3], complete: true });
    expect(out!.inbound).toEqual([2]);
  });

  test("Sequential() with .add, and the span of each layer is its constructor call", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense, Activation
      model = Sequential()
      model.add(Dense(32, input_dim=784))
      model.add(Activation('relu'))
      model.add(Dense(10, activation='softmax'))
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["dense:dense", "activation:activation", "dense_1:dense"]);
    const [first, act, last] = model.architecture.layers;
    expect(first!.declaredInputShape).toEqual([null, 784]);
    expect(act!.activation).toBe("relu");
    expect(last!.activation).toBe("softmax");
    expect(last!.outputShape).toEqual([null, 10]);
    expect(first!.span).toMatchObject({ file: "test.py", line: 4, column: 11, endLine: 4, endColumn: 35 });
    expect(last!.activationSpan).toMatchObject({ line: 6, column: 32 });
  });

  test("an Input inside a Sequential list declares the input shape", async () => {
    const { program } = await analyze(`
      import keras
      m = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(4)])
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["dense:dense"]);
    expect(model.architecture.layers[0]!.declaredInputShape).toEqual([null, 16]);
    expect(model.architecture.layers[0]!.outputShape).toEqual([null, 4]);
  });

  test("layers built in a loop over a list, names from % formatting", async () => {
    const { program } = await analyze(`
      from tensorflow.keras import layers, models
      model = models.Sequential()
      for i, units in enumerate([64, 32, 16]):
          model.add(layers.Dense(units, activation='relu', name='fc_%d' % i))
      model.add(layers.Dense(1, activation='sigmoid'))
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["fc_0:dense", "fc_1:dense", "fc_2:dense", "dense:dense"]);
    expect(model.architecture.layers.map((l) => l.config.units)).toEqual([64, 32, 16, 1]);
  });

  test("--input-shape supplies the input when the program does not", async () => {
    const { program } = await analyze(
      `
      from keras.models import Sequential
      from keras.layers import Dense
      model = Sequential([Dense(8), Dense(2)])
    `,
      { inputShape: [5] },
    );
    const [first, second] = onlyModel(program).architecture.layers;
    expect(first!.declaredInputShape).toEqual([null, 5]);
    expect(second!.outputShape).toEqual([null, 2]);
  });
});

describe("functional models", () => {
  test("branches merged by a Concatenate", async () => {
    const { program } = await analyze(`
      from tensorflow.keras.layers import Input, Dense, Concatenate
      from tensorflow.keras.models import Model
      inp = Input(shape=(10,))
      a = Dense(8, activation='relu')(inp)
      b = Dense(4, activation='tanh')(inp)
      merged = Concatenate()([a, b])
      out = Dense(1, activation='sigmoid')(merged)
      model = Model(inputs=inp, outputs=out)
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["input_1:input", "dense:dense", "dense_1:dense", "concatenate:concatenate", "dense_2:dense"]);
    const layers = model.architecture.layers;
    expect(layers.map((l) => l.inbound)).toEqual([[], [0], [0], [1, 2], [3]]);
    expect(layers[3]!.outputShape).toEqual([null, 12]);
    expect(layers[4]!.outputShape).toEqual([null, 1]);
    expect(model.architecture).toMatchObject({ style: "functional", inputs: [0], outputs: [4], complete: true });
  });

  test("functional merge helpers (concatenate, add) and Model(inp, out)", async () => {
    const { program } = await analyze(`
      import keras
      from keras import layers
      x_in = keras.Input((8,))
      a = layers.Dense(8)(x_in)
      s = layers.add([x_in, a])
      c = layers.concatenate([s, a], axis=-1)
      net = keras.models.Model(x_in, c)
    `);
    const model = modelNamed(program, "net");
    expect(layerSignature(model)).toEqual(["input_1:input", "dense:dense", "add:add", "concatenate:concatenate"]);
    expect(model.architecture.layers[2]!.inbound).toEqual([0, 1]);
    expect(model.architecture.layers[3]!.outputShape).toEqual([null, 16]);
  });

  test("a helper conv_block called in a for loop with f-string names", async () => {
    const { program } = await analyzeFixture("cifar10_functional.py");
    const model = onlyModel(program);
    const names = model.architecture.layers.map((l) => l.name);
    expect(names).toHaveLength(1 + 3 * 4 + 5);
    expect(names.slice(0, 5)).toEqual(["image", "block0_conv", "block0_bn", "block0_relu", "block0_pool"]);
    expect(names).toContain("block2_conv");
    const kinds = model.architecture.layers.slice(1, 5).map((l) => l.kind);
    expect(kinds).toEqual(["conv2d", "batchNormalization", "activation", "maxPooling2d"]);
    const byName = new Map(model.architecture.layers.map((l) => [l.name, l]));
    expect(byName.get("block0_conv")!.config.filters).toBe(32);
    expect(byName.get("block2_conv")!.config.filters).toBe(128);
    expect(byName.get("block0_pool")!.outputShape).toEqual([null, 16, 16, 32]);
    expect(byName.get("block2_pool")!.outputShape).toEqual([null, 4, 4, 128]);
    expect(byName.get("merge")!.inbound).toHaveLength(2);
    expect(byName.get("merge")!.outputShape).toEqual([null, 128 + 64]);
    expect(byName.get("predictions")!.activation).toBe("softmax");
    expect(model.architecture.complete).toBe(true);
  });

  test("residual blocks with Add and names from .format and %", async () => {
    const { program } = await analyzeFixture("resnet_blocks.py");
    const model = onlyModel(program);
    const layers = model.architecture.layers;
    expect(layers.filter((l) => l.kind === "conv2d").map((l) => l.name)).toEqual(["res1_a", "res1_b", "res2_a", "res2_b", "res3_a", "res3_b"]);
    const adds = layers.filter((l) => l.kind === "add");
    expect(adds).toHaveLength(3);
    expect(adds[0]!.inbound).toEqual([0, 5]);
    expect(layers[layers.length - 1]!.outputShape).toEqual([null, 10]);
  });

  test("models nested as layers and applications are incomplete", async () => {
    const { program } = await analyzeFixture("transfer_vgg.py");
    const model = modelNamed(program, "model");
    expect(model.architecture.complete).toBe(false);
    expect(layerSignature(model)).toEqual(["input_1:input", "vgg16:unknown", "flatten:flatten", "dense:dense", "dense_1:dense"]);
    expect(model.architecture.layers[0]!.declaredInputShape).toEqual([null, 224, 224, 3]);
  });
});

describe("layers the vocabulary does not know", () => {
  test("keep the graph connected and leave the model incomplete", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras import layers
      model = tf.keras.Sequential([
          layers.CenterCrop(24, 24, input_shape=(32, 32, 3)),
          layers.Conv2D(8, 3, activation='relu'),
          layers.Flatten(),
          layers.Dense(10, activation='softmax'),
      ])
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["center_crop:unknown", "conv2d:conv2d", "flatten:flatten", "dense:dense"]);
    expect(model.architecture.layers[0]!.frameworkName).toBe("CenterCrop");
    expect(model.architecture.complete).toBe(false);
  });

  test("random augmentation layers keep the shape", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras import layers
      model = tf.keras.Sequential([
          layers.RandomFlip('horizontal', input_shape=(32, 32, 3)),
          layers.RandomRotation(0.1),
          layers.Conv2D(8, 3, activation='relu'),
      ])
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["random_flip:randomAugmentation", "random_rotation:randomAugmentation", "conv2d:conv2d"]);
    expect(model.architecture.layers[2]!.outputShape).toEqual([null, 30, 30, 8]);
    expect(model.architecture.complete).toBe(true);
  });
});

describe("variance-scaling initialisers", () => {
  test("core: scale 1 over fan_in (LeCun); contrib: factor 2 (He); arguments read; other modes kept generic", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 20])
      y = tf.placeholder(tf.int64, [None])
      a = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer())
      b = tf.layers.dense(a, 16, activation=tf.nn.relu, kernel_initializer=tf.contrib.layers.variance_scaling_initializer())
      c = tf.layers.dense(b, 16, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer(scale=2.0, distribution="uniform"))
      d = tf.layers.dense(c, 16, activation=tf.nn.relu, kernel_initializer=tf.variance_scaling_initializer(mode="fan_avg"))
      logits = tf.layers.dense(d, 3)
      loss = tf.losses.sparse_softmax_cross_entropy(y, logits)
      train = tf.train.AdamOptimizer(0.001).minimize(loss)
    `);
    const kinds = onlyModel(program).architecture.layers.filter((l) => l.kind === "dense").map((l) => [l.kernelInitializer?.kind, l.kernelInitializer?.parametersUnknown === true]);
    expect(kinds.slice(0, 4)).toEqual([
      ["lecun_normal", false],
      ["he_normal", false],
      ["he_uniform", false],
      ["variance_scaling", true],
    ]);
  });

  test("Keras's VarianceScaling alike: scale 2 over fan_in is He's, the defaults LeCun's", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      from tensorflow.keras import layers, initializers
      model = keras.Sequential([
          keras.Input((20,)),
          layers.Dense(16, activation="relu", kernel_initializer=initializers.VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")),
          layers.Dense(16, activation="selu", kernel_initializer=initializers.VarianceScaling()),
          layers.Dense(16, kernel_initializer=initializers.VarianceScaling(1.0, "fan_avg", "uniform")),
          layers.Dense(3, activation="softmax"),
      ])
      model.compile(optimizer="adam", loss="categorical_crossentropy")
    `);
    const kinds = onlyModel(program).architecture.layers.filter((l) => l.kind === "dense").map((l) => [l.kernelInitializer?.kind, l.kernelInitializer?.parametersUnknown === true]);
    expect(kinds.slice(0, 3)).toEqual([
      ["he_normal", false],
      ["lecun_normal", false],
      ["variance_scaling", true],
    ]);
  });
});

describe("imports and spellings", () => {
  test("from keras.layers import * and Keras 1 spellings", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import *
      model = Sequential()
      model.add(Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2), init='he_normal', input_shape=(28, 28, 1)))
      model.add(MaxPooling2D(pool_size=(2, 2)))
      model.add(Flatten())
      model.add(Dense(output_dim=10, init='zero'))
      model.add(Dropout(p=0.3))
    `);
    const [conv, pool, , dense, dropout] = onlyModel(program).architecture.layers;
    expect(conv!.kind).toBe("conv2d");
    expect(conv!.name).toBe("conv2d");
    expect(conv!.config).toMatchObject({ filters: 32, kernelSize: [3, 3], padding: "same", strides: [2, 2] });
    expect(conv!.kernelInitializer?.kind).toBe("he_normal");
    expect(conv!.outputShape).toEqual([null, 14, 14, 32]);
    expect(pool!.outputShape).toEqual([null, 7, 7, 32]);
    expect(dense!.config.units).toBe(10);
    expect(dense!.kernelInitializer?.kind).toBe("zeros");
    expect(dropout!.config.rate).toBe(0.3);
  });

  test("import tensorflow as tf, tf.keras.layers.Dense, aliases and deep module paths", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      import keras.layers.core
      from keras.layers import Dense as D
      from tensorflow.python.keras.layers.convolutional import Conv1D
      m = tf.keras.models.Sequential()
      m.add(tf.keras.layers.Dense(4, input_shape=(3,)))
      m.add(D(5))
      m.add(keras.layers.core.Dense(6))
      m.add(tf.keras.layers.Activation(tf.nn.relu))
      m.add(tf.keras.layers.Dense(2, activation=tf.keras.activations.softmax))
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => l.config.units)).toEqual([4, 5, 6, undefined, 2]);
    expect(layers.map((l) => l.activation)).toEqual(["linear", "linear", "linear", "relu", "softmax"]);
    expect(layers[4]!.outputShape).toEqual([null, 2]);
  });

  test("initialisers, regularisers and use_bias as strings and objects", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from tensorflow.keras import initializers, regularizers
      from tensorflow.keras.regularizers import l2
      m = tf.keras.Sequential([
          tf.keras.layers.Dense(8, input_shape=(4,), kernel_initializer=initializers.Constant(0.5), kernel_regularizer=l2(0.01)),
          tf.keras.layers.Dense(8, kernel_initializer=initializers.RandomNormal(stddev=0.02), bias_initializer='ones', use_bias=True),
          tf.keras.layers.Dense(1, kernel_initializer=tf.zeros_initializer(), use_bias=False, kernel_regularizer=regularizers.l1_l2(l1=0.1, l2=0.2)),
      ])
    `);
    const [a, b, c] = onlyModel(program).architecture.layers;
    expect(a!.kernelInitializer).toMatchObject({ kind: "constant", value: 0.5 });
    expect(a!.kernelRegularizer).toMatchObject({ kind: "l2", l2: 0.01 });
    expect(b!.kernelInitializer).toMatchObject({ kind: "random_normal", stddev: 0.02 });
    expect(b!.biasInitializer).toMatchObject({ kind: "ones" });
    expect(c!.kernelInitializer?.kind).toBe("zeros");
    expect(c!.config.useBias).toBe(false);
    expect(c!.biasInitializer).toBeUndefined();
    expect(c!.kernelRegularizer).toMatchObject({ kind: "l1_l2", l1: 0.1, l2: 0.2 });
    expect(c!.paramCount).toBe(8);
  });

  test("auto names follow the aliased class", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Convolution2D, MaxPool2D, GlobalAvgPool2D, SpatialDropout2D, GaussianDropout, Dense
      m = Sequential([Convolution2D(4, (3, 3), input_shape=(8, 8, 1)), MaxPool2D(), SpatialDropout2D(0.1), GaussianDropout(0.1), GlobalAvgPool2D(), Dense(2)])
    `);
    expect(onlyModel(program).architecture.layers.map((l) => l.name)).toEqual([
      "conv2d", "max_pooling2d", "spatial_dropout2d", "gaussian_dropout", "global_average_pooling2d", "dense",
    ]);
  });

  test("advanced activation layers, recurrent defaults, embedding and padding", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Embedding, LSTM, GRU, LeakyReLU, Dense, ZeroPadding1D, Conv1D, UpSampling1D
      model = Sequential()
      model.add(Embedding(1000, 16, input_length=50))
      model.add(ZeroPadding1D(2))
      model.add(Conv1D(8, 5))
      model.add(UpSampling1D())
      model.add(LSTM(32, return_sequences=True))
      model.add(GRU(8))
      model.add(Dense(4))
      model.add(LeakyReLU(alpha=0.1))
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layerSignature(onlyModel(program))).toEqual([
      "embedding:embedding", "zero_padding1d:zeroPadding1d", "conv1d:conv1d", "up_sampling1d:upSampling1d",
      "lstm:lstm", "gru:gru", "dense:dense", "leaky_re_lu:leakyRelu",
    ]);
    expect(layers[0]!.outputShape).toEqual([null, 50, 16]);
    expect(layers[1]!.config.paddingAmounts).toEqual([[2, 2]]);
    expect(layers[2]!.outputShape).toEqual([null, 50, 8]);
    expect(layers[3]!.outputShape).toEqual([null, 100, 8]);
    expect(layers[4]!.activation).toBe("tanh");
    expect(layers[4]!.outputShape).toEqual([null, 100, 32]);
    expect(layers[5]!.outputShape).toEqual([null, 8]);
    expect(layers[7]!.activation).toBe("leaky_relu");
    expect(layers[7]!.config.alpha).toBe(0.1);
  });

  test("Conv2D(f, a, b) from standalone Keras: the Keras 1 reading in a Keras 1 program, unknown where the version decides", async () => {
    // Other Keras 1 spellings (nb_epoch, border_mode) date the program before Keras 2.4: a 3×5 kernel.
    const keras1 = await analyze(`
      from keras.layers import Convolution2D
      from keras.models import Sequential
      m = Sequential([Convolution2D(8, 3, 5, border_mode='same', input_shape=(12, 12, 1))])
      m.fit(x, y, nb_epoch=3)
    `);
    expect(onlyModel(keras1.program).architecture.layers[0]!.config).toMatchObject({ kernelSize: [3, 5], strides: [1, 1] });
    // Nothing dates it: Keras 2.0–2.3 read a 3×5 kernel, Keras 2.4+ kernel 3 and strides 5.
    const undated = await analyze(`
      from keras.layers import Conv2D, Convolution2D
      from keras.models import Sequential
      m = Sequential([Convolution2D(8, 3, 5, input_shape=(12, 12, 1)), Conv2D(8, 3, 3)])
    `);
    const [first, second] = onlyModel(undated.program).architecture.layers;
    expect(first!.config.kernelSize).toBeUndefined();
    expect(first!.config.strides).toBeUndefined();
    expect(first!.outputShape).toEqual([null, null, null, 8]);
    // Equal numbers: the kernel is 3×3 either way; only the strides differ.
    expect(second!.config.kernelSize).toEqual([3, 3]);
    expect(second!.config.strides).toBeUndefined();
    // tf.keras never converted Keras 1 calls: kernel 3, strides 3.
    const tfKeras = await analyze(`
      from tensorflow.keras.layers import Convolution2D
      from tensorflow.keras.models import Sequential
      m = Sequential([Convolution2D(8, 3, 3, input_shape=(12, 12, 1))])
    `);
    const conv = onlyModel(tfKeras.program).architecture.layers[0]!;
    expect(conv.config).toMatchObject({ kernelSize: [3, 3], strides: [3, 3] });
    expect(conv.outputShape).toEqual([null, 4, 4, 8]);
  });

  test("activations given as backend or tf.math functions", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      from keras import backend as K
      from keras.layers import Dense
      from keras.models import Sequential
      m = Sequential([Dense(4, activation=K.relu, input_shape=(2,)), Dense(3, activation=tf.math.sigmoid), Dense(2, activation=K.softmax)])
    `);
    expect(onlyModel(program).architecture.layers.map((l) => l.activation)).toEqual(["relu", "sigmoid", "softmax"]);
  });

  test("a global image data format makes later spatial layers channels_first", async () => {
    const { program } = await analyze(`
      from keras import backend as K
      from keras.models import Sequential
      from keras.layers import Conv2D
      K.set_image_dim_ordering('th')
      m = Sequential([Conv2D(8, (3, 3), input_shape=(1, 28, 28))])
    `);
    expect(program.imageDataFormat).toBe("channels_first");
    const conv = onlyModel(program).architecture.layers[0]!;
    expect(conv.config.dataFormat).toBe("channels_first");
    expect(conv.outputShape).toEqual([null, 8, 26, 26]);
  });
});

describe("subclassed models and conditions", () => {
  test("a readable call() gives the wiring; an unreadable one gives an incomplete model", async () => {
    const { program } = await analyzeFixture("subclassed.py");
    const mlp = modelNamed(program, "mlp");
    expect(mlp.architecture.style).toBe("subclassed");
    expect(mlp.architecture.complete).toBe(true);
    expect(layerSignature(mlp)).toEqual(["input_1:input", "dense:dense", "dense_1:dense"]);
    expect(mlp.architecture.layers[2]!.config.units).toBe(5);
    expect(mlp.learner?.loss).toMatchObject({ kind: "sparse_categorical_crossentropy", fromLogits: true });
    const dyn = modelNamed(program, "dyn");
    expect(dyn.architecture.complete).toBe(false);
    expect(dyn.architecture.layers.map((l) => l.config.units)).toEqual([16, 16, 16]);
  });

  test("build() gives a subclassed model its input shape", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      class Net(tf.keras.Model):
          def __init__(self):
              super().__init__()
              self.hidden = tf.keras.layers.Dense(8, activation='relu')
              self.out = tf.keras.layers.Dense(3, activation='softmax')
          def call(self, x):
              return self.out(self.hidden(x))
      net = Net()
      net.build((None, 5))
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers[0]!.declaredInputShape).toEqual([null, 5]);
    expect(layers[2]!.outputShape).toEqual([null, 3]);
    expect(layers[1]!.paramCount).toBe(5 * 8 + 8);
  });

  test("layers added under an undecidable condition are conditional", async () => {
    const { program } = await analyzeFixture("conditional_layers.py");
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => `${l.name}${l.conditional ? "?" : ""}`)).toEqual([
      "hidden_0", "dropout?", "hidden_1", "dropout_1?", "hidden_2", "dropout_2?", "dense",
    ]);
    expect(layers[0]!.declaredInputShape).toEqual([null, 100]);
  });

  test("a known condition takes one branch only", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense, Dropout
      DEBUG = False
      m = Sequential()
      if DEBUG:
          m.add(Dropout(0.1))
      elif 1 + 1 == 2:
          m.add(Dense(3))
      else:
          m.add(Dense(4))
    `);
    const layers = onlyModel(program).architecture.layers;
    expect(layers.map((l) => l.config.units)).toEqual([3]);
    expect(layers[0]!.conditional).toBeUndefined();
  });

  test("a layer object called twice is one shared layer", async () => {
    const { program } = await analyze(`
      from keras.layers import Input, Dense, concatenate
      from keras.models import Model
      a = Input((4,))
      b = Input((4,))
      shared = Dense(2, name='shared')
      m = Model([a, b], concatenate([shared(a), shared(b)]))
    `);
    const model = onlyModel(program);
    expect(layerSignature(model)).toEqual(["input_1:input", "input_2:input", "shared:dense", "concatenate:concatenate"]);
    expect(model.architecture.inputs).toEqual([0, 1]);
    expect(model.architecture.layers[2]!.inbound).toEqual([0, 1]);
  });
});

describe("Keras 0 layer signatures", () => {
  test("Dense(input_dim, output_dim, init, activation) takes its width from the second number", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers.core import Dense
      model = Sequential()
      model.add(Dense(20, 12, 'uniform', 'tanh'))
      model.add(Dense(12, 3, activation='softmax'))
    `);
    const [hidden, out] = onlyModel(program).architecture.layers;
    expect(hidden!.config.units).toBe(12);
    expect(hidden!.activation).toBe("tanh");
    expect(out!.config.units).toBe(3);
    expect(out!.activation).toBe("softmax");
  });
});

describe("layer arguments bound through the signature tables", () => {
  test("TimeDistributed and Bidirectional carry the wrapped kind, so their shapes are inferred", async () => {
    const { program } = await analyze(`
      from tensorflow.keras import layers, models
      m = models.Sequential([
          layers.TimeDistributed(layers.Dense(3), input_shape=(5, 8)),
          layers.Bidirectional(layers.LSTM(4, return_sequences=True), merge_mode='sum'),
      ])
    `);
    const [td, bi] = onlyModel(program).architecture.layers;
    expect(td!.config.wrappedKind).toBe("dense");
    expect(td!.outputShape).toEqual([null, 5, 3]);
    expect(td!.paramCount).toBe(8 * 3 + 3);
    expect(bi!.config).toMatchObject({ wrappedKind: "lstm", mergeMode: "sum" });
    expect(bi!.outputShape).toEqual([null, 5, 4]);
  });

  test("ConvLSTM2D reads its filters and kernel like a convolution", async () => {
    const { program } = await analyze(`
      from keras.layers import ConvLSTM2D
      from keras.models import Sequential
      m = Sequential([ConvLSTM2D(filters=6, kernel_size=(3, 3), input_shape=(4, 10, 10, 1))])
    `);
    const [layer] = onlyModel(program).architecture.layers;
    expect(layer!.config).toMatchObject({ filters: 6, kernelSize: [3, 3], padding: "valid" });
    expect(layer!.outputShape).toEqual([null, 8, 8, 6]);
  });

  test("arguments passed by position bind where every Keras version agrees, and nowhere else", async () => {
    const { program } = await analyze(`
      from keras.layers import LSTM, Dense, Conv1D
      from keras.models import Sequential
      m = Sequential([LSTM(8, 'relu', input_shape=(3, 2)), Dense(1, 'sigmoid', True, 'zeros'), Conv1D(4, 3, 1, 'same', 'channels_last', 2)])
    `);
    const [lstm, dense, conv] = onlyModel(program).architecture.layers;
    expect(lstm!.activation).toBe("relu");
    expect(dense!.activation).toBe("sigmoid");
    expect(dense!.kernelInitializer?.kind).toBe("zeros");
    // Conv1D's fifth parameter was dilation_rate in Keras 2.0 and data_format later: it binds to neither.
    expect(conv!.config).toMatchObject({ filters: 4, kernelSize: [3], strides: [1], padding: "same", dilationRate: [1] });
    expect(conv!.config.dataFormat).toBeUndefined();
  });

  test("under **kwargs of unknown content, defaults are not assumed", async () => {
    const { program } = await analyze(`
      from keras.layers import Conv2D
      from keras.models import Sequential
      def block(opts):
          return Conv2D(8, 3, **opts)
      m = Sequential([block(load())])
    `);
    const [conv] = onlyModel(program).architecture.layers;
    expect(conv!.config.filters).toBe(8);
    expect(conv!.config.padding).toBeUndefined();
    expect(conv!.activation).toBeUndefined();
  });
});

describe("layers read outside a model", () => {
  test("an encoder built on an autoencoder's code tensor makes the code layer an external output", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      from tensorflow.keras import layers
      image = keras.Input(shape=(100,))
      hidden = layers.Dense(40, activation="relu")(image)
      code = layers.Dense(5)(hidden)
      restored = layers.Dense(100, activation="sigmoid")(layers.Dense(40, activation="relu")(code))
      autoencoder = keras.Model(image, restored)
      encoder = keras.Model(image, code)
    `);
    const autoencoder = modelNamed(program, "autoencoder");
    const code = autoencoder.architecture.layers.findIndex((l) => l.config.units === 5);
    expect(autoencoder.architecture.externalOutputs).toEqual([code]);
    // The encoder's output is its own output, not an external one.
    expect(modelNamed(program, "encoder").architecture.externalOutputs).toBeUndefined();
  });

  test("an encoder built from a Sequential model's layer output", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      from tensorflow.keras import layers
      autoencoder = keras.Sequential([keras.Input(shape=(30,)), layers.Dense(12, activation="relu"), layers.Dense(3, name="code"), layers.Dense(30)])
      encoder = keras.Model(autoencoder.input, autoencoder.get_layer("code").output)
    `);
    expect(modelNamed(program, "autoencoder").architecture.externalOutputs).toEqual([1]);
  });

  test("TF1: tensors a session fetches or evaluates, other than the trained output", async () => {
    const { program } = await analyze(`
      import tensorflow as tf
      x = tf.placeholder(tf.float32, [None, 20])
      z = tf.layers.dense(x, 4)
      h = tf.layers.dense(z, 8, activation=tf.nn.relu)
      y = tf.layers.dense(h, 20)
      loss = tf.losses.mean_squared_error(x, y)
      train_op = tf.train.AdamOptimizer(0.001).minimize(loss)
      with tf.Session() as sess:
          sess.run(tf.global_variables_initializer())
          sess.run([train_op, loss])
          codes, hidden = sess.run([z, h])
          again = y.eval()
    `);
    const graph = onlyModel(program).architecture;
    const indexOf = (units: number) => graph.layers.findIndex((l) => l.config.units === units);
    expect(graph.outputs).toEqual([indexOf(20)]);
    expect(graph.externalOutputs).toEqual([indexOf(4), indexOf(8)]);
  });

  test("a model alone has no external outputs", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      model = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1)])
    `);
    expect(onlyModel(program).architecture.externalOutputs).toBeUndefined();
  });
});

describe("Keras 0/1 programs and the image ordering they did not set", () => {
  test("an input shape that does not say which axis holds the channels leaves the ordering unknown", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Convolution2D, Flatten, Dense
      model = Sequential()
      model.add(Convolution2D(5, 2, 3, activation='relu', input_shape=(1, 4, 3)))
      model.add(Flatten())
      model.add(Dense(5))
      model.fit(X, Y, nb_epoch=50)
    `);
    const [conv, flatten] = onlyModel(program).architecture.layers;
    expect(program.imageDataFormat).toBe("unknown");
    expect(conv!.config.dataFormat).toBe("unknown");
    expect(conv!.outputShape).toBeUndefined();
    expect(flatten!.outputShape).toBeUndefined();
  });

  test("an input shape that plainly puts the channels first (Theano ordering) is read channels first", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Convolution2D, MaxPooling2D
      model = Sequential()
      model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(3, 32, 32)))
      model.add(MaxPooling2D((2, 2)))
    `);
    const [conv, pool] = onlyModel(program).architecture.layers;
    expect(conv!.config.dataFormat).toBe("channels_first");
    expect(conv!.outputShape).toEqual([null, 32, 32, 32]);
    expect(pool!.outputShape).toEqual([null, 32, 16, 16]);
  });

  test("an ordering the program sets is the ordering; Keras 2 spellings keep the channels_last default", async () => {
    const set = await analyze(`
      from keras import backend as K
      from keras.models import Sequential
      from keras.layers import Convolution2D
      K.set_image_dim_ordering('tf')
      model = Sequential([Convolution2D(8, 3, 3, input_shape=(1, 4, 3))])
    `);
    expect(onlyModel(set.program).architecture.layers[0]!.config.dataFormat).toBe("channels_last");
    const keras2 = await analyze(`
      from keras.models import Sequential
      from keras.layers import Conv2D
      model = Sequential([Conv2D(8, (2, 2), input_shape=(1, 4, 3))])
    `);
    expect(keras2.program.imageDataFormat).toBeUndefined();
    expect(onlyModel(keras2.program).architecture.layers[0]!.outputShape).toEqual([null, 0, 3, 8]);
  });
});

describe("merge layers", () => {
  test("Dot reads its axes, so its output shape is known", async () => {
    const { program } = await analyze(`
      from tensorflow import keras
      from tensorflow.keras import layers
      a = keras.Input(shape=(8, 6))
      b = keras.Input(shape=(8, 6))
      scores = layers.Dot(axes=2)([a, b])
      pair = layers.dot([a, b], axes=(1, 1))
      m = keras.Model([a, b], [scores, pair])
    `);
    const [dot, functional] = onlyModel(program).architecture.layers.filter((l) => l.kind === "dot");
    expect(dot!.config.dotAxes).toEqual([2]);
    expect(dot!.outputShape).toEqual([null, 8, 8]);
    expect(functional!.config.dotAxes).toEqual([1, 1]);
    expect(functional!.outputShape).toEqual([null, 6, 6]);
  });
});

describe("Keras 0/1 constructs", () => {
  test("a Sequential that starts with Merge([left, right]) of Sequential branches is a graph from their inputs", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import Dense, Merge
      left = Sequential()
      left.add(Dense(32, input_dim=784, activation='relu'))
      right = Sequential()
      right.add(Dense(16, input_dim=100, activation='relu'))
      model = Sequential()
      model.add(Merge([left, right], mode='concat'))
      model.add(Dense(10, activation='softmax'))
      model.compile(loss='categorical_crossentropy', optimizer='sgd')
    `);
    const model = program.models.find((m) => m.variable === "model")!;
    expect(model.architecture.style).toBe("functional");
    expect(layerSignature(model)).toEqual(["input_1:input", "dense:dense", "input_2:input", "dense_1:dense", "merge:concatenate", "dense_2:dense"]);
    expect(model.architecture.inputs).toEqual([0, 2]);
    expect(model.architecture.outputs).toEqual([5]);
    expect(model.architecture.layers[4]!.outputShape).toEqual([null, 48]);
    expect(model.architecture.complete).toBe(true);
  });

  test("Merge(mode=...) called on tensors, and merge() with mode='sum' by default", async () => {
    const { program } = await analyze(`
      from keras.layers import Input, Dense, Merge, merge
      from keras.models import Model
      a = Input(shape=(4,))
      b = Input(shape=(4,))
      s = merge([Dense(3)(a), Dense(3)(b)])
      m = Merge(mode='mul')([s, s])
      model = Model(input=[a, b], output=m)
    `);
    const kinds = onlyModel(program).architecture.layers.map((l) => l.kind);
    expect(kinds).toContain("add");
    expect(kinds).toContain("multiply");
  });

  test("TimeDistributedDense(n) is TimeDistributed(Dense(n)); Keras 0 LSTM(input_dim, output_dim)", async () => {
    const { program } = await analyze(`
      from keras.models import Sequential
      from keras.layers import LSTM, TimeDistributedDense
      model = Sequential()
      model.add(LSTM(64, 32, return_sequences=True))
      model.add(TimeDistributedDense(5))
    `);
    const [lstm, td] = onlyModel(program).architecture.layers;
    expect(lstm!.config.units).toBe(32);
    expect(lstm!.declaredInputShape).toEqual([null, null, 64]);
    expect(td!.kind).toBe("timeDistributed");
    expect(td!.config).toMatchObject({ wrappedKind: "dense", units: 5 });
    expect(td!.outputShape).toEqual([null, null, 5]);
  });
});

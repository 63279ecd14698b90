import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S501-missing-input-normalization.js";

const pixels = { range: [0, 255] as [number, number], origin: "mnist", variable: "x_train" };
const mlp = () => model().layer("flatten", {}, { input: [null, 28, 28] }).dense(128, "relu").dense(10, "softmax");

ruleTester(rule, {
  valid: [
    {
      name: "mnist divided by 255",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(60000, 784).astype('float32')
        x_train /= 255
        model = keras.Sequential([keras.layers.Dense(10, activation='softmax', input_shape=(784,))])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
    },
    {
      name: "Rescaling layer in the model",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        model = keras.Sequential([keras.layers.Rescaling(1. / 255, input_shape=(32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
    },
    {
      name: "imdb word indices into an Embedding",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.imdb.load_data(num_words=10000)
        x_train = keras.preprocessing.sequence.pad_sequences(x_train, maxlen=200)
        model = keras.Sequential([keras.layers.Embedding(10000, 16, input_length=200), keras.layers.GlobalAveragePooling1D(), keras.layers.Dense(1, activation='sigmoid')])
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
    },
    {
      // Real-world false alarm: the generator standardises each batch itself (fitted on the raw pixels).
      name: "ImageDataGenerator with featurewise standardisation, flowed from raw pixels",
      code: `
        from tensorflow import keras
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        augment = ImageDataGenerator(featurewise_center=True, featurewise_std_normalization=True, horizontal_flip=True)
        augment.fit(x_train)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(augment.flow(x_train, y_train, batch_size=64), epochs=3)
      `,
    },
    {
      name: "ImageDataGenerator with a preprocessing_function",
      code: `
        from tensorflow import keras
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        def to_unit_range(image):
            return image / 127.5 - 1.0
        augment = ImageDataGenerator(preprocessing_function=to_unit_range)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(augment.flow(x_train, y_train), epochs=3)
      `,
    },
    { name: "scaled to [0, 1]", program: mlp().fit({ x: { range: [0, 1], transforms: [] } }).program() },
    { name: "range unknown", program: mlp().fit({ x: { origin: "csv" } }).program() },
    { name: "standardised", program: mlp().fit({ x: { ...pixels, transforms: [{ op: "standardize", span: { file: "m.py", line: 1, column: 1, endLine: 1, endColumn: 2 } }] } }).program() },
    { name: "Rescaling layer first", program: model().layer("rescaling", { scale: 1 / 255 }).layer("flatten").dense(10, "softmax").fit({ x: pixels }).program() },
    { name: "BatchNormalization first", program: model().layer("flatten").layer("batchNormalization").dense(10, "softmax").fit({ x: pixels }).program() },
    { name: "Embedding reads word indices", program: model().layer("embedding", { inputDim: 10000, outputDim: 16 }).layer("globalAveragePooling1d").dense(1, "sigmoid").fit({ x: { range: [0, 9999] } }).program() },
    { name: "small magnitudes", program: mlp().fit({ x: { range: [-3, 3] } }).program() },
    {
      name: "TF1: scaled pixels through a dataset's map",
      code: `
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(lambda a, b: (tf.cast(a, tf.float32) / 255.0, b)).shuffle(100).batch(32)
        images, labels = data.make_one_shot_iterator().get_next()
        logits = tf.layers.dense(tf.layers.flatten(images), 10)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.sparse_softmax_cross_entropy(labels, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(1000):
                sess.run(step)
      `,
    },
  ],
  invalid: [
    {
      name: "mnist pixels reshaped but not scaled",
      code: `
        from tensorflow import keras
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        x_train = x_train.reshape(60000, 784).astype('float32')
        model = keras.Sequential([keras.layers.Dense(10, activation='softmax', input_shape=(784,))])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train, epochs=5)
      `,
      errors: [{ messageId: "unscaledInput", line: 6, column: 1, data: { data: "x_train", range: "[0, 255]", method: "fit" } }],
    },
    {
      name: "ImageDataGenerator whose standardisation flags are all off",
      code: `
        from tensorflow import keras
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        (x_train, y_train), _ = keras.datasets.cifar10.load_data()
        augment = ImageDataGenerator(featurewise_center=False, samplewise_std_normalization=False, horizontal_flip=True)
        model = keras.Sequential([keras.layers.Flatten(input_shape=(32, 32, 3)), keras.layers.Dense(10, activation='softmax')])
        model.compile(loss='sparse_categorical_crossentropy', optimizer='adam')
        model.fit(augment.flow(x_train, y_train), epochs=3)
      `,
      errors: [{ messageId: "unscaledInput", line: 7 }],
    },
    {
      name: "mnist pixels straight into fit",
      program: mlp().fit({ x: pixels, line: 7 }).program(),
      errors: [{ messageId: "unscaledInput", line: 7, column: 1, data: { data: "x_train", range: "[0, 255]", origin: " (mnist)", method: "fit" } }],
    },
    {
      name: "option maxMagnitude",
      options: { maxMagnitude: 1 },
      program: mlp().fit({ x: { range: [0, 2] } }).program(),
      errors: [{ messageId: "unscaledInput", data: { data: "the input", origin: "" } }],
    },
    {
      name: "TF1: raw MNIST pixels fed to the training run",
      code: `
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        x = tf.placeholder(tf.float32, [None, 28, 28])
        y = tf.placeholder(tf.int64, [None])
        logits = tf.layers.dense(tf.layers.flatten(x), 10)
        step = tf.train.AdamOptimizer(1e-3).minimize(tf.losses.sparse_softmax_cross_entropy(y, logits))
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for i in range(0, 60000, 100):
                sess.run(step, feed_dict={x: x_train[i:i + 100], y: y_train[i:i + 100]})
      `,
      errors: [{ messageId: "unscaledInput", line: 7, data: { range: "[0, 255]", method: "sess.run" } }],
    },
  ],
});

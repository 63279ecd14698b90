import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S115-missing-nonlinearity.js";

ruleTester(rule, {
  valid: [
    {
      name: "a decoder's linear Dense projection reshaped into the map its transposed convolutions work on",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        code = keras.Input(shape=(16,))
        grid = layers.Dense(7 * 7 * 8)(code)
        grid = layers.Reshape((7, 7, 8))(grid)
        image = layers.Conv2DTranspose(1, 3, strides=4, padding='same', activation='sigmoid')(grid)
        decoder = keras.Model(code, image)
      `,
    },
    {
      name: "the same projection when the map's sizes come from the encoder at run time (K.int_shape)",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers, backend as K
        shape = K.int_shape(encoder_features)
        code = keras.Input(shape=(16,))
        grid = layers.Dense(shape[1] * shape[2] * shape[3])(code)
        grid = layers.Reshape((shape[1], shape[2], shape[3]))(grid)
        image = layers.Conv2DTranspose(1, 3, padding='same', activation='sigmoid')(grid)
        decoder = keras.Model(code, image)
      `,
    },
    {
      name: "a linear autoencoder trained to give back its input (PCA by design)",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        autoencoder = keras.Sequential([layers.Dense(2, input_shape=(3,)), layers.Dense(3)])
        autoencoder.compile(loss='mse', optimizer='adam')
        autoencoder.fit(x_train, x_train, epochs=10)
      `,
    },
    {
      name: "linear Dense, BatchNormalization, Activation('relu')",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(64, input_shape=(20,)),
            layers.BatchNormalization(),
            layers.Activation('relu'),
            layers.Dense(1),
        ])
      `,
    },
    { name: "relu hidden layers", program: model().dense(64, "relu").dense(10, "softmax").program() },
    { name: "linear Dense, BatchNormalization, then ReLU", program: model().dense(64).layer("batchNormalization").layer("relu").dense(10, "softmax").program() },
    { name: "linear output head", program: model().dense(64, "relu").dense(1).program() },
    { name: "linear head behind an Activation", program: model().dense(64, "relu").dense(10).layer("activation", {}, { activation: "softmax" }).program() },
    { name: "linear conv then max pooling", program: model().layer("conv2d", {}, { activation: "linear" }).layer("maxPooling2d").layer("flatten").dense(10, "softmax").program() },
    { name: "unknown activation", program: model().layer("dense", { units: 64 }).dense(10, "softmax").program() },
    { name: "followed by an LSTM (own non-linearity)", program: model().dense(64).layer("lstm", { units: 8 }).dense(1, "sigmoid").program() },
    { name: "Conv, BN, Add, ReLU (residual)", program: model().layer("conv2d", {}, { activation: "linear" }).layer("batchNormalization").layer("add", {}, { inbound: [1] }).layer("relu").layer("conv2d", {}, { activation: "relu" }).program() },
    {
      // Real-world false alarm: chained 1×1 projection shortcuts (Xception-style blocks) meet additions.
      name: "linear 1x1 projection shortcuts added to a non-linear main path, block after block",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(64, 64, 3))
        x = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
        shortcut = x
        for width in [32, 64]:
            x = layers.Conv2D(width, 3, padding="same", activation="relu")(x)
            x = layers.MaxPooling2D(2)(x)
            projected = layers.Conv2D(width, 1, strides=2, padding="same")(shortcut)
            x = layers.add([x, projected])
            shortcut = x
        x = layers.GlobalAveragePooling2D()(x)
        outputs = layers.Dense(5, activation="softmax")(x)
        model = keras.Model(inputs, outputs)
      `,
    },
    {
      // Real-world false alarm: the linear code layer of an autoencoder is the output of its encoder.
      name: "linear bottleneck of an autoencoder whose encoder is a second model",
      code: `
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        pixels = np.random.rand(500, 784).astype("float32")
        image = keras.Input(shape=(784,))
        hidden = layers.Dense(256, activation="relu")(image)
        code = layers.Dense(24)(hidden)
        expanded = layers.Dense(256, activation="relu")(code)
        restored = layers.Dense(784, activation="sigmoid")(expanded)
        autoencoder = keras.Model(image, restored)
        encoder = keras.Model(image, code)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(pixels, pixels, epochs=3, batch_size=50)
        codes = encoder.predict(pixels)
      `,
    },
    {
      name: "Sequential autoencoder whose encoder is built from the code layer's output",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        autoencoder = keras.Sequential([
            keras.Input(shape=(64,)),
            layers.Dense(32, activation="relu"),
            layers.Dense(6, name="code"),
            layers.Dense(32, activation="relu"),
            layers.Dense(64),
        ])
        encoder = keras.Model(autoencoder.input, autoencoder.get_layer("code").output)
      `,
    },
    {
      name: "TF1 autoencoder whose code tensor a session fetches",
      code: `
        import numpy as np
        import tensorflow as tf
        def encode(x):
            h = tf.layers.dense(x, 128, activation=tf.nn.relu)
            return tf.layers.dense(h, 12)
        def decode(z):
            h = tf.layers.dense(z, 128, activation=tf.nn.relu)
            return tf.layers.dense(h, 400, activation=tf.nn.sigmoid)
        images = tf.placeholder(tf.float32, [None, 400])
        code = encode(images)
        restored = decode(code)
        loss = tf.reduce_mean(tf.square(restored - images))
        train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
        batch = np.random.rand(32, 400)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(200):
                sess.run(train_op, feed_dict={images: batch})
            codes = sess.run(code, feed_dict={images: batch})
      `,
    },
    { name: "linear layer read outside the model", program: model().dense(64, "relu").dense(8).dense(64, "relu").dense(10, "softmax").withExternalOutputs([1]).program() },
    {
      name: "TF1: convolutions with ReLU before each max pooling",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        p1 = tf.layers.max_pooling2d(tf.layers.conv2d(x, 32, 5, activation=tf.nn.relu), 2, 2)
        p2 = tf.layers.max_pooling2d(tf.layers.conv2d(p1, 64, 5, activation=tf.nn.relu), 2, 2)
        out = tf.layers.dense(tf.layers.flatten(p2), 10)
      `,
    },
    {
      name: "TF1: tf.matmul + b followed by tf.nn.relu",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 20])
        W1 = tf.Variable(tf.random_normal([20, 64], stddev=0.1))
        h = tf.nn.relu(tf.add(tf.matmul(x, W1), tf.Variable(tf.zeros([64]))))
        W2 = tf.Variable(tf.random_normal([64, 1], stddev=0.1))
        out = tf.nn.sigmoid(tf.matmul(h, W2))
      `,
    },
  ],
  invalid: [
    {
      name: "a reshape that keeps the vector a vector does not end the search (trained on other targets)",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Dense(12, input_shape=(8,)), layers.Reshape((12,)), layers.Dense(3, activation='softmax')])
        model.compile(loss='categorical_crossentropy', optimizer='adam')
        model.fit(x_train, y_train)
      `,
      errors: [{ messageId: "collapsesInto", line: 3, data: { layer: "dense", next: "dense_1" } }],
    },
    {
      name: "hidden Dense layers with no activation",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Dense(128, input_shape=(784,)),
            layers.Dense(64, activation='relu'),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "collapsesInto", line: 4, column: 5, data: { layer: "dense", next: "dense_1" } }],
    },
    {
      name: "two linear Dense layers",
      program: model().dense(128).dense(64, "relu").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", line: 1, column: 1, data: { layer: "dense_0", next: "dense_1" } }],
    },
    {
      name: "linear conv, average pooling, Flatten, Dense: collapses at distance 3",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("averagePooling2d").layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", line: 1, data: { next: "dense_3" } }],
    },
    {
      name: "no non-linearity within 3 layers",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("averagePooling2d").layer("dropout").layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "noNonlinearity", line: 1, data: { distance: 3 } }],
    },
    {
      name: "linear conv into Dense within the window",
      program: model().layer("conv2d", {}, { activation: "linear" }).layer("flatten").dense(10, "softmax").program(),
      errors: [{ messageId: "collapsesInto", data: { next: "dense_2" } }],
    },
    {
      name: "maxDistance option",
      options: { maxDistance: 1 },
      program: model().dense(64).layer("dropout", { rate: 0.5 }).layer("relu").dense(1).program(),
      errors: [{ messageId: "noNonlinearity", data: { distance: 1 } }],
    },
    {
      name: "the same autoencoder with no encoder model: the code layer is hidden",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        image = keras.Input(shape=(784,))
        hidden = layers.Dense(256, activation="relu")(image)
        code = layers.Dense(24)(hidden)
        expanded = layers.Dense(256, activation="relu")(code)
        restored = layers.Dense(784, activation="sigmoid")(expanded)
        autoencoder = keras.Model(image, restored)
      `,
      errors: [{ messageId: "collapsesInto", line: 5, data: { layer: "dense_1", next: "dense_2" } }],
    },
    {
      name: "TF1: the code tensor is trained through but never fetched",
      code: `
        import tensorflow as tf
        images = tf.placeholder(tf.float32, [None, 400])
        h = tf.layers.dense(images, 128, activation=tf.nn.relu)
        code = tf.layers.dense(h, 12)
        h2 = tf.layers.dense(code, 128, activation=tf.nn.relu)
        restored = tf.layers.dense(h2, 400, activation=tf.nn.sigmoid)
        loss = tf.reduce_mean(tf.square(restored - images))
        train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(200):
                sess.run(train_op)
      `,
      errors: [{ messageId: "collapsesInto", line: 4 }],
    },
    {
      name: "TF1: tf.add(tf.matmul(x, W), b) stacked with no activation",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 20])
        W1 = tf.Variable(tf.random_normal([20, 64], stddev=0.1))
        b1 = tf.Variable(tf.zeros([64]))
        h = tf.add(tf.matmul(x, W1), b1)
        W2 = tf.Variable(tf.random_normal([64, 1], stddev=0.1))
        out = tf.nn.sigmoid(tf.matmul(h, W2))
      `,
      errors: [{ messageId: "collapsesInto", line: 5, data: { layer: "dense", kind: "tf.matmul", next: "dense_1" } }],
    },
    {
      name: "TF1: convolutions with no activation, only max pooling between them",
      code: `
        import tensorflow as tf
        x = tf.placeholder(tf.float32, [None, 28, 28, 1])
        c1 = tf.layers.conv2d(x, 32, 5, padding='same')
        p1 = tf.layers.max_pooling2d(c1, 2, 2)
        c2 = tf.layers.conv2d(p1, 64, 5, padding='same')
        p2 = tf.layers.max_pooling2d(c2, 2, 2)
        out = tf.layers.dense(tf.layers.flatten(p2), 10, activation=tf.nn.softmax)
      `,
      errors: [{ messageId: "onlyMaxPooling", line: 3, data: { layer: "conv2d", next: "conv2d_1" } }],
    },
  ],
});

import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S117-softmax-in-hidden-layer.js";

ruleTester(rule, {
  valid: [
    {
      name: "attention: softmax over tanh scores, multiplied into the sequence",
      code: `
        from keras.layers import Input, Dense, LSTM, Flatten, Activation, RepeatVector, Permute, Multiply, Lambda
        from keras.models import Model
        import keras.backend as K
        inp = Input(shape=(50, 64))
        h = LSTM(32, return_sequences=True)(inp)
        a = Dense(1, activation='tanh')(h)
        a = Flatten()(a)
        a = Activation('softmax')(a)
        a = RepeatVector(32)(a)
        a = Permute([2, 1])(a)
        m = Multiply()([h, a])
        s = Lambda(lambda x: K.sum(x, axis=1))(m)
        out = Dense(1, activation='sigmoid')(s)
        model = Model(inp, out)
        model.compile(loss='binary_crossentropy', optimizer='adam')
      `,
    },
    {
      name: "softmax output only",
      code: `
        from tensorflow import keras
        model = keras.Sequential([keras.layers.Dense(64, activation='relu', input_shape=(8,)), keras.layers.Dense(3, activation='softmax')])
      `,
    },
    { name: "softmax output only", program: model().dense(128, "relu").dense(10, "softmax").program() },
    { name: "softmax output then Dropout", program: model().dense(10, "softmax").layer("dropout").program() },
    {
      name: "attention weights multiplied into values",
      program: model().dense(1, "tanh").layer("flatten").layer("activation", {}, { activation: "softmax" }).layer("repeatVector").layer("permute")
        .layer("multiply", {}, { inbound: [0, 4] }).dense(1, "sigmoid").program(),
    },
    {
      name: "a classifier's softmax output that a second model stacks a head on",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(20,))
        hidden = layers.Dense(32, activation="relu")(inputs)
        probs = layers.Dense(5, activation="softmax")(hidden)
        classifier = keras.Model(inputs, probs)
        score = layers.Dense(1, activation="sigmoid")(probs)
        scorer = keras.Model(inputs, score)
      `,
    },
    {
      name: "a softmax output of the same model that also feeds a second output",
      program: model().dense(32, "relu").dense(5, "softmax").layer("dropout").dense(1, "sigmoid").withOutputs([2, 3]).program(),
    },
  ],
  invalid: [
    {
      name: "Activation('softmax') after a hidden convolution, then pooling",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(16, 5, padding="same", activation="relu", input_shape=(28, 28, 1)),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 5, padding="same"),
            layers.Activation("softmax"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(10, activation="softmax"),
        ])
      `,
      errors: [{ messageId: "hiddenSoftmax", line: 7, column: 5, data: { layer: "activation", next: "dense" } }],
    },
    {
      name: "softmax hidden layer",
      code: `
        from tensorflow import keras
        model = keras.Sequential([
            keras.layers.Dense(64, activation='softmax', input_shape=(8,)),
            keras.layers.Dense(3, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "hiddenSoftmax", line: 3, column: 5, data: { layer: "dense", next: "dense_1" } }],
    },
    {
      name: "softmax hidden Dense",
      program: model().dense(128, "softmax").dense(10, "softmax").program(),
      errors: [{ messageId: "hiddenSoftmax", line: 1, column: 1, data: { next: "dense_1" } }],
    },
    {
      name: "Softmax layer before an LSTM, through Dropout",
      program: model().dense(16).layer("softmax").layer("dropout").layer("lstm", { units: 4 }).dense(1).program(),
      errors: [{ messageId: "hiddenSoftmax", line: 2, data: { kind: "Softmax", nextKind: "Lstm" } }],
    },
    {
      name: "the softmax feeds a head, and the model read is only the stacked one",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        inputs = keras.Input(shape=(20,))
        hidden = layers.Dense(32, activation="relu")(inputs)
        probs = layers.Dense(5, activation="softmax")(hidden)
        score = layers.Dense(1, activation="sigmoid")(probs)
        scorer = keras.Model(inputs, score)
      `,
      errors: [{ messageId: "hiddenSoftmax", line: 5, data: { next: "dense_2" } }],
    },
  ],
});

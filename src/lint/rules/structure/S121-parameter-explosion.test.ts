import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S121-parameter-explosion.js";

const bigMap = [null, 56, 56, 256];

ruleTester(rule, {
  valid: [
    { name: "small map flattened", program: model().layer("flatten", {}, { inputShapes: [[null, 7, 7, 64]] }).dense(128, "relu").program() },
    { name: "global pooling instead of Flatten", program: model().layer("globalAveragePooling2d", {}, { inputShapes: [bigMap] }).dense(128, "relu").program() },
    { name: "map shape unknown", program: model().layer("flatten").dense(128, "relu").program() },
    { name: "large Dense not after a Flatten", program: model().dense(8000, "relu", { inputShapes: [[null, 8000]] }).dense(8000, "relu").program() },
    { name: "maxParameters option raised", options: { maxParameters: 200_000_000 }, program: model().layer("flatten", {}, { inputShapes: [bigMap] }).dense(128, "relu").program() },
    {
      name: "Python: pooling before the classifier",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(64, 3, padding='same', activation='relu', input_shape=(224, 224, 3)),
            layers.MaxPooling2D(2),
            layers.GlobalAveragePooling2D(),
            layers.Dense(128, activation='relu'),
            layers.Dense(10, activation='softmax'),
        ])
      `,
    },
    {
      // A classic architecture trains as designed: its Dense(4096) head is 103 M parameters over a 7×7×512 map.
      name: "Python: VGG16's fully connected head over a 7x7x512 map",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([keras.Input(shape=(224, 224, 3))])
        for filters, convs in [(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)]:
            for _ in range(convs):
                model.add(layers.Conv2D(filters, 3, padding="same", activation="relu"))
            model.add(layers.MaxPooling2D(2))
        model.add(layers.Flatten())
        model.add(layers.Dense(4096, activation="relu"))
        model.add(layers.Dense(4096, activation="relu"))
        model.add(layers.Dense(1000, activation="softmax"))
      `,
    },
    { name: "channels_first map of few positions", program: model().layer("flatten", { dataFormat: "channels_first" }, { inputShapes: [[null, 1024, 7, 7]] }).dense(2048, "relu").program() },
  ],
  invalid: [
    {
      name: "56x56x256 flattened into Dense(128)",
      program: model().layer("flatten", {}, { inputShapes: [bigMap] }).dense(128, "relu").program(),
      errors: [{ messageId: "flattenExplosion", line: 2, column: 1, data: { params: "102.8 M", limit: "50.0 M", features: "802,816", map: "(None, 56, 56, 256)", flatten: "flatten_0" } }],
    },
    {
      name: "through dropout, using the inferred parameter count",
      program: model().layer("flatten", {}, { inputShapes: [[null, 100, 100, 64]], out: [null, 640000] }).layer("dropout", { rate: 0.5 }).layer("dense", { units: 100 }, { activation: "relu" }).program(),
      errors: [{ messageId: "flattenExplosion", line: 3, data: { params: "64.0 M", features: "640,000" } }],
    },
    {
      name: "Python: a 224x224 map flattened",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([
            layers.Conv2D(64, 3, padding='same', activation='relu', input_shape=(224, 224, 3)),
            layers.Flatten(),
            layers.Dense(128, activation='relu'),
            layers.Dense(10, activation='softmax'),
        ])
      `,
      errors: [{ messageId: "flattenExplosion", line: 6, column: 5, data: { layer: "dense", params: "411.0 M", features: "3,211,264", map: "(None, 224, 224, 64)" } }],
    },
    {
      name: "channels_first: a 64-channel 40x40 map into Dense(512)",
      program: model().layer("flatten", { dataFormat: "channels_first" }, { inputShapes: [[null, 64, 40, 40]] }).dense(512, "relu").program(),
      errors: [{ messageId: "flattenExplosion", data: { params: "52.4 M" } }],
    },
  ],
});

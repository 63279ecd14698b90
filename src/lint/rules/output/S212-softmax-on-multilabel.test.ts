import { ruleTester } from "../../../../test/helpers/rule-tester.js";
import { model } from "../../../../test/helpers/model-builder.js";
import rule from "./S212-softmax-on-multilabel.js";

const multiHot = { encoding: "multi-hot" as const, numClasses: 20, variable: "tags" };

ruleTester(rule, {
  valid: [
    { name: "sigmoid outputs on multi-hot targets", program: model().dense(64, "relu").dense(20, "sigmoid").compile({ loss: "binary_crossentropy" }).fit({ y: multiHot }).program() },
    { name: "softmax on one-hot targets", program: model().dense(64, "relu").dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "one-hot", numClasses: 10 } }).program() },
    { name: "softmax, encoding unknown", program: model().dense(20, "softmax").compile({ loss: "binary_crossentropy" }).fit({ y: {} }).program() },
    { name: "width-1 softmax is S203's", program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy" }).fit({ y: multiHot }).program() },
    { name: "activation unknown", program: model().layer("dense", { units: 20 }).compile({ loss: "binary_crossentropy" }).fit({ y: multiHot }).program() },
    { name: "no training call", program: model().dense(20, "softmax").compile({ loss: "binary_crossentropy" }).program() },
    {
      name: "Python: sigmoid outputs on MultiLabelBinarizer targets",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        from sklearn.preprocessing import MultiLabelBinarizer
        import numpy as np
        labels = [["a", "b"], ["c"], ["a", "c"]]
        y = MultiLabelBinarizer().fit_transform(labels)
        x = np.random.rand(3, 64)
        model = keras.Sequential([
            layers.Dense(64, activation='relu', input_shape=(64,)),
            layers.Dense(3, activation='sigmoid'),
        ])
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(x, y, epochs=5)
      `,
    },
    {
      // Real-world false alarm: MultiLabelBinarizer applied to a column holding one label per sample.
      name: "Python: softmax on MultiLabelBinarizer over a DataFrame column (nesting unknown)",
      code: `
        import pandas as pd
        from sklearn.preprocessing import MultiLabelBinarizer
        from tensorflow import keras
        from tensorflow.keras import layers
        reviews = pd.read_csv("reviews.csv")
        binarizer = MultiLabelBinarizer()
        y = binarizer.fit_transform(reviews["product_type"])
        model = keras.Sequential([layers.Dense(32, activation="relu", input_shape=(300,)), layers.Dense(y.shape[1], activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
        model.fit(reviews[[f"f{i}" for i in range(300)]].values, y, epochs=10)
      `,
    },
    {
      name: "Python: softmax on MultiLabelBinarizer over one label per sample",
      code: `
        import numpy as np
        from sklearn.preprocessing import MultiLabelBinarizer
        from tensorflow import keras
        from tensorflow.keras import layers
        grades = [["A"], ["C"], ["B"], ["A"]]
        y = MultiLabelBinarizer().fit_transform(grades)
        model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), layers.Dense(3, activation="softmax")])
        model.compile(loss="categorical_crossentropy", optimizer="adam")
        model.fit(np.random.rand(4, 8), y, epochs=10)
      `,
    },
  ],
  invalid: [
    {
      name: "softmax on multi-hot targets",
      program: model().dense(64, "relu").dense(20, "softmax").compile({ loss: "binary_crossentropy" }).fit({ y: multiHot }).program(),
      errors: [{ messageId: "softmaxOnMultiHot", line: 2, column: 1, data: { layer: "dense_1", kind: "Dense", labels: "tags", classes: ", 20 classes" } }],
    },
    {
      name: "a Softmax layer after Dense, categorical loss, classes unknown",
      program: model().dense(64, "relu").dense(5).layer("softmax").compile({ loss: "categorical_crossentropy" }).fit({ y: { encoding: "multi-hot" } }).program(),
      errors: [{ messageId: "softmaxOnMultiHot", line: 3, data: { layer: "softmax_2", labels: "y", classes: "" } }],
    },
    {
      name: "Python: softmax on MultiLabelBinarizer targets",
      code: `
        from tensorflow import keras
        from tensorflow.keras import layers
        from sklearn.preprocessing import MultiLabelBinarizer
        import numpy as np
        labels = [["a", "b"], ["c"], ["a", "c"]]
        y = MultiLabelBinarizer().fit_transform(labels)
        x = np.random.rand(3, 64)
        model = keras.Sequential([
            layers.Dense(64, activation='relu', input_shape=(64,)),
            layers.Dense(3, activation='softmax'),
        ])
        model.compile(loss='binary_crossentropy', optimizer='adam')
        model.fit(x, y, epochs=5)
      `,
      errors: [{ messageId: "softmaxOnMultiHot", line: 10, column: 5, data: { layer: "dense_1", kind: "Dense", labels: "y", classes: ", 3 classes" } }],
    },
    {
      name: "width-1 softmax on multi-hot targets, S203 not running",
      program: model().dense(1, "softmax").compile({ loss: "binary_crossentropy" }).fit({ y: multiHot }).program(),
      inactive: ["S203"],
      errors: [{ messageId: "softmaxOnMultiHot" }],
    },
    {
      name: "Python: softmax on MultiLabelBinarizer over tuples with several labels",
      code: `
        import numpy as np
        from sklearn.preprocessing import MultiLabelBinarizer
        from tensorflow import keras
        from tensorflow.keras import layers
        moods = [("calm", "sad"), ("happy",), ("calm", "happy"), ()]
        y = MultiLabelBinarizer().fit_transform(moods)
        model = keras.Sequential([layers.Dense(16, activation="relu", input_shape=(8,)), layers.Dense(3, activation="softmax")])
        model.compile(loss="binary_crossentropy", optimizer="adam")
        model.fit(np.random.rand(4, 8), y, epochs=10)
      `,
      errors: [{ messageId: "softmaxOnMultiHot", line: 7, data: { labels: "y", classes: ", 3 classes" } }],
    },
  ],
});

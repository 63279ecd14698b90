import { defineRule } from "../../rule.js";
import { DEEPLOCALIZE, DEFECTS4ML } from "../references.js";
import { reportOutputDiagnoses } from "./diagnose.js";

export default defineRule({
  meta: {
    code: "S206",
    name: "output-width-mismatch",
    family: "output",
    severity: "error",
    lifecycle: "stable",
    frameworks: ["keras", "tf1", "tfjs"],
    needs: ["output width", "training.y (encoding, number of classes)"],
    messages: {
      widthMismatch: "{layer} ({kind}) has output width {width}, but the {encoding} labels {labels} have {classes} classes",
    },
    options: {},
    docs: {
      summary: "The output layer's width differs from the number of classes of the labels.",
      whatItChecks:
        "For a single-output model trained on labels whose number of classes is known (to_categorical(y, k), a dataset loader, np.random.randint(0, k)), the output width must equal that number: for one-hot labels always, for integer labels under a multi-class loss. A model that is compiled but never trained itself, while another model of the program is (a GAN generator trained only inside the combined model), is not checked: its compile does not decide how it learns.",
      whyItMatters:
        "With one-hot labels the shapes disagree and fit fails, or broadcasts silently under a custom loss. With integer labels and too few outputs, labels above the width index outside the output (NaN loss or an error on GPU); with too many, probability mass goes to classes that never occur.",
      example: [
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "y_train = keras.utils.to_categorical(y_train, 10)",
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(8, activation='softmax')])",
        "model.compile(loss='categorical_crossentropy', optimizer='adam')",
        "model.fit(x_train / 255.0, y_train)",
      ].join("\n"),
      fix: "Give the output layer one unit per class: `layers.Dense(10, activation='softmax')`.",
      options: "",
      references: [DEFECTS4ML, DEEPLOCALIZE],
    },
  },
  check(context) {
    reportOutputDiagnoses(context, "S206");
  },
});

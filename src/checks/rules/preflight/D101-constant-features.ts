import { checkMeta, defineCheck } from "../../check.js";
import { TDC } from "../references.js";

/** An input feature does not vary over the data sample. */
export default defineCheck<"all" | "some">({
  meta: checkMeta({
    code: "D101",
    name: "constant-features",
    family: "preflight",
    severity: "warning",
    needs: ["preflight.data.inputs"],
    messages: {
      all: "input {input} is constant over the {samples} samples of the preflight (std 0): the model has nothing to learn from it",
      some: "{count} of the {total} feature columns of input {input} are constant over the {samples} samples of the preflight (first: column {first})",
    },
    docs: {
      summary: "A feature (or a whole input) has the same value in every sample.",
      whatItChecks:
        "The standard deviation of each feature of an input (each index of its last axis: a table's columns, an image's channels, a sequence's features) over the preflight's data sample. A whole input that is constant is a warning; single constant columns are reported as info (sparse features such as a multi-hot vocabulary often have columns that stay 0 in a sample).",
      whyItMatters: "A constant input carries no information: the data were loaded wrongly (a column of zeros, a constant fill, an image batch of one colour) or a preprocessing step erased them.",
      example: "const xs = tf.zeros([n, 20]); // the real features never made it into the tensor",
      fix: "Check the loading and preprocessing of the features; drop columns that never vary.",
      references: [TDC + " (data checks: constant features)"],
    },
  }),
  on: ["preflight"],
  check({ state, report }) {
    const record = state.preflight;
    if (record?.procedure !== "data" || record.skipped !== undefined) return;
    for (const input of record.inputs) {
      const constant = input.columns.map((c, i) => (c.std === 0 ? i : -1)).filter((i) => i >= 0);
      if (constant.length === 0) continue;
      if (constant.length === input.columns.length) {
        report({ messageId: "all", subject: input.name, value: 0, data: { input: input.name, samples: record.samples } });
      } else {
        report({ messageId: "some", subject: input.name, severity: "info", value: constant.length, data: { input: input.name, count: constant.length, total: input.columns.length, samples: record.samples, first: constant[0]! } });
      }
    }
  },
});

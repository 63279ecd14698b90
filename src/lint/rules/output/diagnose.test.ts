import { describe, expect, it } from "vitest";
import { model } from "../../../../test/helpers/model-builder.js";
import { diagnoseOutputs } from "./diagnose.js";

describe("diagnoseOutputs", () => {
  it("diagnoses a model once for all the rules that read it", () => {
    const facts = model().dense(64, "relu").dense(10).compile({ loss: "categorical_crossentropy" }).model();
    const first = diagnoseOutputs(facts);
    expect(first.map((d) => d.code)).toEqual(["S201"]);
    expect(diagnoseOutputs(facts)).toBe(first);
    const other = model().dense(64, "relu").dense(10, "softmax").compile({ loss: "categorical_crossentropy" }).model();
    expect(diagnoseOutputs(other)).toEqual([]);
  });
});

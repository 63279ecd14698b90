import { describe, expect, it } from "vitest";
import type { DataTransform } from "../../../model/program.js";
import { describePreparation, describeTransform, isFixedDownscaling, normalisingSteps, scaleFactor, scalingOf } from "./_scaling-helpers.js";

const span = { file: "m.py", line: 1, column: 1, endLine: 1, endColumn: 2 };
const t = (op: DataTransform["op"], detail?: string, factor?: number): DataTransform => ({ op, span, ...(detail !== undefined ? { detail } : {}), ...(factor !== undefined ? { factor } : {}) });

describe("scaling helpers", () => {
  it("reads the factor of a scale transform from its description or its recorded factor", () => {
    expect(scaleFactor(t("scale", "/ 255"))).toBeCloseTo(1 / 255);
    expect(scaleFactor(t("scale", "/ 127.5"))).toBeCloseTo(1 / 127.5);
    expect(scaleFactor(t("scale", "* 0.00392156862745098"))).toBeCloseTo(1 / 255);
    expect(scaleFactor(t("scale", "* 1e-3"))).toBeCloseTo(0.001);
    expect(scaleFactor(t("scale", "whatever", 0.5))).toBe(0.5);
    expect(scaleFactor(t("scale", "- 127.5"))).toBeUndefined();
    expect(scaleFactor(t("other", "/ 255"))).toBeUndefined();
  });

  it("classifies transforms by how they change the scale", () => {
    expect(scalingOf(t("standardize", "StandardScaler")).kind).toBe("adaptive");
    expect(scalingOf(t("normalize", "MinMaxScaler")).kind).toBe("adaptive");
    expect(scalingOf(t("scale", "+ 1")).kind).toBe("none");
    expect(scalingOf(t("scale", "255 -")).kind).toBe("none");
    expect(scalingOf(t("scale", "negate")).kind).toBe("none");
    expect(scalingOf(t("scale", "float32")).kind).toBe("unknown-factor");
    expect(scalingOf(t("reshape", "(60000, 784)")).kind).toBe("none");
  });

  it("counts only large divisions as fixed downscalings", () => {
    expect(isFixedDownscaling(t("scale", "/ 255"), 10)).toBe(true);
    expect(isFixedDownscaling(t("scale", "/ 2"), 10)).toBe(false);
    expect(isFixedDownscaling(t("scale", "* 2"), 10)).toBe(false);
    expect(normalisingSteps({ transforms: [t("astype", "float32"), t("scale", "- 0.5"), t("scale", "/ 255"), t("standardize")] }, 10).map((s) => s.detail ?? s.op)).toEqual(["/ 255", "standardize"]);
  });

  it("describes transforms and preparations for messages", () => {
    expect(describeTransform(t("scale", "/ 255"))).toBe("/ 255");
    expect(describeTransform(t("scale", "* 0.00392156862745098"))).toBe("* (1/255)");
    expect(describeTransform(t("scale", "* 0.3"))).toBe("* 0.3");
    expect(describeTransform(t("standardize", "StandardScaler"))).toBe("standardisation (StandardScaler)");
    expect(describePreparation({ range: [0, 255], transforms: [t("astype", "float32")] }, 10)).toBe("not scaled, values in [0, 255]");
    expect(describePreparation({ transforms: [t("scale", "/ 255")] }, 10)).toBe("scaled by / 255");
  });
});

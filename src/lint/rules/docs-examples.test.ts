/** Each rule's documented failing example really fails: the doc and the rule cannot drift apart. */
import { describe, expect, it } from "vitest";
import { programOf, runRuleOnProgram } from "../../../test/helpers/rule-tester.js";
import { allRules } from "./index.js";

/** The imports every example takes for granted. */
const PRELUDE = ["import numpy as np", "import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers", ""].join("\n");

describe("documented examples", () => {
  for (const rule of allRules) {
    it(`${rule.meta.code} ${rule.meta.name}: its example is reported`, async () => {
      const program = await programOf(PRELUDE + rule.meta.docs.example);
      const reported = runRuleOnProgram(rule, program);
      expect(reported.length).toBeGreaterThan(0);
    });
  }
});

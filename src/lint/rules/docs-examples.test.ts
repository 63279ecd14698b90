/** Each rule's documented failing example really fails: the doc and the rule cannot drift apart. */
import { describe, expect, it } from "vitest";
import { programOf, runRuleOnProgram } from "../../../test/helpers/rule-tester.js";
import { allRules } from "./index.js";

/** The imports every example takes for granted. */
const PRELUDE = ["import numpy as np", "import tensorflow as tf", "from tensorflow import keras", "from tensorflow.keras import layers", ""].join("\n");

/** The rules of this test's brief (the other rules' examples are fragments, checked in their own tests). */
const CHECKED = new Set([
  "S101", "S102", "S103", "S104", "S105", "S115", "S116", "S117",
  "S201", "S202", "S203", "S204", "S205", "S206", "S207", "S208", "S209", "S210",
  "S301", "S302", "S402", "S403", "S404", "S405", "S501", "S503", "S701",
]);

describe("documented examples", () => {
  for (const rule of allRules.filter((r) => CHECKED.has(r.meta.code))) {
    it(`${rule.meta.code} ${rule.meta.name}: its example is reported`, async () => {
      const program = await programOf(PRELUDE + rule.meta.docs.example);
      const reported = runRuleOnProgram(rule, program);
      expect(reported.length).toBeGreaterThan(0);
    });
  }
});

/** The table format of the checks' tests: a trace that must raise a check (on a layer) or must not. */
import { expect, it } from "vitest";
import type { TelemetryRecord } from "../../telemetry/schema.js";
import type { Finding } from "../../report/finding.js";
import type { CheckEngineOptions } from "../options.js";
import { runChecks } from "./synthetic-run.js";

export interface CheckCase {
  title: string;
  records: () => TelemetryRecord[];
  options?: CheckEngineOptions;
  /** Expected: the check fires (optionally on this layer, with a message matching). */
  fires: boolean;
  layer?: string;
  message?: RegExp;
  /** Extra assertions on the check's findings. */
  then?: (findings: Finding[]) => void;
}

export function checkTable(code: string, cases: CheckCase[]): void {
  for (const c of cases) {
    it(`${code} ${c.fires ? "fires" : "is silent"}: ${c.title}`, () => {
      const all = runChecks(c.records(), c.options);
      expect(all.filter((f) => f.code === "nncheck-internal-error"), "no check may crash").toEqual([]);
      // Every placeholder filled (TheDeepChecker's vanishing-gradient message crashed on a missing one).
      for (const f of all) expect(f.message, f.code).not.toMatch(/\{\w+\}|undefined|NaN%/);
      const findings = all.filter((f) => f.code === code);
      if (!c.fires) {
        expect(findings).toEqual([]);
        return;
      }
      const matching = findings.filter((f) => (c.layer === undefined || f.layer?.name === c.layer) && (c.message === undefined || c.message.test(f.message)));
      expect(matching.length, JSON.stringify(findings)).toBeGreaterThan(0);
      c.then?.(matching);
    });
  }
}

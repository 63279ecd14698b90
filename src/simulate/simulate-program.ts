/**
 * Simulates every compiled model of a program within the program's time budget.
 */
import type { CheckEngineOptions } from "../checks/options.js";
import type { ProgramModel } from "../model/program.js";
import type { Finding, RuleDescriptor, SimulationSummary } from "../report/finding.js";
import { abandonWasm, isBrokenWasm, selectBackend } from "./backend.js";
import type { SimulationSettings } from "./options.js";
import type { PreflightStep } from "./preflight.js";
import { simulateModel } from "./simulate-model.js";

export interface ProgramSimulation {
  summary: SimulationSummary;
  findings: Finding[];
  descriptors: RuleDescriptor[];
}

export interface ProgramSimulationOptions {
  settings: SimulationSettings;
  checks: CheckEngineOptions;
  preflight: readonly PreflightStep[];
}

export async function simulateProgram(program: ProgramModel, options: ProgramSimulationOptions): Promise<ProgramSimulation> {
  const started = performance.now();
  const deadline = started + options.settings.timeLimit * 1000;
  let backend = await selectBackend(options.settings.backend);
  const result: ProgramSimulation = { summary: { models: [], timeMs: 0 }, findings: [], descriptors: [] };
  for (const [position, model] of program.models.entries()) {
    if (performance.now() >= deadline) {
      result.summary.models.push({ model: model.variable ?? `model at line ${model.span.line}`, line: model.span.line, simulated: false, reason: "the program's simulation time ran out before this model" });
      continue;
    }
    const request = { program, model, position, settings: options.settings, checks: options.checks, preflight: options.preflight, deadline };
    let simulated = await simulateModel({ ...request, backend });
    if (backend === "wasm" && isBrokenWasm(JSON.stringify(simulated.summary))) {
      // The wasm heap broke (a model too large for it): this model and every later one go to the cpu backend.
      backend = await abandonWasm();
      simulated = await simulateModel({ ...request, backend });
      simulated.summary.assumptions = [...(simulated.summary.assumptions ?? []), "the wasm backend failed (memory); simulated on cpu"];
    }
    result.summary.models.push(simulated.summary);
    result.findings.push(...simulated.findings);
    for (const descriptor of simulated.descriptors) {
      if (!result.descriptors.some((d) => d.code === descriptor.code)) result.descriptors.push(descriptor);
    }
  }
  result.summary.timeMs = Math.round(performance.now() - started);
  return result;
}

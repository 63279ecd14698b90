/**
 * Simulation (`nncheck lint --simulate`): the statically extracted model materialised as a TF.js twin,
 * trained briefly on synthetic data shaped like the program's, under the TF.js probe and the dynamic checks.
 */
export { simulateReport, resolveSimulation, SimulationUnavailableError, type SimulationOptions, type SimulationContext } from "./simulate-report.js";
export { simulateProgram, type ProgramSimulation, type ProgramSimulationOptions } from "./simulate-program.js";
export { simulateModel, type ModelSimulation, type ModelSimulationRequest } from "./simulate-model.js";
export { DEFAULT_SIMULATION_SETTINGS, resolveSimulationSettings, SimulationSettingsError, type SimulationSettings } from "./options.js";
export type { PreflightContext, PreflightStep } from "./preflight.js";
export { preflightStep } from "./preflight-step.js";

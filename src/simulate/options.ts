/**
 * Simulation settings: the budget of a simulated training and how its data is drawn. Each can be set in
 * the config file's `simulate` table; the dynamic checks' own settings come from its `checks` table.
 */
export interface SimulationSettings {
  /** Optimizer steps of the simulated training, at most. */
  steps: number;
  /** Wall time of one program's simulation (every model in it, build and training), in seconds. */
  timeLimit: number;
  /** Largest batch: the program's batch size, capped here (large batches cost time and change nothing the checks see). */
  batchSize: number;
  /** Samples of synthetic data generated (fewer for large inputs; see maxInputValues). */
  samples: number;
  /** Largest number of synthetic input values held in memory. */
  maxInputValues: number;
  /** Largest model simulated, in parameters. */
  maxParameters: number;
  /** Tensor statistics every N steps (the loss is recorded every step). */
  samplingInterval: number;
  /** Seed of the twin's initialisers, the synthetic data, the batch order and dropout masks. */
  seed: number;
  /** `wasm` (default; falls back to `cpu` where it cannot start) or `cpu`. */
  backend: "wasm" | "cpu";
  /** Run the preflight (D101–D113) on the untrained twin before its training (default; budgets: the config's `preflight` table). */
  preflight: boolean;
}

export const DEFAULT_SIMULATION_SETTINGS: Readonly<SimulationSettings> = {
  steps: 200,
  timeLimit: 10,
  batchSize: 32,
  samples: 1024,
  maxInputValues: 8_000_000,
  maxParameters: 5_000_000,
  samplingInterval: 5,
  seed: 1,
  backend: "wasm",
  preflight: true,
};

/** A bad `simulate` setting: the key and what it must be. */
export class SimulationSettingsError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`"simulate.${key}" ${problem}`);
    this.name = "SimulationSettingsError";
  }
}

const POSITIVE_INTEGERS = ["steps", "batchSize", "samples", "maxInputValues", "maxParameters", "samplingInterval"] as const;

/** Checks a raw `simulate` table (from a config file or the library options) and overlays it on the defaults. */
export function resolveSimulationSettings(raw: unknown): SimulationSettings {
  const settings: SimulationSettings = { ...DEFAULT_SIMULATION_SETTINGS };
  if (raw === undefined || raw === true) return settings;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new SimulationSettingsError("(table)", "must be an object of settings");
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if ((POSITIVE_INTEGERS as readonly string[]).includes(key)) {
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) throw new SimulationSettingsError(key, "must be a positive integer");
      settings[key as (typeof POSITIVE_INTEGERS)[number]] = value;
    } else if (key === "timeLimit") {
      if (typeof value !== "number" || !(value > 0)) throw new SimulationSettingsError(key, "must be a positive number of seconds");
      settings.timeLimit = value;
    } else if (key === "seed") {
      if (typeof value !== "number" || !Number.isInteger(value)) throw new SimulationSettingsError(key, "must be an integer");
      settings.seed = value;
    } else if (key === "preflight") {
      if (typeof value !== "boolean") throw new SimulationSettingsError(key, "must be true or false");
      settings.preflight = value;
    } else if (key === "backend") {
      if (value !== "wasm" && value !== "cpu") throw new SimulationSettingsError(key, 'must be "wasm" or "cpu"');
      settings.backend = value;
    } else {
      throw new SimulationSettingsError(key, `is not a known setting (known: ${Object.keys(DEFAULT_SIMULATION_SETTINGS).join(", ")})`);
    }
  }
  return settings;
}

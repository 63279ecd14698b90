// Which Python interpreter the Python probe's tests use, and which frameworks it has: NNCHECK_PYTHON, else
// the project's .venv/bin/python when present. Shared by the tests and by `npm test`'s summary line, which
// says plainly when the Python suites did not run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** { python, source } — python undefined when neither NNCHECK_PYTHON nor .venv/bin/python exists. */
export function resolvePython(env = process.env) {
  if (env.NNCHECK_PYTHON) return { python: env.NNCHECK_PYTHON, source: "NNCHECK_PYTHON" };
  const venv = path.join(root, ".venv", process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
  if (existsSync(venv)) return { python: venv, source: ".venv" };
  return { python: undefined, source: undefined };
}

/** Which of the modules the interpreter can import (found without importing them: fast). */
export function pythonModules(python, names) {
  const run = spawnSync(python, ["-c", "import importlib.util, json, sys; print(json.dumps({n: importlib.util.find_spec(n) is not None for n in sys.argv[1:]}))", ...names], { encoding: "utf8" });
  if (run.status !== 0) return Object.fromEntries(names.map((n) => [n, false]));
  try {
    return JSON.parse(run.stdout);
  } catch {
    return Object.fromEntries(names.map((n) => [n, false]));
  }
}

/** The Python suites that can run: { python, keras, torch, jax, reason } (reason: why some cannot). */
export function pythonSuites(env = process.env) {
  const { python, source } = resolvePython(env);
  if (python === undefined) return { python, source, keras: false, torch: false, jax: false, reason: "no NNCHECK_PYTHON, no .venv/bin/python" };
  const found = pythonModules(python, ["tensorflow", "keras", "torch", "jax", "numpy"]);
  const keras = found.tensorflow && found.keras;
  const torch = found.torch;
  // Keras 3 on its JAX backend (the Keras suite's third backend).
  const jax = found.jax && found.keras;
  const missing = [keras ? undefined : "tensorflow", torch ? undefined : "torch", jax ? undefined : "jax"].filter(Boolean);
  return { python, source, keras, torch, jax, reason: missing.length ? `no ${missing.join(", no ")} in ${python}` : undefined };
}

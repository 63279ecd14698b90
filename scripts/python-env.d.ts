export function resolvePython(env?: NodeJS.ProcessEnv): { python: string | undefined; source: "NNCHECK_PYTHON" | ".venv" | undefined };
export function pythonModules(python: string, names: string[]): Record<string, boolean>;
export function pythonSuites(env?: NodeJS.ProcessEnv): { python: string | undefined; source: string | undefined; keras: boolean; torch: boolean; jax: boolean; reason: string | undefined };

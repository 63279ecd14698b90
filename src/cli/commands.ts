/**
 * The commands of the `nncheck` CLI. Each entry loads its module only when the command runs, so start-up
 * stays fast. To add a command, write `src/cli/<name>.ts` exporting `command: Command` (see io.ts) and add
 * one line here.
 */
import type { Command } from "./io.js";

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<{ command: Command }>;
}

export const commands: CommandEntry[] = [
  { name: "lint", summary: "Check Keras/tf.keras programs for faults, statically", load: () => import("./lint.js") },
  { name: "rules", summary: "List the rules", load: () => import("./rules.js") },
  { name: "watch", summary: "Run a TF.js training script and check its training live", load: () => import("./watch.js") },
  { name: "check-trace", summary: "Re-run the dynamic checks on a saved training telemetry trace", load: () => import("./check-trace.js") },
  { name: "report", summary: "Write an HTML report with plots of a saved training trace", load: () => import("./report.js") },
  { name: "explain", summary: "Explain a rule: what it checks, why it matters, how to fix it", load: () => import("./explain.js") },
];

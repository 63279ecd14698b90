#!/usr/bin/env node
// A closed pipe (`nncheck lint | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
import("../dist/cli/main.js").then((cli) => cli.runCli());

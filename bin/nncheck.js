#!/usr/bin/env node
// The CLI guards its own streams (a closed pipe ends quietly, a full disk is exit 2 with a message).
import("../dist/cli/main.js").then((cli) => cli.runCli());

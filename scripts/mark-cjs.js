#!/usr/bin/env node
// Marks dist/cjs/ as CommonJS: the package is "type": "module", and the `require` build of nncheck/tfjs
// (tsconfig.cjs.json) must be read as CommonJS by Node.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "cjs");
mkdirSync(folder, { recursive: true });
writeFileSync(path.join(folder, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);

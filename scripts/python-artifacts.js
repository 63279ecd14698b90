// Writes the files the Python probe and other-language probes read, generated from nncheck's TypeScript:
// python/nncheck_probe/vocabulary.json (the canonical vocabulary with Keras and PyTorch names) and
// docs/telemetry.schema.json (the telemetry schema as JSON Schema). Run with `npm run python-artifacts`
// (it builds first); a test fails when either file is out of date.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pythonVocabularyJson } from "../dist/probes/python/vocabulary-export.js";
import { SCHEMA_FILE, telemetryJsonSchemaText } from "./telemetry-schema.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const vocabulary = path.join(root, "python", "nncheck_probe", "vocabulary.json");
writeFileSync(vocabulary, pythonVocabularyJson());
writeFileSync(SCHEMA_FILE, telemetryJsonSchemaText());
console.log(`wrote ${path.relative(root, vocabulary)} and ${path.relative(root, SCHEMA_FILE)}`);

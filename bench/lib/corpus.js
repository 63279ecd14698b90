/**
 * The labelled corpus: listing its programs, reading labels.json, and checking the two agree.
 * Paths inside the corpus are relative to the corpus folder, with forward slashes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** Every .py program under the corpus folder, relative and sorted. */
export function listCorpusPrograms(corpusDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(".py")) found.push(toCorpusPath(corpusDir, full));
    }
  };
  walk(corpusDir);
  return found.sort();
}

export function toCorpusPath(corpusDir, file) {
  return path.relative(corpusDir, file).split(path.sep).join("/");
}

export function readLabels(corpusDir) {
  return JSON.parse(readFileSync(path.join(corpusDir, "labels.json"), "utf8"));
}

/** Whether a labelled program is the fixed (clean) half of a pair. */
export function isFixedProgram(file, label) {
  if (file.endsWith("_fixed.py")) return true;
  if (file.endsWith("_buggy.py")) return false;
  return label.expect.length === 0;
}

/** Problems that make the labels unusable: unlabelled programs, labels without a program, broken pairs. */
export function checkLabels(labels, programs) {
  const problems = [];
  const labelled = new Set(Object.keys(labels));
  const present = new Set(programs);
  for (const file of programs) if (!labelled.has(file)) problems.push(`${file}: no label`);
  for (const file of labelled) if (!present.has(file)) problems.push(`${file}: labelled but missing`);
  for (const [file, label] of Object.entries(labels)) {
    if (!Array.isArray(label.expect)) problems.push(`${file}: "expect" must be a list of codes`);
    else if (isFixedProgram(file, label) && label.expect.length > 0) problems.push(`${file}: a fixed program must expect []`);
    else if (!isFixedProgram(file, label) && label.expect.length === 0) problems.push(`${file}: a buggy program must expect at least one code`);
    const twin = file.endsWith("_buggy.py") ? file.replace(/_buggy\.py$/, "_fixed.py") : file.replace(/_fixed\.py$/, "_buggy.py");
    if (twin !== file && !labelled.has(twin)) problems.push(`${file}: its pair ${twin} is not labelled`);
  }
  return problems;
}

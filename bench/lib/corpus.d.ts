export interface CorpusLabel {
  /** Codes the program must raise (at any severity); [] for a fixed program. */
  expect: string[];
  /** Codes whose condition the program also satisfies: neither required nor counted as unexpected. */
  allow?: string[];
  notes?: string;
}
export type CorpusLabels = Record<string, CorpusLabel>;
export function listCorpusPrograms(corpusDir: string): string[];
export function toCorpusPath(corpusDir: string, file: string): string;
export function readLabels(corpusDir: string): CorpusLabels;
export function isFixedProgram(file: string, label: CorpusLabel): boolean;
export function checkLabels(labels: CorpusLabels, programs: readonly string[]): string[];

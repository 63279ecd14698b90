/**
 * The contract between the lint engine and the front ends. A front end reads one source file and returns
 * the ProgramModel it could extract, plus syntax problems; it never throws on bad input.
 */
import type { ProgramModel } from "../model/program.js";

export interface FrontendOptions {
  /** A model input shape the program does not reveal (without batch dimension), from `--input-shape`. */
  inputShape?: number[];
}

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

/** A name the program uses without importing it, read as its framework's conventional import. */
export interface AssumedImport {
  name: string;
  /** The library path assumed (`keras.layers.Dense`, `tensorflow`). */
  path: string;
}

export interface FrontendResult {
  /** Undefined only when nothing could be extracted at all. */
  program?: ProgramModel;
  /** Syntax errors; when present, the file is reported as not parsed but what was extracted is still checked. */
  syntaxErrors: SyntaxProblem[];
  /** Names used without an import and resolved as their framework's (a pasted snippet). */
  assumedImports?: AssumedImport[];
  /** The analysis stopped before the end of the file (work budget, internal error): the rest was not analysed. */
  partial?: boolean;
}

export type Frontend = (source: string, file: string, options?: FrontendOptions) => Promise<FrontendResult>;

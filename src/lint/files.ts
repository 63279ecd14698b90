/**
 * Input files: walking the paths the user named, and reading each file defensively. Bad input never
 * aborts a run; every problem becomes a message attached to the path it concerns.
 */
import { readFileSync, statSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** Files above this size are skipped: no real model definition is this large. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export const PYTHON_EXTENSIONS: readonly string[] = [".py"];
/** Front end not yet available: named explicitly, such a file gets a clear message. */
export const TFJS_EXTENSIONS: readonly string[] = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".jsx", ".tsx"];

/** Whether a file is a TF.js (JavaScript/TypeScript) program, by its extension. */
export function isTfjsFile(file: string): boolean {
  return TFJS_EXTENSIONS.includes(extensionOf(file));
}

/** The problem of a TF.js file, named explicitly or given in memory: there is no front end for it yet. */
export function unsupportedTfjsProblem(file: string): FileProblem {
  return { path: file, kind: "unsupported", message: "No front end for TF.js (JavaScript/TypeScript) yet: file not linted" };
}

export type FileProblemKind = "missing" | "unreadable" | "binary" | "encoding" | "too-large" | "unsupported";

export interface FileProblem {
  path: string;
  kind: FileProblemKind;
  message: string;
}

export interface CollectedFiles {
  /** Files to lint, as paths the user would recognise (the named path joined with the walked part). */
  files: string[];
  /** Paths that could not be walked or are not lintable. */
  problems: FileProblem[];
}

export interface CollectOptions {
  /** Base for relative paths (default: process.cwd()). */
  cwd?: string;
  /** Globs of paths to skip while walking (matched against the path relative to cwd, and against each name). */
  exclude?: readonly string[];
  /** The directory exclude globs are relative to (the config file's directory; default: cwd). */
  excludeBase?: string;
}

/**
 * Compiles a glob to a RegExp: `*` (not across `/`), `**` (any depth), `?`, `[...]` classes and `{a,b}`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        re += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
      } else re += "[^/]*";
    } else if (ch === "?") re += "[^/]";
    else if (ch === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close === -1) re += "\\[";
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = close;
      }
    } else if (ch === "{") {
      const close = glob.indexOf("}", i + 1);
      if (close === -1) re += "\\{";
      else {
        const alternatives = glob.slice(i + 1, close).split(",").map((a) => globToRegExp(a).source.slice(1, -1));
        re += `(?:${alternatives.join("|")})`;
        i = close;
      }
    } else re += ch.replace(/[.+^$()|\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/** A matcher for exclude globs. A glob without `/` matches any single path component (like .gitignore). */
export function createExcludeMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const compiled = globs.map((glob) => {
    const trimmed = glob.replace(/^\.\//, "").replace(/\/+$/, "");
    return { anyComponent: !trimmed.includes("/"), re: globToRegExp(trimmed) };
  });
  return (relativePath) => {
    const normal = relativePath.split(path.sep).join("/");
    const parts = normal.split("/");
    return compiled.some(({ anyComponent, re }) =>
      anyComponent ? parts.some((part) => re.test(part)) : re.test(normal) || prefixesOf(parts).some((p) => re.test(p)),
    );
  };
}

function prefixesOf(parts: string[]): string[] {
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", "__pycache__", "site-packages"]);

async function isVirtualenv(dir: string): Promise<boolean> {
  try {
    await stat(path.join(dir, "pyvenv.cfg"));
    return true;
  } catch {
    return false;
  }
}

/** Directories never worth walking: hidden ones, dependencies, caches and virtualenvs. */
async function isSkippedDirectory(dir: string, name: string): Promise<boolean> {
  if (name.startsWith(".") || SKIPPED_DIRECTORIES.has(name)) return true;
  // `venv`/`env` by name only when they really are virtualenvs: a package may be called `env`.
  return isVirtualenv(dir);
}

function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

function describeFsError(error: unknown): { kind: FileProblemKind; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", message: "No such file or directory" };
  if (code === "EACCES" || code === "EPERM") return { kind: "unreadable", message: "Permission denied: cannot read this path" };
  return { kind: "unreadable", message: `Cannot read this path: ${error instanceof Error ? error.message : String(error)}` };
}

/** Expands files and directories into the list of files to lint, in a stable (sorted) order. */
export async function collectFiles(paths: readonly string[], options: CollectOptions = {}): Promise<CollectedFiles> {
  const cwd = options.cwd ?? process.cwd();
  const isExcluded = createExcludeMatcher(options.exclude ?? []);
  const excludeBase = options.excludeBase ?? cwd;
  const files: string[] = [];
  const problems: FileProblem[] = [];
  const seen = new Set<string>();
  const add = (display: string): void => {
    const key = path.resolve(cwd, display);
    if (seen.has(key)) return;
    seen.add(key);
    files.push(display);
  };

  const walk = async (display: string): Promise<void> => {
    const absolute = path.resolve(cwd, display);
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: display, ...describeFsError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(display, entry.name);
      if (isExcluded(path.relative(excludeBase, path.resolve(cwd, child)))) continue;
      if (entry.isDirectory()) {
        if (!(await isSkippedDirectory(path.join(absolute, entry.name), entry.name))) await walk(child);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && PYTHON_EXTENSIONS.includes(extensionOf(entry.name))) {
        add(child);
      }
    }
  };

  for (const named of paths) {
    let info;
    try {
      info = await stat(path.resolve(cwd, named));
    } catch (error) {
      problems.push({ path: named, ...describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) {
      await walk(named === "" ? "." : named);
    } else if (isTfjsFile(named)) {
      problems.push(unsupportedTfjsProblem(named));
    } else {
      // A file named explicitly is linted whatever its extension or the exclude globs say: the user asked.
      add(path.normalize(named));
    }
  }
  return { files, problems };
}

export type ReadResult = { ok: true; source: string } | { ok: false; problem: FileProblem };

/** Reads a file as UTF-8 text, refusing huge, binary and non-UTF-8 files with a clear message. */
export async function readSourceFile(file: string, cwd: string = process.cwd()): Promise<ReadResult> {
  const absolute = path.resolve(cwd, file);
  const fail = (kind: FileProblemKind, message: string): ReadResult => ({ ok: false, problem: { path: file, kind, message } });
  let bytes: Buffer;
  try {
    // Synchronous on purpose: source files are small, and a thread-pool round trip per file costs more
    // than the read itself (measured: most of a 60-file run was spent waiting on async stat/read).
    const info = statSync(absolute);
    if (info.size > MAX_FILE_BYTES) {
      return fail("too-large", `Skipped: file is ${(info.size / 1024 / 1024).toFixed(1)} MB, above the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`);
    }
    bytes = readFileSync(absolute);
  } catch (error) {
    const { kind, message } = describeFsError(error);
    return fail(kind, message);
  }
  return decodeSource(bytes, file);
}

/**
 * Decodes file bytes as source: UTF-8 (BOM removed), or the encoding a Python file declares in its first two
 * lines (PEP 263: `# -*- coding: latin-1 -*-`). Binary or undecodable bytes are a problem, not a crash.
 */
export function decodeSource(bytes: Uint8Array, file: string): ReadResult {
  if (bytes.includes(0)) {
    return { ok: false, problem: { path: file, kind: "binary", message: "Binary file (contains NUL bytes): not linted" } };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const declared = hasBom ? undefined : declaredEncoding(bytes);
  const encoding = declared === undefined ? "utf-8" : declared.label;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
  } catch {
    return { ok: false, problem: { path: file, kind: "encoding", message: `File declares the encoding "${declared?.written}", which is not supported: not linted` } };
  }
  try {
    return { ok: true, source: decoder.decode(bytes) };
  } catch {
    const message = declared === undefined ? "File is not valid UTF-8: not linted" : `File is not valid ${declared.written} (its declared encoding): not linted`;
    return { ok: false, problem: { path: file, kind: "encoding", message } };
  }
}

/** Python's spellings of encodings whose WHATWG label differs (`latin-1`, `latin_1`, `cp1252`, `utf8`...). */
const ENCODING_LABELS: Record<string, string> = {
  "latin-1": "iso-8859-1",
  latin_1: "iso-8859-1",
  latin1: "iso-8859-1",
  l1: "iso-8859-1",
  "iso-latin-1": "iso-8859-1",
  utf8: "utf-8",
  utf_8: "utf-8",
  "utf-8-sig": "utf-8",
  cp1252: "windows-1252",
  cp1251: "windows-1251",
  ascii: "utf-8",
  "us-ascii": "utf-8",
};

/**
 * The encoding declared by a PEP 263 comment on line 1 or 2 (line 2 only after a comment or blank line 1):
 * `coding[:=]\s*name`. The declaration is ASCII, so it is read from the raw bytes.
 */
function declaredEncoding(bytes: Uint8Array): { written: string; label: string } | undefined {
  const head = Array.from(bytes.subarray(0, 400), (b) => (b < 0x80 ? String.fromCharCode(b) : "?")).join("");
  const [first = "", second = ""] = head.split(/\r\n|\r|\n/);
  const pattern = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
  const match = pattern.exec(first) ?? (/^[ \t\f]*(#.*)?$/.test(first) ? pattern.exec(second) : null);
  if (!match) return undefined;
  const written = match[1]!;
  const normal = written.toLowerCase();
  return { written, label: ENCODING_LABELS[normal] ?? ENCODING_LABELS[normal.replace(/_/g, "-")] ?? normal.replace(/_/g, "-") };
}

/**
 * Input files: walking the paths the user named, and reading each file defensively. Bad input never
 * aborts a run; every problem becomes a message attached to the path it concerns.
 *
 * The walk looks at entries with lstat (dirent types) and lints regular files only: FIFOs, sockets and
 * devices are reported and never opened; symbolic links are resolved with stat (which opens nothing)
 * and linted only when they lead to a regular file inside the folder being walked; directory links are
 * not followed (the folder they point into is walked under its own name, or lies outside). Reading
 * stops at a byte cap whatever the file claims its size is.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync, type Stats } from "node:fs";
import { lstat, readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { createExcludeMatcher } from "./globs.js";

export { createExcludeMatcher, globToRegExp, GlobError } from "./globs.js";

/** Files above this size are skipped: no real model definition is this large. Enforced while reading. */
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

/**
 * `special`: not a regular file (FIFO, socket, device); `link`: a symbolic link that is broken, loops, or
 * leads out of the folder being linted. Both are skipped with a notice, like `too-large` and `unsupported`.
 */
export type FileProblemKind = "missing" | "unreadable" | "binary" | "encoding" | "too-large" | "unsupported" | "special" | "link";

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

const SKIPPED_DIRECTORIES = new Set(["node_modules", "__pycache__", "site-packages"]);

async function isVirtualenv(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, "pyvenv.cfg"))).isFile();
  } catch {
    return false;
  }
}

/** Names of directories never worth walking: hidden ones, dependencies and caches. */
function isSkippedDirectoryName(name: string): boolean {
  return name.startsWith(".") || SKIPPED_DIRECTORIES.has(name);
}

/** Directories never worth walking: hidden ones, dependencies, caches and virtualenvs. */
async function isSkippedDirectory(dir: string, name: string): Promise<boolean> {
  // `venv`/`env` by name only when they really are virtualenvs: a package may be called `env`.
  return isSkippedDirectoryName(name) || isVirtualenv(dir);
}

function extensionOf(file: string): string {
  return path.extname(file).toLowerCase();
}

function isPythonName(name: string): boolean {
  return PYTHON_EXTENSIONS.includes(extensionOf(name));
}

function describeFsError(error: unknown): { kind: FileProblemKind; message: string } {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing", message: "No such file or directory" };
  if (code === "EACCES" || code === "EPERM") return { kind: "unreadable", message: "Permission denied: cannot read this path" };
  if (code === "ELOOP") return { kind: "link", message: "Symbolic link loop: not linted" };
  if (code === "EISDIR") return { kind: "unreadable", message: "Is a directory: cannot read it as a file" };
  return { kind: "unreadable", message: `Cannot read this path: ${error instanceof Error ? error.message : String(error)}` };
}

/** What a non-regular, non-directory file is, for messages. */
export function specialFileType(info: Pick<Stats, "isFIFO" | "isSocket" | "isCharacterDevice" | "isBlockDevice">): string {
  if (info.isFIFO()) return "a FIFO";
  if (info.isSocket()) return "a socket";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  return "not a regular file";
}

function specialProblem(display: string, info: Stats, throughLink: boolean): FileProblem {
  const what = specialFileType(info);
  const message = throughLink ? `Symbolic link to ${what}: not linted (only regular files are read)` : `Not a regular file (${what}): not linted`;
  return { path: display, kind: "special", message };
}

function isInside(real: string, root: string): boolean {
  return real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** A file name as text, or undefined when its bytes are not valid UTF-8 (the decoded name would name another file). */
function decodeName(raw: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    return undefined;
  }
}

/** Expands files and directories into the list of files to lint, in a stable (sorted) order. */
export async function collectFiles(paths: readonly string[], options: CollectOptions = {}): Promise<CollectedFiles> {
  const cwd = options.cwd ?? process.cwd();
  const isExcluded = createExcludeMatcher(options.exclude ?? [], path.sep);
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

  /** A symbolic link met while walking `root` (a real path): followed only to a regular file inside it. */
  const walkLink = async (child: string, absolute: string, name: string, root: string, rootShown: string): Promise<void> => {
    let target: Stats;
    let real: string;
    try {
      target = await stat(absolute);
      real = await realpath(absolute);
    } catch (error) {
      if (!isPythonName(name)) return;
      const { kind, message } = describeFsError(error);
      problems.push(
        kind === "missing"
          ? { path: child, kind: "link", message: "Broken symbolic link (its target does not exist): not linted" }
          : { path: child, kind, message },
      );
      return;
    }
    const inside = isInside(real, root);
    if (target.isDirectory()) {
      // Not followed: a folder inside the tree is walked under its own name; one above the link would loop.
      if (isSkippedDirectoryName(name)) return;
      if (!inside) problems.push({ path: child, kind: "link", message: `Symbolic link to a folder outside ${rootShown}: not followed` });
      else if (isInside(await realpath(path.dirname(absolute)), real)) {
        problems.push({ path: child, kind: "link", message: "Symbolic link to one of its parent folders (a loop): not followed" });
      }
      return;
    }
    if (!isPythonName(name)) return;
    if (!target.isFile()) problems.push(specialProblem(child, target, true));
    else if (!inside) problems.push({ path: child, kind: "link", message: `Symbolic link to a file outside ${rootShown}: not linted` });
    else add(child);
  };

  const walk = async (display: string, root: string, rootShown: string): Promise<void> => {
    const absolute = path.resolve(cwd, display);
    let entries;
    try {
      entries = await readdir(absolute, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      problems.push({ path: display, ...describeFsError(error) });
      return;
    }
    const named = entries.map((entry) => ({ entry, name: decodeName(entry.name) }));
    const key = (n: { entry: { name: Buffer } }): string => n.entry.name.toString("latin1");
    named.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const { entry, name: decoded } of named) {
      if (decoded === undefined) {
        const shown = path.join(display, entry.name.toString("utf8"));
        if (entry.isDirectory() || isPythonName(shown)) {
          problems.push({ path: shown, kind: "unsupported", message: "Name is not valid UTF-8: not linted" });
        }
        continue;
      }
      const name = decoded;
      const child = path.join(display, name);
      if (isExcluded(path.relative(excludeBase, path.resolve(cwd, child)))) continue;
      const childAbsolute = path.join(absolute, name);
      if (entry.isDirectory()) {
        if (!(await isSkippedDirectory(childAbsolute, name))) await walk(child, root, rootShown);
      } else if (entry.isSymbolicLink()) {
        await walkLink(child, childAbsolute, name, root, rootShown);
      } else if (isPythonName(name)) {
        if (entry.isFile()) add(child);
        else problems.push({ path: child, kind: "special", message: `Not a regular file (${specialFileType(entry)}): not linted` });
      }
    }
  };

  for (const named of paths) {
    const shown = named === "" ? "." : named;
    const absolute = path.resolve(cwd, shown);
    let info: Stats;
    try {
      info = await lstat(absolute);
      if (info.isSymbolicLink()) info = await stat(absolute);
    } catch (error) {
      const problem = describeFsError(error);
      // A path named on the command line that cannot be reached is a usage error, link or not.
      const broken = (error as NodeJS.ErrnoException).code === "ENOENT" && (await isLink(absolute));
      problems.push(
        broken
          ? { path: shown, kind: "missing", message: "Broken symbolic link (its target does not exist)" }
          : { path: shown, kind: problem.kind === "link" ? "missing" : problem.kind, message: problem.message },
      );
      continue;
    }
    if (info.isDirectory()) {
      let root = absolute;
      try {
        root = await realpath(absolute);
      } catch {
        // The walk below reports the folder it cannot read.
      }
      await walk(shown, root, shown);
    } else if (!info.isFile()) {
      // Named explicitly or not, a FIFO or a device is never opened: reading one hangs or never ends.
      problems.push(specialProblem(shown, info, false));
    } else if (isTfjsFile(named)) {
      problems.push(unsupportedTfjsProblem(named));
    } else {
      // A file named explicitly is linted whatever its extension or the exclude globs say: the user asked.
      add(path.normalize(named));
    }
  }
  return { files, problems };
}

async function isLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

export type ReadResult = { ok: true; source: string } | { ok: false; problem: FileProblem };

/** O_NONBLOCK: should a FIFO take the place of a checked file between stat and open, open still returns at once. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Reads at most `cap` bytes of an open file; undefined when it holds more. The size stat gave is only a
 * hint: a file may grow while it is read, and some files report a size of 0.
 */
function readCapped(fd: number, cap: number, sizeHint: number): Buffer | undefined {
  let buffer = Buffer.allocUnsafe(Math.min(Math.max(sizeHint, 0), cap) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > cap) return undefined;
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, cap + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
    if (length > cap) return undefined;
  }
}

export type CappedRead =
  | { ok: true; bytes: Buffer }
  | { ok: false; kind: FileProblemKind; message: string; size?: number; directory?: true };

/**
 * Reads a regular file, at most `cap` bytes. Never opens anything else (a FIFO or a device is refused
 * from its stat, which opens nothing), and never trusts the size stat reports: a file that holds more
 * than `cap` bytes is refused once `cap + 1` bytes were read.
 */
export function readRegularFile(absolute: string, cap: number): CappedRead {
  try {
    const info = statSync(absolute);
    if (info.isDirectory()) return { ok: false, kind: "unreadable", message: "Is a directory: cannot read it as a file", directory: true };
    if (!info.isFile()) return { ok: false, kind: "special", message: `Not a regular file (${specialFileType(info)}): not read` };
    if (info.size > cap) return { ok: false, kind: "too-large", message: `larger than the limit`, size: info.size };
    const fd = openSync(absolute, OPEN_FLAGS);
    try {
      const opened = fstatSync(fd);
      if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev) {
        return { ok: false, kind: "special", message: "The file was replaced while being read: not read" };
      }
      const bytes = readCapped(fd, cap, opened.size);
      return bytes === undefined ? { ok: false, kind: "too-large", message: "larger than the limit" } : { ok: true, bytes };
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return { ok: false, ...describeFsError(error) };
  }
}

/**
 * Reads a file as UTF-8 text, refusing special files, huge, binary and non-UTF-8 files with a clear
 * message. Never opens anything but a regular file, and never reads more than MAX_FILE_BYTES + 1 bytes.
 */
export async function readSourceFile(file: string, cwd: string = process.cwd()): Promise<ReadResult> {
  // Synchronous on purpose: source files are small, and a thread-pool round trip per file costs more
  // than the read itself (measured: most of a 60-file run was spent waiting on async stat/read).
  const read = readRegularFile(path.resolve(cwd, file), MAX_FILE_BYTES);
  if (read.ok) return decodeSource(read.bytes, file);
  const limit = `${MAX_FILE_BYTES / 1024 / 1024} MB`;
  const message =
    read.kind !== "too-large"
      ? read.message.replace(/: not read$/, ": not linted")
      : read.size !== undefined
        ? `Skipped: file is ${megabytes(read.size)}, above the ${limit} limit`
        : `Skipped: file holds more than the ${limit} limit (reading stopped there)`;
  return { ok: false, problem: { path: file, kind: read.kind, message } };
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

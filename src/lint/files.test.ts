import { execFileSync } from "node:child_process";
import { truncateSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectFiles, decodeSource, MAX_FILE_BYTES, readRegularFile, readSourceFile } from "./files.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "nncheck-files-"));
  const files: Record<string, string | Buffer> = {
    "train.py": "import keras\n",
    "models/cnn.py": "",
    "models/deep/mlp.py": "x = 1\n",
    "models/notes.txt": "not python",
    "models/app.js": "// js",
    "node_modules/pkg/setup.py": "",
    ".hidden/secret.py": "",
    "__pycache__/cached.py": "",
    "venv/pyvenv.cfg": "home = /usr",
    "venv/lib/site.py": "",
    "env/config.py": "",
    "lib/site-packages/dep.py": "",
    "build/generated.py": "",
    "models/test_cnn.py": "",
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("collectFiles", () => {
  it("walks directories for .py files, skipping dependencies, caches, virtualenvs and hidden folders", async () => {
    const { files, problems } = await collectFiles(["."], { cwd: root });
    expect(files).toEqual([
      "build/generated.py",
      "env/config.py",
      "models/cnn.py",
      "models/deep/mlp.py",
      "models/test_cnn.py",
      "train.py",
    ]);
    expect(problems).toEqual([]);
  });
  it("keeps the path as the user named it", async () => {
    const { files } = await collectFiles(["models/deep", "./train.py"], { cwd: root });
    expect(files).toEqual(["models/deep/mlp.py", "train.py"]);
  });
  it("applies exclude globs by path and by name", async () => {
    const { files } = await collectFiles(["."], { cwd: root, exclude: ["build/**", "test_*.py", "env"] });
    expect(files).toEqual(["models/cnn.py", "models/deep/mlp.py", "train.py"]);
  });
  it("reports a missing path and still collects the others", async () => {
    const { files, problems } = await collectFiles(["nope.py", "train.py"], { cwd: root });
    expect(files).toEqual(["train.py"]);
    expect(problems).toEqual([{ path: "nope.py", kind: "missing", message: "No such file or directory" }]);
  });
  it("gives an explicitly named JS file a clear 'no TF.js front end yet' problem", async () => {
    const { files, problems } = await collectFiles(["models/app.js"], { cwd: root });
    expect(files).toEqual([]);
    expect(problems[0]).toMatchObject({ kind: "unsupported", message: expect.stringContaining("No front end for TF.js") });
  });
  it("lints an explicitly named file whatever its extension, once", async () => {
    const { files } = await collectFiles(["models/notes.txt", "train.py", "train.py"], { cwd: root });
    expect(files).toEqual(["models/notes.txt", "train.py"]);
  });
});

describe("readSourceFile", () => {
  const write = async (name: string, content: string | Buffer): Promise<string> => {
    await writeFile(path.join(root, name), content);
    return name;
  };
  it("reads UTF-8 text and drops a BOM", async () => {
    const name = await write("bom.py", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("x = 'é'\n")]));
    expect(await readSourceFile(name, root)).toEqual({ ok: true, source: "x = 'é'\n" });
  });
  it("reads an empty file as empty source", async () => {
    expect(await readSourceFile(await write("empty.py", ""), root)).toEqual({ ok: true, source: "" });
  });
  it("refuses binary files", async () => {
    const result = await readSourceFile(await write("blob.py", Buffer.from([0x50, 0x4b, 0x00, 0x01])), root);
    expect(result).toMatchObject({ ok: false, problem: { kind: "binary" } });
  });
  it("refuses non-UTF-8 files", async () => {
    const result = await readSourceFile(await write("latin1.py", Buffer.from([0x78, 0x3d, 0x27, 0xe9, 0x27, 0x0a])), root);
    expect(result).toMatchObject({ ok: false, problem: { kind: "encoding", message: expect.stringContaining("UTF-8") } });
  });
  it("skips huge files with a message", async () => {
    const result = await readSourceFile(await write("huge.py", Buffer.alloc(MAX_FILE_BYTES + 1, 0x20)), root);
    expect(result).toMatchObject({ ok: false, problem: { kind: "too-large", message: expect.stringContaining("2 MB") } });
  });
  it("reports unreadable and missing paths", async () => {
    expect(await readSourceFile("models", root)).toMatchObject({ ok: false, problem: { kind: "unreadable" } });
    expect(await readSourceFile("gone.py", root)).toMatchObject({ ok: false, problem: { kind: "missing" } });
  });
  it("decodes bytes without touching the disk", () => {
    expect(decodeSource(new TextEncoder().encode("a = 1"), "a.py")).toEqual({ ok: true, source: "a = 1" });
  });
});

describe("declared encodings (PEP 263)", () => {
  const latin1 = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
  it("decodes a file in the encoding its first or second line declares", () => {
    expect(decodeSource(latin1("# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n"), "a.py")).toEqual({ ok: true, source: "# -*- coding: latin-1 -*-\nname = 'caf\u00e9'\n" });
    expect(decodeSource(latin1("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\ns = '\u00e9'\n"), "b.py")).toMatchObject({ ok: true, source: expect.stringContaining("s = '\u00e9'") });
    expect(decodeSource(latin1("# coding=cp1252\nx = '\u00e9'\n"), "c.py")).toMatchObject({ ok: true, source: expect.stringContaining("x = '\u00e9'") });
  });
  it("reads the declaration on line 2 only after a comment or blank first line", () => {
    expect(decodeSource(latin1("x = 1\n# coding: latin-1\ns = '\u00e9'\n"), "d.py")).toMatchObject({ ok: false, problem: { kind: "encoding", message: "File is not valid UTF-8: not linted" } });
  });
  it("a declared encoding the bytes do not follow, or one not supported, is a clear problem", () => {
    expect(decodeSource(new Uint8Array([...new TextEncoder().encode("# coding: utf-8\ns = '"), 0xe9, 0x27, 0x0a]), "e.py")).toMatchObject({
      ok: false,
      problem: { kind: "encoding", message: "File is not valid utf-8 (its declared encoding): not linted" },
    });
    expect(decodeSource(latin1("# coding: klingon-8\nx = 1\n"), "f.py")).toMatchObject({
      ok: false,
      problem: { kind: "encoding", message: 'File declares the encoding "klingon-8", which is not supported: not linted' },
    });
  });
  it("a UTF-8 byte order mark wins over a declaration", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("# coding: latin-1\ns = '\u00e9'\n")]);
    expect(decodeSource(bytes, "g.py")).toEqual({ ok: true, source: "# coding: latin-1\ns = '\u00e9'\n" });
  });
});

/**
 * Hostile trees: special files, links that break, loop or leave the folder. Every case must end in a
 * notice for that path (never a hang, an endless read, or a failed run) and the other files still linted.
 */
describe("special files and symbolic links", () => {
  let tree: string;
  let outside: string;
  beforeAll(async () => {
    tree = await mkdtemp(path.join(os.tmpdir(), "nncheck-hostile-"));
    outside = await mkdtemp(path.join(os.tmpdir(), "nncheck-outside-"));
    await writeFile(path.join(outside, "elsewhere.py"), "x = 1\n");
    await mkdir(path.join(tree, "pkg", "sub"), { recursive: true });
    await writeFile(path.join(tree, "ok.py"), "x = 1\n");
    await writeFile(path.join(tree, "pkg", "sub", "inner.py"), "y = 2\n");
    execFileSync("mkfifo", [path.join(tree, "pipe.py")]);
    await symlink("/dev/zero", path.join(tree, "zero.py"));
    await symlink(path.join(tree, "pipe.py"), path.join(tree, "to-pipe.py"));
    await symlink("nowhere.py", path.join(tree, "dangling.py"));
    await symlink("loop-b.py", path.join(tree, "loop-a.py"));
    await symlink("loop-a.py", path.join(tree, "loop-b.py"));
    await symlink("ok.py", path.join(tree, "alias.py"));
    await symlink(path.join(outside, "elsewhere.py"), path.join(tree, "outward.py"));
    await symlink(outside, path.join(tree, "outward-dir"));
    await symlink("..", path.join(tree, "pkg", "sub", "up"));
    await symlink("sub", path.join(tree, "pkg", "sub-alias"));
    await symlink("nowhere", path.join(tree, "dangling-dir"));
    // A name whose bytes are not UTF-8 (b"bad\xff.py"): decoded, it would name another file.
    await writeFile(Buffer.concat([Buffer.from(`${tree}/`), Buffer.from([0x62, 0x61, 0x64, 0xff, 0x2e, 0x70, 0x79])]), "z = 3\n");
  });
  afterAll(async () => {
    await rm(tree, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("lints regular files and in-tree links only, and says why each other entry was skipped", async () => {
    const { files, problems } = await collectFiles(["."], { cwd: tree });
    expect(files).toEqual(["alias.py", "ok.py", "pkg/sub/inner.py"]);
    const byPath = Object.fromEntries(problems.map((p) => [p.path, [p.kind, p.message]]));
    expect(byPath).toEqual({
      "pipe.py": ["special", "Not a regular file (a FIFO): not linted"],
      "zero.py": ["special", "Symbolic link to a character device: not linted (only regular files are read)"],
      "to-pipe.py": ["special", "Symbolic link to a FIFO: not linted (only regular files are read)"],
      "dangling.py": ["link", "Broken symbolic link (its target does not exist): not linted"],
      "loop-a.py": ["link", "Symbolic link loop: not linted"],
      "loop-b.py": ["link", "Symbolic link loop: not linted"],
      "outward.py": ["link", "Symbolic link to a file outside .: not linted"],
      "outward-dir": ["link", "Symbolic link to a folder outside .: not followed"],
      "pkg/sub/up": ["link", "Symbolic link to one of its parent folders (a loop): not followed"],
      "bad\ufffd.py": ["unsupported", "Name is not valid UTF-8: not linted"],
    });
  });

  it("never opens a FIFO or a device named on the command line, and keeps a missing or broken one a usage error", async () => {
    const { files, problems } = await collectFiles(["pipe.py", "zero.py", "/dev/null", "dangling.py", "gone.py", "ok.py"], { cwd: tree });
    expect(files).toEqual(["ok.py"]);
    expect(problems.map((p) => [p.path, p.kind])).toEqual([
      ["pipe.py", "special"],
      ["zero.py", "special"],
      ["/dev/null", "special"],
      ["dangling.py", "missing"],
      ["gone.py", "missing"],
    ]);
    expect(problems[3]!.message).toMatch(/Broken symbolic link/);
  });

  it("refuses to read special files even when asked directly", async () => {
    for (const name of ["pipe.py", "zero.py", "to-pipe.py"]) {
      expect(await readSourceFile(name, tree), name).toMatchObject({ ok: false, problem: { kind: "special" } });
    }
    expect(await readSourceFile("loop-a.py", tree)).toMatchObject({ ok: false, problem: { kind: "link" } });
  });
});

describe("the byte cap", () => {
  it("refuses a huge (sparse) file from its size, without reading it", async () => {
    const file = path.join(root, "sparse.py");
    await writeFile(file, "");
    truncateSync(file, 3 * 1024 * 1024 * 1024);
    const result = await readSourceFile("sparse.py", root);
    expect(result).toMatchObject({ ok: false, problem: { kind: "too-large", message: "Skipped: file is 3072.0 MB, above the 2 MB limit" } });
  });
  it("stops reading at the cap when the size stat gave is wrong (a /proc file reports 0 bytes)", () => {
    const whole = readRegularFile("/proc/self/status", 1 << 20);
    expect(whole.ok && whole.bytes.length).toBeGreaterThan(64);
    expect(readRegularFile("/proc/self/status", 64)).toMatchObject({ ok: false, kind: "too-large" });
  });
  it("reads a file of exactly the cap", () => {
    const file = path.join(root, "exact.bin");
    return writeFile(file, Buffer.alloc(100, 0x41)).then(() => {
      expect(readRegularFile(file, 100)).toMatchObject({ ok: true, bytes: Buffer.alloc(100, 0x41) });
      expect(readRegularFile(file, 99)).toMatchObject({ ok: false, kind: "too-large" });
    });
  });
});

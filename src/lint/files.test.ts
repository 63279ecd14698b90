import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectFiles, createExcludeMatcher, decodeSource, globToRegExp, MAX_FILE_BYTES, readSourceFile } from "./files.js";

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

describe("globs", () => {
  it.each([
    ["*.py", "train.py", true],
    ["*.py", "a/train.py", false],
    ["**/*.py", "a/b/train.py", true],
    ["**/*.py", "train.py", true],
    ["data/**", "data/x/y.py", true],
    ["model?.py", "model1.py", true],
    ["[ab].py", "c.py", false],
    ["{a,b}/*.py", "b/x.py", true],
    ["a.b", "axb", false],
  ])("%s matches %s: %s", (glob, file, expected) => {
    expect(globToRegExp(glob).test(file)).toBe(expected);
  });
  it("matches slash-free globs against any path component", () => {
    const excluded = createExcludeMatcher(["legacy", "*_old.py"]);
    expect(excluded("src/legacy/x.py")).toBe(true);
    expect(excluded("src/model_old.py")).toBe(true);
    expect(excluded("src/model.py")).toBe(false);
  });
});

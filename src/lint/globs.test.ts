import { describe, expect, it } from "vitest";
import { checkGlob, createExcludeMatcher, GlobError, globToRegExp, MAX_GLOB_LENGTH } from "./globs.js";

describe("globToRegExp", () => {
  it.each([
    ["*.py", "train.py", true],
    ["*.py", "a/train.py", false],
    ["**/*.py", "a/b/train.py", true],
    ["**/*.py", "train.py", true],
    ["data/**", "data/x/y.py", true],
    ["model?.py", "model1.py", true],
    ["[ab].py", "c.py", false],
    ["[a-c].py", "b.py", true],
    ["[!a-c].py", "b.py", false],
    ["{a,b}/*.py", "b/x.py", true],
    ["a.b", "axb", false],
    ["a+b(c)|d$.py", "a+b(c)|d$.py", true],
    ["x]y}.py", "x]y}.py", true],
  ])("%s matches %s: %s", (glob, file, expected) => {
    expect(globToRegExp(glob).test(file)).toBe(expected);
  });

  it.each([
    ["[z-a]", /character range z-a is out of order/],
    ["[]x", /empty character class/],
    ["x".repeat(MAX_GLOB_LENGTH + 1), /longer than 4096 characters/],
  ])("refuses %s with a GlobError naming the reason", (glob, reason) => {
    expect(() => checkGlob(glob)).toThrow(GlobError);
    expect(() => checkGlob(glob)).toThrow(reason);
    expect(() => createExcludeMatcher(["ok/**", glob])).toThrow(GlobError);
  });
});

describe("createExcludeMatcher", () => {
  it("matches slash-free globs against any path component", () => {
    const excluded = createExcludeMatcher(["legacy", "*_old.py"]);
    expect(excluded("src/legacy/x.py")).toBe(true);
    expect(excluded("src/model_old.py")).toBe(true);
    expect(excluded("src/model.py")).toBe(false);
  });

  it("matches globs with a slash against the path and its leading folders", () => {
    const excluded = createExcludeMatcher(["build/**", "./gen/out", "docs/*.py", "{a,b}/x.py", "**/tmp_*", "*/deep/**"]);
    expect(excluded("build/x/y.py")).toBe(true);
    expect(excluded("gen/out/z.py")).toBe(true);
    expect(excluded("docs/conf.py")).toBe(true);
    expect(excluded("docs/sub/conf.py")).toBe(false);
    expect(excluded("b/x.py")).toBe(true);
    expect(excluded("c/x.py")).toBe(false);
    expect(excluded("src/tmp_1/k.py")).toBe(true);
    expect(excluded("one/deep/k.py")).toBe(true);
    expect(excluded("src/model.py")).toBe(false);
  });

  it("accepts the platform separator", () => {
    expect(createExcludeMatcher(["build/**"], "\\")("build\\x.py")).toBe(true);
  });

  it("handles a huge list of globs: compiled once, and only a path's candidates are ever tested", () => {
    const globs: string[] = [];
    for (let i = 0; i < 200_000; i++) globs.push(i % 2 === 0 ? `generated/run${i}/**` : `cache${i}`);
    globs.push("*.tmp.py");
    const excluded = createExcludeMatcher(globs);
    expect(excluded("generated/run100000/model.py")).toBe(true);
    expect(excluded("src/cache199999/model.py")).toBe(true);
    expect(excluded("src/cache200000/model.py")).toBe(false);
    expect(excluded("generated/run100001/model.py")).toBe(false);
    expect(excluded("src/x.tmp.py")).toBe(true);
  });
});

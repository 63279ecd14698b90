/**
 * Names and messages a hostile program or trace can carry: newlines that forge a `::error` workflow
 * command, ANSI/OSC escape sequences, C1 controls, bidirectional overrides, backslashes. Text and github
 * output must show them as visible escapes; json and sarif must keep them exact.
 */
import { describe, expect, it, vi } from "vitest";
import { neutralize, neutralizeCommandStart } from "../../src/report/escape.js";
import type { Report } from "../../src/report/finding.js";
import { formatGithub } from "../../src/report/github.js";
import { formatJson } from "../../src/report/json.js";
import { artifactUri, toSarif } from "../../src/report/sarif.js";
import { formatText } from "../../src/report/text.js";

const FORGED_FILE = "evil\n::error file=app.py,line=1::pwned.py";
const OSC_TITLE = "\u001b]0;owned\u0007";
const CSI_C1 = "\u009b31m";
const LAYER = `dense\r\n::warning::${OSC_TITLE}`;
const MESSAGE = `loss is ${CSI_C1}red\u001b[2J\u202egnp.exe\nsecond line`;

function hostileReport(): Report {
  const source = `x = 1\nmodel.add(Dense(10, name="\u001b[31mred\u001b[0m"))\n`;
  return {
    tool: "lint",
    files: [
      { path: FORGED_FILE, parsed: true, source },
      { path: "::notice::ghost.py", parsed: false, error: { kind: "special", message: `Not a regular file ${OSC_TITLE}` } },
      { path: "back\\slash.py", parsed: true, source: "" },
    ],
    findings: [
      {
        code: "S201",
        name: "missing-softmax",
        severity: "error",
        message: MESSAGE,
        file: FORGED_FILE,
        line: 2,
        column: 11,
        endLine: 2,
        endColumn: 47,
        layer: { name: LAYER, kind: "dense", index: 0 },
      },
      { code: "D402", name: "dead-units", severity: "warning", message: "units dead", layer: { name: LAYER, kind: "dense", index: 1 }, steps: { first: 1, last: 2, count: 2 } },
      { code: "S701", name: "no-random-seed", severity: "info", message: "no seed", file: "back\\slash.py", line: 1, column: 1 },
    ],
    rules: [],
    summary: { files: 3, filesWithErrors: 1, errors: 1, warnings: 1, infos: 1, durationMs: 1 },
  };
}

/** Control characters other than the line feeds that separate lines (and tabs, which code frames keep). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("neutralize", () => {
  it("makes control characters, escape introducers, line breaks and bidi overrides visible", () => {
    expect(neutralize("a\nb\rc\td")).toBe("a\\nb\\rc\\td");
    expect(neutralize(OSC_TITLE)).toBe("\\x1b]0;owned\\x07");
    expect(neutralize(CSI_C1)).toBe("\\x9b31m");
    expect(neutralize("\u202egnp\u2028")).toBe("\\u202egnp\\u2028");
    expect(neutralize("tab\tkept", true)).toBe("tab\tkept");
    expect(neutralize("plain é 名前 back\\slash")).toBe("plain é 名前 back\\slash");
  });
  it("escapes the colon of a line that would start a workflow command", () => {
    expect(neutralizeCommandStart("::error::x")).toBe("\\x3a:error::x");
    expect(neutralizeCommandStart("  ::error::x")).toBe("  \\x3a:error::x");
    expect(neutralizeCommandStart("file.py:1:2  a::b")).toBe("file.py:1:2  a::b");
  });
});

describe("text output of hostile names", () => {
  const text = formatText(hostileReport());
  const lines = text.split("\n");
  it("has no control character and no line that is a workflow command", () => {
    for (const line of lines) {
      expect(line, line).not.toMatch(CONTROL);
      expect(line.trimStart().startsWith("::"), line).toBe(false);
    }
  });
  it("shows the names escaped, one finding per line", () => {
    expect(text).toContain("evil\\n::error file=app.py,line=1::pwned.py:2:11  S201 error  missing-softmax  loss is \\x9b31mred\\x1b[2J\\u202egnp.exe\\nsecond line");
    expect(text).toContain("layer dense\\r\\n::warning::\\x1b]0;owned\\x07 (dense)  D402 warning");
    expect(text).toContain("\\x3a:notice::ghost.py  skipped: Not a regular file \\x1b]0;owned\\x07");
    expect(text).toContain("back\\slash.py:1:1  S701 info");
  });
  it("keeps carets under the escaped source text", () => {
    const frame = lines.findIndex((l) => l.startsWith("  2 | "));
    expect(lines[frame]).toBe('  2 | model.add(Dense(10, name="\\x1b[31mred\\x1b[0m"))');
    expect(lines[frame + 1]).toBe(`    | ${" ".repeat(10)}${"^".repeat(37)}`);
  });
});

describe("github output of hostile names", () => {
  const out = formatGithub(hostileReport());
  it("is one workflow command per line, with nothing a log viewer would interpret", () => {
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      expect(line).toMatch(/^::(error|warning|notice) /);
      expect(line).not.toMatch(CONTROL);
    }
    expect(lines[0]).toBe(
      "::error file=evil\\n%3A%3Aerror file=app.py%2Cline=1%3A%3Apwned.py,line=2,col=11,endLine=2,endColumn=47,title=S201 missing-softmax::loss is \\x9b31mred\\x1b[2J\\u202egnp.exe\\nsecond line",
    );
  });
});

describe("json and sarif keep hostile names exact", () => {
  it("json round-trips every string", () => {
    const parsed = JSON.parse(formatJson(hostileReport())) as { files: { path: string }[]; findings: { message: string; file?: string; layer?: { name: string } }[] };
    expect(parsed.files.map((f) => f.path)).toEqual([FORGED_FILE, "::notice::ghost.py", "back\\slash.py"]);
    expect(parsed.findings[0]).toMatchObject({ message: MESSAGE, file: FORGED_FILE, layer: { name: LAYER } });
  });
  it("sarif encodes a backslash in a POSIX name instead of turning it into a folder", () => {
    expect(artifactUri("back\\slash.py", undefined, "/")).toBe("back%5Cslash.py");
    expect(artifactUri("dir\\file.py", undefined, "\\")).toBe("dir/file.py");
    expect(artifactUri("bad\ud800name.py", undefined, "/")).toBe("bad%EF%BF%BDname.py");
    const sarif = JSON.parse(JSON.stringify(toSarif(hostileReport()))) as {
      runs: { results: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const [first, , third] = sarif.runs[0]!.results;
    expect(first!.message.text).toBe(MESSAGE);
    expect(decodeURIComponent(first!.locations[0]!.physicalLocation.artifactLocation.uri)).toBe(FORGED_FILE);
    if (process.platform !== "win32") expect(third!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("back%5Cslash.py");
  });
});

describe("text reporter cost", () => {
  it("splits each source once, however many findings point into it", () => {
    const source = Array.from({ length: 3000 }, (_, i) => `layer_${i} = Dense(${i})`).join("\n");
    const report: Report = {
      tool: "lint",
      files: [{ path: "big.py", parsed: true, source }],
      findings: Array.from({ length: 3000 }, (_, i) => ({ code: "S1", name: "n", severity: "warning" as const, message: "m", file: "big.py", line: i + 1, column: 1 })),
      rules: [],
      summary: { files: 1, filesWithErrors: 0, errors: 0, warnings: 3000, infos: 0, durationMs: 1 },
    };
    const split = vi.spyOn(String.prototype, "split");
    try {
      const text = formatText(report);
      expect(text).toContain("  3000 | layer_2999 = Dense(2999)");
      const splitsOfSource = split.mock.contexts.filter((context) => String(context) === source).length;
      expect(splitsOfSource).toBe(1);
    } finally {
      split.mockRestore();
    }
  });
});

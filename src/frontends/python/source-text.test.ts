import { describe, expect, test } from "vitest";
import { getPythonParser, parsePython } from "./parser.js";
import { commentRanges, parseableText } from "./source-text.js";
import type { SyntaxNode } from "./syntax.js";

/** The text of each comment range. */
function comments(source: string): string[] {
  return commentRanges(source).map(([start, end]) => source.slice(start, end));
}

/** Every node type of a copied tree. */
function nodeTypes(root: SyntaxNode): Set<string> {
  const types = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    types.add(node.type);
    for (const child of node.children) stack.push(child);
  }
  return types;
}

describe("comment ranges", () => {
  test.each([
    ["x = 1  # a\n# b\n", ["# a", "# b"]],
    ["s = 'no # here'  # yes\n", ["# yes"]],
    ['s = "a \\" # b" # c\n', ["# c"]],
    ['d = """\n# inside a docstring\n"""  # after\n', ["# after"]],
    ["r = r'\\' # still a string'\n# c\n", ["# c"]],
    ["f = f'{x[\"#\"]}' # c\n", ["# c"]],
    ["f = f\"{x:{w}}#\" # c\n", ["# c"]],
    ["f = f'''{\n  x  # a comment in a field\n}''' # c\n", ["# a comment in a field", "# c"]],
    ["b = rb'#'; u = U'#'  # c\n", ["# c"]],
    ["s = 'unterminated # not a comment either\n# c\n", ["# c"]],
    ["x = 1 # crlf\r\ny = 2\r\n", ["# crlf"]],
    ["x = 1 # cr only\ry = 2\r", ["# cr only"]],
  ])("%j", (source, expected) => {
    expect(comments(source)).toEqual(expected);
  });
});

describe("the text given to the parser", () => {
  test("keeps every offset: comments become spaces, lone carriage returns line feeds", () => {
    const source = "x = 1  # note\ry = '#'\r\nz = 3 # end";
    const text = parseableText(source);
    expect(text).toHaveLength(source.length);
    expect(text).toBe("x = 1        \ny = '#'\r\nz = 3      ");
  });

  test("the parsed tree has no comment nodes, and strings keep their '#'", async () => {
    const { root, problems } = await parsePython("# head\nx = '#'  # tail\n    # indented\ny = 2\n");
    expect(problems).toEqual([]);
    expect(nodeTypes(root).has("comment")).toBe(false);
    expect(root.namedChildren.map((n) => n.text)).toEqual(["x = '#'", "y = 2"]);
  });

  test("CR-only line endings parse as lines (no false syntax error), with the source's rows", async () => {
    const source = "import keras\rm = keras.Sequential()\rif True:\r    m.add(keras.layers.Dense(2))\r";
    const { root, problems } = await parsePython(source);
    expect(problems).toEqual([]);
    expect(root.namedChildren.map((n) => n.startPosition.row)).toEqual([0, 1, 2]);
    // tree-sitter alone reads the whole file as one line and fails.
    const raw = (await getPythonParser()).parse(source)!;
    expect(raw.rootNode.hasError).toBe(true);
    raw.delete();
  });
});

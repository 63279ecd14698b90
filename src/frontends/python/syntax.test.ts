import { describe, expect, test } from "vitest";
import type { Point } from "web-tree-sitter";
import { getPythonParser } from "./parser.js";
import { copyTree, type SyntaxNode } from "./syntax.js";

interface Flat {
  type: string;
  isNamed: boolean;
  start: [number, number, number];
  end: [number, number, number];
}

/** What the copy and tree-sitter's own nodes both offer. */
interface TreeLike {
  type: string;
  isNamed: boolean;
  startIndex: number;
  endIndex: number;
  startPosition: Point;
  endPosition: Point;
  children: (TreeLike | null)[];
}

function flatten(node: TreeLike, out: Flat[] = []): Flat[] {
  out.push({
    type: node.type,
    isNamed: node.isNamed,
    start: [node.startIndex, node.startPosition.row, node.startPosition.column],
    end: [node.endIndex, node.endPosition.row, node.endPosition.column],
  });
  for (const child of node.children) if (child) flatten(child, out);
  return out;
}

describe("copyTree", () => {
  test("keeps every node's type, offsets and positions as tree-sitter has them (non-ASCII text, CRLF, tabs, no final newline)", async () => {
    const source = "s = 'é😀'; x = 1\r\nif x:\n\ty = [1,\n\t     2]  # ü\n\nz = f'{x}' \\\n    + 'a'";
    const parser = await getPythonParser();
    const tree = parser.parse(source)!;
    try {
      const expected = flatten(tree.rootNode);
      const copied = flatten(copyTree(tree, source));
      expect(copied.length).toBeGreaterThan(20);
      expect(copied).toEqual(expected);
    } finally {
      tree.delete();
    }
  });

  test("text and field accessors read the copied source", async () => {
    const source = "model.add(Dense(3, activation='relu'))\n";
    const parser = await getPythonParser();
    const tree = parser.parse(source)!;
    const root = copyTree(tree, source);
    tree.delete();
    const call = root.namedChildren[0]!.namedChildren[0]!;
    expect(call.type).toBe("call");
    expect(call.childForFieldName("function")!.text).toBe("model.add");
    const argument = call.childForFieldName("arguments")!.namedChildren[0]!;
    expect(argument.text).toBe("Dense(3, activation='relu')");
    expect(argument.startPosition).toEqual({ row: 0, column: 10 });
  });
});

/**
 * A plain JavaScript copy of the tree-sitter syntax tree. The interpreter visits nodes many times (loops,
 * function calls); reading them through web-tree-sitter's wasm bindings each time dominated its run time,
 * so the tree is copied once, with the same accessors the interpreter uses. Positions are not copied: they
 * follow from the offsets (tree-sitter counts rows at '\n' and columns in UTF-16 units, as JavaScript does),
 * which saves two of the wasm reads per node.
 */
import type { Point, Tree } from "web-tree-sitter";

export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  private named?: SyntaxNode[];
  private fields?: Map<string, SyntaxNode[]>;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: SourceText,
  ) {}

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return this.source.position(this.startIndex);
  }

  get endPosition(): Point {
    return this.source.position(this.endIndex);
  }

  get namedChildren(): SyntaxNode[] {
    return (this.named ??= this.children.filter((c) => c.isNamed));
  }

  childForFieldName(name: string): SyntaxNode | null {
    return this.fields?.get(name)?.[0] ?? null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.fields?.get(name) ?? [];
  }

  /** Appends a child, under its field name when it has one. */
  add(child: SyntaxNode, field: string | null): void {
    this.children.push(child);
    if (field === null) return;
    this.fields ??= new Map();
    const list = this.fields.get(field);
    if (list) list.push(child);
    else this.fields.set(field, [child]);
  }
}

/** The source of a tree, with its line starts (found when a position is first asked for). */
class SourceText {
  private lineStarts?: number[];

  constructor(readonly text: string) {}

  /** Row and column (0-based, UTF-16 units) of an offset. */
  position(index: number): Point {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { row: low, column: index - starts[low]! };
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** Copies a tree-sitter tree (iteratively: deep nesting must not overflow the stack). */
export function copyTree(tree: Tree, source: string): SyntaxNode {
  const cursor = tree.walk();
  const text = new SourceText(source);
  try {
    const make = (): SyntaxNode => new SyntaxNode(cursor.nodeType, cursor.nodeIsNamed, cursor.startIndex, cursor.endIndex, text);
    const root = make();
    const stack: SyntaxNode[] = [root];
    if (!cursor.gotoFirstChild()) return root;
    for (;;) {
      const node = make();
      stack[stack.length - 1]!.add(node, cursor.currentFieldName);
      if (cursor.gotoFirstChild()) {
        stack.push(node);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}

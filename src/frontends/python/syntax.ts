/**
 * A plain JavaScript copy of the tree-sitter syntax tree. The interpreter visits nodes many times (loops,
 * function calls); reading them through web-tree-sitter's wasm bindings each time dominated its run time,
 * so the tree is copied once, with the same accessors the interpreter uses.
 */
import type { Point, Tree } from "web-tree-sitter";

export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  private named?: SyntaxNode[];
  private fields?: Map<string, SyntaxNode[]>;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    readonly startPosition: Point,
    readonly endPosition: Point,
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: string,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
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

/** Copies a tree-sitter tree (iteratively: deep nesting must not overflow the stack). */
export function copyTree(tree: Tree, source: string): SyntaxNode {
  const cursor = tree.walk();
  try {
    const make = (): SyntaxNode =>
      new SyntaxNode(cursor.nodeType, cursor.nodeIsNamed, cursor.startPosition, cursor.endPosition, cursor.startIndex, cursor.endIndex, source);
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

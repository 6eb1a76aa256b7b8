import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';

export type JsonPath = (string | number)[];

/** `checks[2].type` from ['checks', 2, 'type']. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '');
}

export function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

/** Where the value at `path` starts (the deepest part of the path that exists), for diagnostics. */
export function locate(text: string, path: JsonPath): { line: number; column: number } {
  const root = parseTree(text);
  if (!root) return { line: 0, column: 0 };
  for (let n = path.length; n >= 0; n--) {
    const node: Node | undefined = findNodeAtLocation(root, path.slice(0, n));
    if (node) {
      // Point at the property name when there is one: that is what an author looks for.
      const at = node.parent?.type === 'property' ? node.parent.offset : node.offset;
      return positionOf(text, at);
    }
  }
  return { line: 0, column: 0 };
}

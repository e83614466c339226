/**
 * Undo for what the browser's editing did to an editor that was empty, for the one case no
 * editing command can undo: a trusted-input-only editor (instagram-dm-dom.md §4.3, §10.3) whose
 * DOM took our synthetic insertion while its state did not, and which ignores every synthetic
 * delete. The snapshot keeps the very nodes (not copies), because an editor that tracks its own
 * DOM nodes (Lexical) puts back any node of its own that disappears, and ignores look-alikes.
 */

/** Every node under an (empty) editor, with where it sat. */
export type Snapshot = Array<{ node: Node; parent: Node; next: Node | null }>;

function descendants(doc: Document, root: Node): Node[] {
  const walker = doc.createTreeWalker(root, 0xffffffff /* NodeFilter.SHOW_ALL */);
  const out: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
  return out;
}

export function takeSnapshot(doc: Document, root: Node): Snapshot {
  return descendants(doc, root).map((node) => ({ node, parent: node.parentNode!, next: node.nextSibling }));
}

/**
 * Undoes what the browser's editing did to an editor that was empty: drops every node that was not
 * there, and puts back, in document order, the original nodes it removed (the very same nodes, so
 * an editor that tracks its own DOM nodes, like Lexical, recognises them).
 */
export function restoreSnapshot(doc: Document, root: Node, snapshot: Snapshot): void {
  const original = new Set(snapshot.map((s) => s.node));
  for (const n of descendants(doc, root).reverse()) if (!original.has(n)) n.parentNode?.removeChild(n);
  for (const { node, parent, next } of snapshot) {
    if (node.parentNode === parent) continue;
    if (!(parent === root || root.contains(parent))) continue;
    parent.insertBefore(node, next && next.parentNode === parent ? next : null);
  }
}

// @vitest-environment happy-dom
/**
 * The last-resort undo of src/instagram/editor-snapshot.ts: an empty editor's DOM that the
 * browser's editing changed (text typed over the `<br>`, wrappers added) goes back to exactly the
 * same nodes, so an editor that tracks its own nodes (Lexical) recognises them.
 */
import { describe, expect, it } from 'vitest';
import { restoreSnapshot, takeSnapshot } from '../../../src/instagram/editor-snapshot';

function emptyEditor() {
  const root = document.createElement('div');
  root.setAttribute('contenteditable', 'true');
  const p = document.createElement('p');
  const br = document.createElement('br');
  p.append(br);
  root.append(p);
  return { root, p, br };
}

describe('editor snapshot', () => {
  it('puts back the very nodes the insertion replaced and drops what it added', () => {
    const { root, p, br } = emptyEditor();
    const snapshot = takeSnapshot(document, root);
    // What execCommand('insertText') does to `<p><br></p>`: the text replaces the line break.
    br.replaceWith(document.createTextNode('SDM1ciphertext'));
    root.append(document.createElement('div'));
    restoreSnapshot(document, root, snapshot);
    expect(root.childNodes.length).toBe(1);
    expect(root.firstChild).toBe(p);
    expect(p.firstChild).toBe(br);
    expect(root.textContent).toBe('');
  });

  it('restores nodes moved into a wrapper, in their order', () => {
    const root = document.createElement('div');
    const a = document.createElement('p');
    const b = document.createElement('p');
    root.append(a, b);
    const snapshot = takeSnapshot(document, root);
    const wrapper = document.createElement('div');
    wrapper.append(a, document.createTextNode('x'), b);
    root.append(wrapper);
    restoreSnapshot(document, root, snapshot);
    expect(Array.from(root.childNodes)).toEqual([a, b]);
  });
});

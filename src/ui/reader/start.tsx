/**
 * Starts the reader frame. The page is loaded once per message bubble, many at a time in one
 * renderer, so it is kept to one script (entrypoints/reader-frame-app.tsx, a self-contained
 * bundle) with its styles built in: no module graph, no stylesheet requests.
 */
import { render } from 'preact';
import baseCss from '../base.css?inline';
import framesCss from '../frames/frames.css?inline';
import { ReaderFrame } from './ReaderFrame';

export function startReaderFrame(doc: Document = document): void {
  const style = doc.createElement('style');
  style.textContent = `${baseCss}\n${framesCss}`;
  doc.head.append(style);
  const app = doc.getElementById('app');
  if (app) render(<ReaderFrame />, app);
}

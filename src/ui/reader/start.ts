/**
 * Starts the reader frame. The page is loaded once per message bubble, many at a time in one
 * renderer, so it is kept to one small script (entrypoints/reader-frame-app.ts, a self-contained
 * bundle without Preact or the polyfill) with its styles built in: no module graph, no stylesheet
 * requests.
 */
import baseCss from '../base.css?inline';
import framesCss from '../frames/frames.css?inline';
import { browser } from 'wxt/browser';
import { onChangedNotice } from '../../messaging/changed-notice';
import { mountReader } from './reader-page';

export function startReaderFrame(doc: Document = document): void {
  const style = doc.createElement('style');
  style.textContent = `${baseCss}\n${framesCss}`;
  doc.head.append(style);
  const app = doc.getElementById('app');
  if (app) mountReader(app, doc.defaultView ?? window, (callback) => onChangedNotice(browser.runtime, callback));
}

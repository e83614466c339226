/**
 * Entry of the local instagram.com page bundle: fetch the bootstrap data (viewer, variant, inbox),
 * start the app and expose the main-world control object `window.__mockInstagram`.
 */
import { api } from './api';
import { App } from './app';
import { createControl } from './control';
import type { MockControl } from './control';

declare global {
  interface Window {
    __mockInstagram?: MockControl;
  }
}

async function boot(): Promise<void> {
  const mount = document.querySelector<HTMLElement>('[id^="mount_0_0_"]');
  if (!mount) return;
  const data = await api.bootstrap();
  const app = new App(data, mount);
  app.start();
  Object.defineProperty(window, '__mockInstagram', { value: createControl(app), configurable: false, enumerable: false, writable: false });
}

void boot();

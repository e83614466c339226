/** Background request handlers, grouped by channel. Each receives an already validated request. */
import type { RouterHandlers } from '../messaging/router';
import { EXTENSION_VERSION } from '../version';

export interface HandlerDeps {
  browserName: string;
}

export function createHandlers(deps: HandlerDeps): RouterHandlers {
  return {
    content: {
      hello: () => ({ version: EXTENSION_VERSION }),
    },
    privileged: {
      status: () => ({ version: EXTENSION_VERSION, browser: deps.browserName }),
    },
  };
}

/**
 * A runtime.onMessage listener that answers with a promise, without webextension-polyfill. The
 * content script runs on the browser's own API (wxt.config.ts keeps the polyfill out of it):
 * Firefox and Chrome 144+ accept a returned promise, older MV3 Chrome only `sendResponse` after
 * `return true`, which every supported browser still honours.
 */
export type PromiseListener<S> = (message: unknown, sender: S) => Promise<unknown> | undefined;
export type SendResponseListener<S> = (message: unknown, sender: S, sendResponse: (response?: unknown) => void) => true | undefined;

export function answerWithSendResponse<S>(listener: PromiseListener<S>): SendResponseListener<S> {
  return (message, sender, sendResponse) => {
    const answer = listener(message, sender);
    // Not ours: no answer, so another listener (or nobody) may answer.
    if (answer === undefined) return undefined;
    // A failed handler answers nothing, which the sender treats as no reply (fail closed).
    answer.then(sendResponse, () => sendResponse());
    return true;
  };
}

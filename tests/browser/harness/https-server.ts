/**
 * A local HTTPS server for the browser tests. The certificate is self-signed and generated at test
 * time (nothing is committed); browsers are told to accept it (`--ignore-certificate-errors`,
 * `acceptInsecureCerts`).
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

let cachedCert: Promise<{ key: string; cert: string }> | undefined;

function certificate(): Promise<{ key: string; cert: string }> {
  cachedCert ??= (async () => {
    const pems = await generate([{ name: 'commonName', value: 'www.instagram.com' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 2 * 86_400_000),
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'www.instagram.com' }, { type: 2, value: 'localhost' }] }],
    });
    return { key: pems.private, cert: pems.cert };
  })();
  return cachedCert;
}

/** Listens on 127.0.0.1; `port` 0 picks a free one (Chromium), 443 is what Firefox needs. */
export async function startHttpsServer(handler: Handler, port = 0): Promise<RunningServer> {
  const { key, cert } = await certificate();
  const server: Server = createServer({ key, cert }, (req, res) => {
    Promise.resolve(handler(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

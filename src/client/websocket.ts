/**
 * Opens a WebSocket to the API server (exec, attach, port-forward) with the
 * transport's credentials and TLS. The `ws` library does the framing; this
 * module only turns a refused upgrade into the error kubectl shows: the
 * Status the server answered with, or a note that the server wants SPDY.
 */
import WebSocket from 'ws';
import { KtlError, messageOf } from '../errors.js';
import { toConnectionError } from './net-errors.js';
import { apiErrorFrom, type RequestSpec, type Transport } from './transport.js';

/** RFC 7230 token characters: the subprotocol names ws accepts. */
const SUBPROTOCOL_TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`|a-z~]+$/;

export interface DialedSocket {
  /** paused: call ws.resume() once listening */
  ws: WebSocket;
  /** the subprotocol the server chose */
  protocol: string;
}

/** Raised when the server answers an upgrade with something other than 101 and no Status. */
export class UpgradeFailedError extends KtlError {}

/** The caller's signal aborted the dial before the session opened. */
export class DialAbortedError extends Error {
  constructor() {
    super('the connection was interrupted before it opened');
  }
}

export async function dialWebSocket(
  transport: Transport,
  spec: RequestSpec,
  protocols: string[],
  signal?: AbortSignal,
): Promise<DialedSocket> {
  const t = await transport.upgradeTarget(spec);
  if (signal?.aborted) throw new DialAbortedError();
  const url = new URL(t.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // ws accepts only RFC 7230 tokens as subprotocols; kubectl's tunnelling one
  // (SPDY/3.1+portforward.k8s.io) has a '/'. ws is given stand-in tokens, the
  // request carries the real names, and the server's answer is mapped back.
  const aliases = protocols.map((p, i) => (SUBPROTOCOL_TOKEN.test(p) ? p : `ktl-subprotocol-${i}`));
  const aliased = aliases.some((a, i) => a !== protocols[i]);
  return new Promise<DialedSocket>((resolve, reject) => {
    const ws = new WebSocket(url, aliases, {
      headers: t.headers as Record<string, string>,
      ...(aliased
        ? {
            finishRequest: (req: import('node:http').ClientRequest) => {
              req.setHeader('Sec-WebSocket-Protocol', protocols.join(','));
              req.end();
            },
          }
        : {}),
      ...(t.tls ?? {}),
      agent: t.agent,
      perMessageDeflate: false,
      followRedirects: false,
      handshakeTimeout: transport.config.requestTimeoutMs > 0 ? transport.config.requestTimeoutMs : 30_000,
      // exec output can be large; ws buffers whole messages, the server sends them in 32 KiB pieces
      maxPayload: 64 * 1024 * 1024,
    });
    if (aliased) {
      ws.once('upgrade', (res: import('node:http').IncomingMessage) => {
        const i = protocols.indexOf(String(res.headers['sec-websocket-protocol'] ?? ''));
        if (i >= 0) res.headers['sec-websocket-protocol'] = aliases[i];
      });
    }
    let settled = false;
    // Ctrl-C while the upgrade is still under way: drop the connection, settle at once
    const onAbort = () => {
      if (settled) return;
      settled = true;
      ws.terminate();
      reject(new DialAbortedError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    ws.once('close', () => signal?.removeEventListener('abort', onAbort));
    ws.once('unexpected-response', (req, res) => {
      // the refused upgrade's socket: once its answer is read, it may already be
      // back in the agent's pool, where req.destroy() no longer reaches it and
      // it kept ktl running after the error was printed
      const socket = res.socket;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        settled = true;
        req.destroy();
        socket?.destroy();
        const code = res.statusCode ?? 0;
        const body = Buffer.concat(chunks);
        const contentType = String(res.headers['content-type'] ?? '');
        const err = apiErrorFrom(code, body, 'GET', t.url.toString(), { contentType });
        const text = body.toString('utf8').trim();
        const isStatus = /"kind"\s*:\s*"Status"/.test(text);
        if (!isStatus && (code === 400 || code === 426) && /upgrade|spdy/i.test(text)) {
          reject(
            new UpgradeFailedError(
              `unable to upgrade connection: ${text || res.statusMessage || code} (ktl speaks the WebSocket protocols ${protocols.join(', ')}; this server seems to offer only SPDY)`,
            ),
          );
          return;
        }
        reject(err);
      });
      res.once('error', (e) => reject(toConnectionError(e, t.target)));
    });
    ws.once('open', () => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) return;
      settled = true;
      // hold incoming messages until the caller has its listeners on (it resumes)
      ws.pause();
      resolve({ ws, protocol: protocols[aliases.indexOf(ws.protocol)] ?? ws.protocol });
    });
    ws.once('error', (e) => {
      if (settled) return;
      settled = true;
      const msg = messageOf(e);
      if (/Server sent (no|an invalid) subprotocol/.test(msg)) {
        reject(new UpgradeFailedError(`unable to upgrade connection: the server offered none of ${protocols.join(', ')}`));
        return;
      }
      reject(toConnectionError(e, t.target));
    });
  });
}

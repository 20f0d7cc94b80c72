/**
 * The kubelet's side of port-forward for the fake API server: a SPDY/3.1
 * server over the tunnelling WebSocket (as the API server hands the bytes to
 * the kubelet). Streams arrive in pairs (error, data) per request id; each
 * complete pair goes to the test's handler. Uses ktl's frame codec for the
 * bytes; the real kubelet (kwok) is the e2e tests' business.
 */
import type { WebSocket } from 'ws';
import {
  controlFrame,
  dataFrame,
  decodeHeaderBlock,
  encodeHeaderBlock,
  FLAG_FIN,
  FrameParser,
  HeaderZlib,
  rstStreamFrame,
  RST_CANCEL,
  TYPE_GOAWAY,
  TYPE_PING,
  TYPE_RST_STREAM,
  TYPE_SYN_REPLY,
  TYPE_SYN_STREAM,
  type Frame,
  type Headers,
} from '../../../src/podio/spdy.js';

export interface FakeStream {
  id: number;
  headers: Headers;
  received: Buffer[];
  finished: boolean;
  reset: boolean;
  write(data: Buffer | string): void;
  end(): void;
  cancel(): void;
  onData?: (d: Buffer) => void;
  onEnd?: () => void;
}

export interface ForwardRequest {
  port: number;
  requestId: string;
  data: FakeStream;
  error: FakeStream;
}

export interface SpdyServerLog {
  /** every frame type received, in order (data frames as 'data') */
  frames: string[];
  streams: FakeStream[];
  pings: number[];
  goAway: boolean;
}

const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

/** Serves one tunnelled SPDY session on `ws`; `onForward` gets each complete stream pair. */
export function serveSpdy(ws: WebSocket, onForward: (r: ForwardRequest) => void): SpdyServerLog {
  const log: SpdyServerLog = { frames: [], streams: [], pings: [], goAway: false };
  const parser = new FrameParser();
  const inflate = HeaderZlib.decompressor();
  const deflate = HeaderZlib.compressor();
  const streams = new Map<number, FakeStream>();
  const pairs = new Map<string, Partial<ForwardRequest>>();
  let chain: Promise<unknown> = Promise.resolve();
  const send = (b: Buffer | Promise<Buffer>) => {
    chain = chain.then(async () => ws.send(await b, { binary: true }));
  };

  const makeStream = (id: number, headers: Headers): FakeStream => {
    const s: FakeStream = {
      id,
      headers,
      received: [],
      finished: false,
      reset: false,
      write: (d) => send(dataFrame(id, 0, Buffer.from(d))),
      end: () => send(dataFrame(id, FLAG_FIN, Buffer.alloc(0))),
      cancel: () => send(rstStreamFrame(id, RST_CANCEL)),
    };
    return s;
  };

  const handle = async (f: Frame) => {
    if (!f.control) {
      log.frames.push(f.flags & FLAG_FIN ? 'data+fin' : 'data');
      const s = streams.get(f.streamId);
      if (!s) return;
      if (f.data.length) {
        s.received.push(Buffer.from(f.data));
        s.onData?.(Buffer.from(f.data));
      }
      if (f.flags & FLAG_FIN) {
        s.finished = true;
        s.onEnd?.();
      }
      return;
    }
    const p = f.payload;
    switch (f.type) {
      case TYPE_SYN_STREAM: {
        log.frames.push('syn_stream');
        const id = p.readUInt32BE(0) & 0x7fffffff;
        const headers = decodeHeaderBlock(await inflate.process(p.subarray(10)));
        const s = makeStream(id, headers);
        streams.set(id, s);
        log.streams.push(s);
        send(deflate.process(encodeHeaderBlock({})).then((b) => controlFrame(TYPE_SYN_REPLY, 0, Buffer.concat([u32(id), b]))));
        const pair = pairs.get(headers.requestid!) ?? {};
        pairs.set(headers.requestid!, pair);
        if (headers.streamtype === 'error') pair.error = s;
        else pair.data = s;
        if (pair.error && pair.data) onForward({ port: Number(headers.port), requestId: headers.requestid!, data: pair.data, error: pair.error });
        return;
      }
      case TYPE_RST_STREAM: {
        log.frames.push('rst_stream');
        const s = streams.get(p.readUInt32BE(0) & 0x7fffffff);
        if (s) {
          s.reset = true;
          s.onEnd?.();
        }
        return;
      }
      case TYPE_PING:
        log.frames.push('ping');
        log.pings.push(p.readUInt32BE(0));
        return;
      case TYPE_GOAWAY:
        log.frames.push('goaway');
        log.goAway = true;
        return;
      default:
        log.frames.push(`type${f.type}`);
    }
  };

  let incoming: Promise<unknown> = Promise.resolve();
  ws.on('message', (m: Buffer) => {
    const frames = parser.push(Buffer.from(m));
    incoming = incoming.then(async () => {
      for (const f of frames) await handle(f);
    });
  });
  ws.on('close', () => {
    for (const s of streams.values()) s.onEnd?.();
  });
  return log;
}

/** Sends a ping from the server side (even id) */
export function serverPing(ws: WebSocket, id: number): void {
  ws.send(controlFrame(TYPE_PING, 0, u32(id)), { binary: true });
}

/** An echo: what arrives on the data stream goes back; the client's FIN ends it (error stream closed empty). */
export function echo(r: ForwardRequest): void {
  r.data.onData = (d) => r.data.write(d);
  r.data.onEnd = () => {
    r.data.end();
    r.error.end();
  };
}

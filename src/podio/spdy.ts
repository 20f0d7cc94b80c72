/**
 * A SPDY/3.1 session over a byte pipe: what kubectl 1.33 speaks for
 * port-forward, tunnelled through a WebSocket (subprotocol
 * `SPDY/3.1+portforward.k8s.io`: the SPDY bytes travel in binary messages,
 * message boundaries mean nothing). The peer is the kubelet's SPDY server
 * (moby/spdystream), which sends no WINDOW_UPDATE and expects none, so there
 * is no flow control here either: back-pressure comes from the pipe.
 *
 * Frames (SPDY/3 draft, section 2.2): a control frame is 0x8003, a 16-bit
 * type, 8-bit flags and a 24-bit length; a data frame is a 31-bit stream id,
 * 8-bit flags and a 24-bit length. Header blocks are one zlib stream per
 * direction with the spec's dictionary, each block ending on a sync flush.
 */
import { EventEmitter } from 'node:events';
import zlib from 'node:zlib';

/** SPDY/3's header compression dictionary (draft 3, 2.6.10.1); 1423 bytes, adler32 0xe3c6a7c2. */
export const HEADER_DICTIONARY = Buffer.from(
  'AAAAB29wdGlvbnMAAAAEaGVhZAAAAARwb3N0AAAAA3B1dAAAAAZkZWxldGUAAAAFdHJhY2UAAAAGYWNjZXB0AAAADmFjY2VwdC1jaGFyc2V0AAAAD2FjY2VwdC1lbmNvZGluZwAAAA9hY2NlcHQtbGFuZ3VhZ2UAAAANYWNjZXB0LXJhbmdlcwAAAANhZ2UAAAAFYWxsb3cAAAANYXV0aG9yaXphdGlvbgAAAA1jYWNoZS1jb250cm9sAAAACmNvbm5lY3Rpb24AAAAMY29udGVudC1iYXNlAAAAEGNvbnRlbnQtZW5jb2RpbmcAAAAQY29udGVudC1sYW5ndWFnZQAAAA5jb250ZW50LWxlbmd0aAAAABBjb250ZW50LWxvY2F0aW9uAAAAC2NvbnRlbnQtbWQ1AAAADWNvbnRlbnQtcmFuZ2UAAAAMY29udGVudC10eXBlAAAABGRhdGUAAAAEZXRhZwAAAAZleHBlY3QAAAAHZXhwaXJlcwAAAARmcm9tAAAABGhvc3QAAAAIaWYtbWF0Y2gAAAARaWYtbW9kaWZpZWQtc2luY2UAAAANaWYtbm9uZS1tYXRjaAAAAAhpZi1yYW5nZQAAABNpZi11bm1vZGlmaWVkLXNpbmNlAAAADWxhc3QtbW9kaWZpZWQAAAAIbG9jYXRpb24AAAAMbWF4LWZvcndhcmRzAAAABnByYWdtYQAAABJwcm94eS1hdXRoZW50aWNhdGUAAAATcHJveHktYXV0aG9yaXphdGlvbgAAAAVyYW5nZQAAAAdyZWZlcmVyAAAAC3JldHJ5LWFmdGVyAAAABnNlcnZlcgAAAAJ0ZQAAAAd0cmFpbGVyAAAAEXRyYW5zZmVyLWVuY29kaW5nAAAAB3VwZ3JhZGUAAAAKdXNlci1hZ2VudAAAAAR2YXJ5AAAAA3ZpYQAAAAd3YXJuaW5nAAAAEHd3dy1hdXRoZW50aWNhdGUAAAAGbWV0aG9kAAAAA2dldAAAAAZzdGF0dXMAAAAGMjAwIE9LAAAAB3ZlcnNpb24AAAAISFRUUC8xLjEAAAADdXJsAAAABnB1YmxpYwAAAApzZXQtY29va2llAAAACmtlZXAtYWxpdmUAAAAGb3JpZ2luMTAwMTAxMjAxMjAyMjA1MjA2MzAwMzAyMzAzMzA0MzA1MzA2MzA3NDAyNDA1NDA2NDA3NDA4NDA5NDEwNDExNDEyNDEzNDE0NDE1NDE2NDE3NTAyNTA0NTA1MjAzIE5vbi1BdXRob3JpdGF0aXZlIEluZm9ybWF0aW9uMjA0IE5vIENvbnRlbnQzMDEgTW92ZWQgUGVybWFuZW50bHk0MDAgQmFkIFJlcXVlc3Q0MDEgVW5hdXRob3JpemVkNDAzIEZvcmJpZGRlbjQwNCBOb3QgRm91bmQ1MDAgSW50ZXJuYWwgU2VydmVyIEVycm9yNTAxIE5vdCBJbXBsZW1lbnRlZDUwMyBTZXJ2aWNlIFVuYXZhaWxhYmxlSmFuIEZlYiBNYXIgQXByIE1heSBKdW4gSnVsIEF1ZyBTZXB0IE9jdCBOb3YgRGVjIDAwOjAwOjAwIE1vbiwgVHVlLCBXZWQsIFRodSwgRnJpLCBTYXQsIFN1biwgR01UY2h1bmtlZCx0ZXh0L2h0bWwsaW1hZ2UvcG5nLGltYWdlL2pwZyxpbWFnZS9naWYsYXBwbGljYXRpb24veG1sLGFwcGxpY2F0aW9uL3hodG1sK3htbCx0ZXh0L3BsYWluLHRleHQvamF2YXNjcmlwdCxwdWJsaWNwcml2YXRlbWF4LWFnZT1nemlwLGRlZmxhdGUsc2RjaGNoYXJzZXQ9dXRmLThjaGFyc2V0PWlzby04ODU5LTEsdXRmLSwqLGVucT0wLg==',
  'base64',
);

export const TYPE_SYN_STREAM = 1;
export const TYPE_SYN_REPLY = 2;
export const TYPE_RST_STREAM = 3;
export const TYPE_SETTINGS = 4;
export const TYPE_PING = 6;
export const TYPE_GOAWAY = 7;
export const TYPE_HEADERS = 8;
export const TYPE_WINDOW_UPDATE = 9;
export const FLAG_FIN = 0x01;
export const RST_PROTOCOL_ERROR = 1;
export const RST_REFUSED_STREAM = 3;
export const RST_CANCEL = 5;
/** the largest data frame payload this side sends */
const MAX_DATA = 32 * 1024;

export type Headers = Record<string, string>;

export type Frame =
  | { control: false; streamId: number; flags: number; data: Buffer }
  | { control: true; type: number; flags: number; payload: Buffer };

/** Cuts a byte stream into frames. */
export class FrameParser {
  private buf: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const frames: Frame[] = [];
    while (this.buf.length >= 8) {
      const length = this.buf.readUInt32BE(4) & 0xffffff;
      if (this.buf.length < 8 + length) break;
      const flags = this.buf[4]!;
      const body = this.buf.subarray(8, 8 + length);
      if (this.buf[0]! & 0x80) {
        const version = this.buf.readUInt16BE(0) & 0x7fff;
        if (version !== 3) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ control: true, type: this.buf.readUInt16BE(2), flags, payload: body });
      } else {
        frames.push({ control: false, streamId: this.buf.readUInt32BE(0) & 0x7fffffff, flags, data: body });
      }
      this.buf = this.buf.subarray(8 + length);
    }
    return frames;
  }
}

export function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16BE(0x8003, 0);
  head.writeUInt16BE(type, 2);
  head.writeUInt32BE((((flags & 0xff) << 24) >>> 0) + payload.length, 4);
  return Buffer.concat([head, payload]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(streamId & 0x7fffffff, 0);
  head.writeUInt32BE((((flags & 0xff) << 24) >>> 0) + data.length, 4);
  return Buffer.concat([head, data]);
}

const u32 = (...values: number[]) => {
  const b = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, 4 * i));
  return b;
};

export const rstStreamFrame = (streamId: number, status: number) => controlFrame(TYPE_RST_STREAM, 0, u32(streamId, status));
export const pingFrame = (id: number) => controlFrame(TYPE_PING, 0, u32(id));
export const goAwayFrame = (lastGoodStreamId: number, status = 0) => controlFrame(TYPE_GOAWAY, 0, u32(lastGoodStreamId, status));

/** The uncompressed name/value block: a 32-bit count, then 32-bit length-prefixed names and values. */
export function encodeHeaderBlock(headers: Headers): Buffer {
  const parts: Buffer[] = [u32(Object.keys(headers).length)];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name.toLowerCase());
    const v = Buffer.from(value);
    parts.push(u32(n.length), n, u32(v.length), v);
  }
  return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Headers {
  const headers: Headers = {};
  let off = 0;
  const take = () => {
    if (off + 4 > block.length) throw new Error('truncated SPDY header block');
    const len = block.readUInt32BE(off);
    off += 4;
    if (off + len > block.length) throw new Error('truncated SPDY header block');
    const s = block.subarray(off, off + len).toString('utf8');
    off += len;
    return s;
  };
  if (block.length < 4) throw new Error('truncated SPDY header block');
  const count = block.readUInt32BE(0);
  off = 4;
  for (let i = 0; i < count; i++) {
    const name = take();
    headers[name] = take();
  }
  return headers;
}

/**
 * One direction's zlib context (deflate or inflate with the dictionary):
 * each call feeds one header block and returns what a sync flush gives back,
 * in call order.
 */
export class HeaderZlib {
  private queue: Promise<unknown> = Promise.resolve();
  private failed: Error | undefined;

  constructor(private readonly z: zlib.Deflate | zlib.Inflate) {
    z.on('error', (e: Error) => (this.failed = e));
  }

  static compressor(): HeaderZlib {
    return new HeaderZlib(zlib.createDeflate({ dictionary: HEADER_DICTIONARY }));
  }

  static decompressor(): HeaderZlib {
    return new HeaderZlib(zlib.createInflate({ dictionary: HEADER_DICTIONARY }));
  }

  process(input: Buffer): Promise<Buffer> {
    const run = () =>
      new Promise<Buffer>((resolve, reject) => {
        if (this.failed) return reject(this.failed);
        this.z.write(input);
        // the flush's callback runs once the flushed output has been pushed: read it all (paused mode)
        this.z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
          if (this.failed) return reject(this.failed);
          const out: Buffer[] = [];
          // paused mode without an encoding: read() gives Buffers, then null
          const next = (): Buffer | null => {
            const c: unknown = this.z.read();
            return Buffer.isBuffer(c) ? c : null;
          };
          for (let c = next(); c !== null; c = next()) out.push(c);
          resolve(Buffer.concat(out));
        });
      });
    const p = this.queue.then(run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  close(): void {
    this.z.close();
  }
}

/** A pipe carrying the session's bytes (the WebSocket tunnel, or a socket). */
export interface BytePipe {
  /** resolves once the bytes are handed to the OS (back-pressure) */
  send(data: Buffer): Promise<void>;
  pause(): void;
  resume(): void;
  close(): void;
}

/**
 * The ordered output of a session: frames whose header block is still being
 * compressed hold back the frames queued after them.
 */
class FrameQueue {
  private pending = 0;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly pipe: BytePipe) {}

  send(frame: Buffer | Promise<Buffer>): Promise<void> {
    if (this.pending === 0 && Buffer.isBuffer(frame)) return this.pipe.send(frame);
    this.pending++;
    let sent: Promise<void> = Promise.resolve();
    const handed = this.tail
      .then(() => frame)
      .then(
        (b) => {
          sent = this.pipe.send(b);
        },
        () => undefined,
      )
      .finally(() => this.pending--);
    this.tail = handed;
    return handed.then(() => sent);
  }
}

/**
 * One SPDY stream opened by this side. What arrives before a reader is set is
 * kept for it; `ended` resolves on the peer's FIN or reset, or the session's end.
 */
export class SpdyStream {
  /** the peer finished or reset the stream */
  remoteClosed = false;
  /** this side sent FIN or RST */
  localClosed = false;
  reset = false;
  readonly ended: Promise<void>;
  private resolveEnded!: () => void;
  private reader: ((d: Buffer) => void) | undefined;
  private early: Buffer[] = [];

  constructor(
    private readonly session: SpdySession,
    readonly id: number,
    readonly headers: Headers,
  ) {
    this.ended = new Promise((resolve) => (this.resolveEnded = resolve));
  }

  /** Where the peer's data goes (what came before is handed over first). */
  onData(reader: (d: Buffer) => void): void {
    this.reader = reader;
    const early = this.early;
    this.early = [];
    for (const d of early) reader(d);
  }

  /** Sends data (in frames of at most 32 KiB); resolves once handed to the pipe. */
  write(data: Buffer): Promise<void> {
    if (this.localClosed || this.session.closed) return Promise.resolve();
    const sends: Promise<void>[] = [];
    for (let i = 0; i < data.length; i += MAX_DATA) sends.push(this.session.sendFrame(dataFrame(this.id, 0, data.subarray(i, i + MAX_DATA))));
    return Promise.all(sends).then(() => undefined);
  }

  /** Half-closes this side (an empty data frame with FIN), as spdystream's Close. */
  end(): void {
    if (this.localClosed || this.session.closed) return;
    this.localClosed = true;
    void this.session.sendFrame(dataFrame(this.id, FLAG_FIN, Buffer.alloc(0)));
    this.session.maybeForget(this);
  }

  /** Drops the stream both ways (RST_STREAM CANCEL), as spdystream's Reset. */
  cancel(): void {
    if (this.session.closed) return;
    if (!(this.localClosed && this.remoteClosed)) void this.session.sendFrame(rstStreamFrame(this.id, RST_CANCEL));
    this.localClosed = true;
    this.finishRemote();
    this.session.forget(this);
  }

  /** @internal */
  deliver(d: Buffer): void {
    if (this.reader) this.reader(d);
    else this.early.push(d);
  }

  /** @internal */
  finishRemote(): void {
    if (this.remoteClosed) return;
    this.remoteClosed = true;
    this.resolveEnded();
    this.session.maybeForget(this);
  }
}

export class StreamResetError extends Error {}

/**
 * The client side of a SPDY/3.1 session: opens streams (odd ids from 1),
 * answers the peer's pings, sends its own every pingMs, and ends on GOAWAY,
 * a protocol error or the pipe's end ('close').
 */
export class SpdySession extends EventEmitter {
  closed = false;
  private nextId = 1;
  private nextPing = 1;
  private readonly streams = new Map<number, SpdyStream>();
  private readonly replies = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly parser = new FrameParser();
  private readonly compressor = HeaderZlib.compressor();
  private readonly out: FrameQueue;
  private readonly pinger: NodeJS.Timeout | undefined;
  private paused = 0;

  constructor(
    private readonly pipe: BytePipe,
    o: { pingMs?: number } = {},
  ) {
    super();
    this.out = new FrameQueue(pipe);
    if (o.pingMs) {
      this.pinger = setInterval(() => this.ping(), o.pingMs);
      this.pinger.unref();
    }
  }

  /** Feed bytes received from the pipe. */
  receive(chunk: Buffer): void {
    if (this.closed) return;
    let frames: Frame[];
    try {
      frames = this.parser.push(chunk);
    } catch (e) {
      this.shutdown(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    for (const f of frames) this.handle(f);
  }

  /** The pipe has ended. */
  pipeClosed(err?: Error): void {
    this.shutdown(err);
  }

  /** Opens a stream and waits for the peer's SYN_REPLY (a reset or the session's end rejects). */
  async openStream(headers: Headers, timeoutMs = 30_000): Promise<SpdyStream> {
    if (this.closed) throw new Error('the connection is closed');
    const id = this.nextId;
    this.nextId += 2;
    const stream = new SpdyStream(this, id, headers);
    this.streams.set(id, stream);
    const replied = new Promise<void>((resolve, reject) => this.replies.set(id, { resolve, reject }));
    const head = Buffer.alloc(10);
    head.writeUInt32BE(id, 0);
    head.writeUInt32BE(0, 4);
    const block = this.compressor.process(encodeHeaderBlock(headers));
    void this.sendFrame(block.then((b) => controlFrame(TYPE_SYN_STREAM, 0, Buffer.concat([head, b]))));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout waiting for SYN_REPLY')), timeoutMs);
    });
    try {
      await Promise.race([replied, timeout]);
    } finally {
      clearTimeout(timer);
      this.replies.delete(id);
    }
    return stream;
  }

  sendFrame(frame: Buffer | Promise<Buffer>): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.out.send(frame);
  }

  /** Stops reading from the pipe until resumeIncoming (a local reader is slow). */
  pauseIncoming(): void {
    if (this.paused++ === 0) this.pipe.pause();
  }

  resumeIncoming(): void {
    if (this.paused > 0 && --this.paused === 0) this.pipe.resume();
  }

  ping(): void {
    const id = this.nextPing;
    this.nextPing = id >= 0x7ffffffd ? 1 : id + 2;
    void this.sendFrame(pingFrame(id));
  }

  /** Ends the session as spdystream's Close: GOAWAY, then the pipe is closed. */
  close(): void {
    if (this.closed) return;
    void this.out.send(goAwayFrame(0)).finally(() => this.pipe.close());
    this.shutdown();
  }

  /** @internal */
  forget(stream: SpdyStream): void {
    this.streams.delete(stream.id);
  }

  /** @internal */
  maybeForget(stream: SpdyStream): void {
    if (stream.localClosed && stream.remoteClosed) this.streams.delete(stream.id);
  }

  private shutdown(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    if (this.pinger) clearInterval(this.pinger);
    this.compressor.close();
    for (const r of this.replies.values()) r.reject(new Error('the connection was closed'));
    this.replies.clear();
    for (const s of [...this.streams.values()]) s.finishRemote();
    this.streams.clear();
    this.emit('close', err);
  }

  private handle(f: Frame): void {
    if (!f.control) {
      const s = this.streams.get(f.streamId);
      if (!s || s.remoteClosed) return;
      if (f.data.length > 0) s.deliver(Buffer.from(f.data));
      if (f.flags & FLAG_FIN) s.finishRemote();
      return;
    }
    const p = f.payload;
    switch (f.type) {
      case TYPE_SYN_REPLY: {
        if (p.length < 4) return this.shutdown(new Error('invalid SYN_REPLY frame'));
        const id = p.readUInt32BE(0) & 0x7fffffff;
        this.replies.get(id)?.resolve();
        if (f.flags & FLAG_FIN) this.streams.get(id)?.finishRemote();
        return;
      }
      case TYPE_RST_STREAM: {
        if (p.length < 8) return this.shutdown(new Error('invalid RST_STREAM frame'));
        const id = p.readUInt32BE(0) & 0x7fffffff;
        this.replies.get(id)?.reject(new StreamResetError('stream reset'));
        const s = this.streams.get(id);
        if (s) {
          s.reset = true;
          s.localClosed = true;
          s.finishRemote();
          this.forget(s);
        }
        return;
      }
      case TYPE_PING: {
        if (p.length < 4) return;
        // the peer's pings have even ids: echo them; ours (odd) come back as answers
        if ((p.readUInt32BE(0) & 1) === 0) void this.sendFrame(controlFrame(TYPE_PING, 0, Buffer.from(p)));
        return;
      }
      case TYPE_GOAWAY:
        this.pipe.close();
        return this.shutdown();
      case TYPE_SYN_STREAM: {
        // the kubelet opens no streams towards the client: refuse any
        if (p.length >= 4) void this.sendFrame(rstStreamFrame(p.readUInt32BE(0) & 0x7fffffff, RST_REFUSED_STREAM));
        return;
      }
      default:
        // SETTINGS, HEADERS, WINDOW_UPDATE and unknown types: nothing to do (spdystream sends no window updates)
        return;
    }
  }
}

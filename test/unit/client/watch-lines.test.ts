import { describe, expect, test } from '@jest/globals';
import { Readable } from 'node:stream';
import { LineSplitter, withoutManagedFields } from '../../../src/client/watch-lines.js';
import { RestClient, type WatchEvent } from '../../../src/client/rest.js';
import type { StreamResponse, Transport } from '../../../src/client/transport.js';

/** All lines of a text cut into chunks at the given byte offsets. */
function split(bytes: Buffer, cuts: number[]): string[] {
  const s = new LineSplitter();
  const out: string[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(...s.push(bytes.subarray(at, c)));
    at = c;
  }
  const last = s.end();
  if (last !== undefined) out.push(last);
  return out;
}

/** A small deterministic generator (the same cases every run). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 0x100000000;
  };
}

describe('LineSplitter', () => {
  const text = '{"a":"é"}\n{"b":"日本"}\r\n\n{"c":"😀"}\n{"d":1}';
  const bytes = Buffer.from(text, 'utf8');

  test('lines are the same whatever the chunks: every cut, inside characters too', () => {
    const whole = split(bytes, []);
    expect(whole).toEqual(['{"a":"é"}', '{"b":"日本"}', '', '{"c":"😀"}', '{"d":1}']);
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j += 3) expect(split(bytes, [i, j])).toEqual(whole);
    }
    // a byte at a time
    expect(split(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual(whole);
  });

  test('a text ending with its newline leaves nothing at the end; one without leaves its last line', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('x\ny\n'))).toEqual(['x', 'y']);
    expect(s.end()).toBeUndefined();
    expect(s.push(Buffer.from('z'))).toEqual([]);
    expect(s.end()).toBe('z');
    expect(s.end()).toBeUndefined();
  });

  test('a long line over many chunks is one line', () => {
    const long = 'x'.repeat(100_000);
    const cuts = Array.from({ length: 99 }, (_, i) => (i + 1) * 1000);
    expect(split(Buffer.from(`${long}\nend\n`), cuts)).toEqual([long, 'end']);
  });
});

describe('withoutManagedFields', () => {
  const managed = [
    { manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', time: '2026-12-07T04:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {} } } } } },
    { manager: 'weird ] } [ { " \\ \u00e9 \ud83d\ude00', operation: 'Update', fieldsV1: { 'k:{"type":"Ready"}': {}, '"]': { '[': {} } } },
  ];
  const event = (metadata: Record<string, unknown>) => ({
    type: 'MODIFIED',
    object: { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '9' }, columnDefinitions: [], rows: [{ cells: ['p', '1/1'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata } }] },
  });
  const cut = (value: unknown) => JSON.parse(withoutManagedFields(JSON.stringify(value)));
  const dropped = (value: ReturnType<typeof event>) => {
    const copy = structuredClone(value);
    delete (copy.object.rows[0]!.object.metadata as Record<string, unknown>).managedFields;
    return copy;
  };

  test('the member goes, wherever it is among the metadata, and nothing else', () => {
    const cases = [
      { name: 'p', namespace: 'n', resourceVersion: '5', labels: { app: 'x' }, managedFields: managed },
      { managedFields: managed, name: 'p', namespace: 'n' },
      { managedFields: managed },
      { name: 'p', managedFields: [], labels: { a: 'b' } },
    ];
    for (const m of cases) {
      const ev = event(m);
      expect(cut(ev)).toEqual(dropped(ev));
      expect(withoutManagedFields(JSON.stringify(ev)).length).toBeLessThan(JSON.stringify(ev).length);
    }
  });

  test('the words inside a string, or a key of that name holding a string, are left alone', () => {
    // an annotation named managedFields holds a string, not the member
    const annotated = event({ name: 'p', annotations: { managedFields: '["x"]' }, labels: { 'a"managedFields": [': 'v' } });
    expect(withoutManagedFields(JSON.stringify(annotated))).toBe(JSON.stringify(annotated));
    // a string holding the key's text before the member: escaped there, so only the member matches
    const quoted = event({ name: 'p', annotations: { note: '"managedFields":[1]' }, managedFields: managed });
    expect(cut(quoted)).toEqual(dropped(quoted));
    expect(cut(quoted).object.rows[0].object.metadata.annotations).toEqual({ note: '"managedFields":[1]' });
    // a key ending in an escaped quote and the words: the text is kept whole
    const escaped = String.raw`{"x\"managedFields":[1],"managedFields":[2]}`;
    expect(JSON.parse(escaped)).toEqual({ 'x"managedFields': [1], managedFields: [2] });
    expect(withoutManagedFields(escaped)).toBe(escaped);
  });

  test('text cut short or not JSON is returned as it is', () => {
    const whole = JSON.stringify(event({ name: 'p', managedFields: managed }));
    for (let end = 0; end < whole.length; end += 7) {
      const part = whole.slice(0, end);
      const out = withoutManagedFields(part);
      // either unchanged, or the member was whole in it and only it went
      if (out !== part) expect(part.length - out.length).toBe(JSON.stringify({ managedFields: managed }).length - 1);
    }
    expect(withoutManagedFields('"managedFields":[1]')).toBe('"managedFields":[1]');
    expect(withoutManagedFields('not json')).toBe('not json');
  });

  test('random managed fields with quotes, escapes, brackets and non-ASCII text: the parse equals the whole parse without them', () => {
    const rand = rng(17);
    const alphabet = ['a', '"', '\\', '[', ']', '{', '}', ',', ':', 'é', '日', '😀', '\n', '\u0000', ' ', 'managedFields', '"managedFields":['];
    const str = () => Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const value = (depth: number): unknown => {
      const k = Math.floor(rand() * (depth > 3 ? 3 : 6));
      if (k === 0) return str();
      if (k === 1) return Math.floor(rand() * 1000);
      if (k === 2) return rand() < 0.5 ? null : true;
      if (k === 3) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [str(), value(depth + 1)]));
    };
    for (let i = 0; i < 2000; i++) {
      const metadata: Record<string, unknown> = { name: str(), labels: { [str()]: str() } };
      const fields = Array.from({ length: Math.floor(rand() * 3) }, () => ({ manager: str(), fieldsV1: value(0) }));
      const keys = ['name', 'labels'];
      keys.splice(Math.floor(rand() * 3), 0, 'managedFields');
      const ordered = Object.fromEntries(keys.map((k) => [k, k === 'managedFields' ? fields : metadata[k]]));
      const ev = event(ordered);
      expect(cut(ev)).toEqual(dropped(ev));
    }
  });
});

describe('RestClient.watchBatches', () => {
  /** A client whose every stream is the given chunks. */
  const client = (chunks: string[]) => {
    const transport = {
      stream: async (): Promise<StreamResponse> => ({ statusCode: 200, statusText: 'OK', headers: {}, body: Readable.from(chunks.map((c) => Buffer.from(c))), close: () => {} }),
    } as unknown as Transport;
    return new RestClient(transport);
  };
  const ev = (name: string, extra: Record<string, unknown> = {}) => ({ type: 'ADDED', object: { metadata: { name, ...extra } } });
  const line = (v: unknown) => JSON.stringify(v) + '\n';

  test('events ended in one chunk come as one batch; an event over several chunks comes when whole', async () => {
    const a = line(ev('a'));
    const b = line(ev('b'));
    const c = line(ev('c'));
    const batches: string[][] = [];
    for await (const batch of client([a + b, c.slice(0, 5), c.slice(5) + a.slice(0, 3), a.slice(3)]).watchBatches('/api/v1/pods')) {
      batches.push(batch.map((e: WatchEvent) => e.object.metadata!.name!));
    }
    expect(batches).toEqual([['a', 'b'], ['c'], ['a']]);
  });

  test('managed fields are dropped only when asked for; a line that does not parse ends the watch after the events before it', async () => {
    const withFields = ev('a', { managedFields: [{ manager: 'm' }] });
    const names: unknown[] = [];
    for await (const batch of client([line(withFields)]).watchBatches('/p', { dropManagedFields: true })) names.push(...batch.map((e) => e.object.metadata));
    for await (const batch of client([line(withFields)]).watchBatches('/p')) names.push(...batch.map((e) => e.object.metadata));
    expect(names).toEqual([{ name: 'a' }, { name: 'a', managedFields: [{ manager: 'm' }] }]);

    const seen: string[] = [];
    const run = async () => {
      for await (const e of client([line(ev('x')) + '{"type":"ADDED","object":{"metadata":{"managedFields":[1]}\n' + line(ev('y'))]).watch('/p', { dropManagedFields: true })) seen.push(e.object.metadata!.name!);
    };
    await expect(run()).rejects.toThrow('unexpected end of JSON input');
    expect(seen).toEqual(['x']);
  });
});

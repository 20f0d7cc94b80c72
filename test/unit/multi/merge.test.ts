import { describe, expect, test } from '@jest/globals';
import {
  contextErrors,
  contextItems,
  JsonDocuments,
  mergedList,
  mergeOutputs,
  segments,
  StreamMerger,
  type ContextResult,
} from '../../../src/multi/merge.js';
import { captureTables, TABLE_LINE_MARK as M } from '../../../src/printers/table-capture.js';
import { formatRows, formatTabbed, KUBECTL_DESCRIBE_OPTIONS, TabWriter } from '../../../src/printers/tabwriter.js';

const res = (name: string, out: string, code = 0, err = ''): ContextResult => ({ name, out, err, code });
const opts = (names: string[], o: Partial<{ noHeaders: boolean; nameFormat: boolean }> = {}) => ({
  names,
  noHeaders: false,
  nameFormat: false,
  ...o,
});

describe('table capture', () => {
  test('inside captureTables a kubectl table writer passes its lines through unpadded and marked', async () => {
    const out = await captureTables(async () => {
      await Promise.resolve();
      return formatRows([
        ['NAME', 'AGE'],
        ['a', '1s'],
      ]);
    });
    expect(out).toBe(`${M}NAME\tAGE\n${M}a\t1s\n`);
  });

  test('outside it, and for describe-style writers, nothing changes', () => {
    expect(formatRows([['NAME', 'AGE'], ['a', '1s']])).toBe('NAME   AGE\na      1s\n');
    expect(captureTables(() => formatTabbed('Name:\tx\n', KUBECTL_DESCRIBE_OPTIONS))).toBe('Name:  x\n');
  });

  test('a streaming writer emits whole lines and a tail on flush', () => {
    const parts: string[] = [];
    captureTables(() => {
      const w = new TabWriter((s) => parts.push(s));
      w.write('A\tB\nx\t');
      w.write('y\nz');
      w.flush();
    });
    expect(parts.join('')).toBe(`${M}A\tB\n${M}x\ty\n${M}z`);
  });
});

describe('segments', () => {
  test('tables, the blank line between two tables, plain lines', () => {
    expect(segments(`${M}H\tX\n${M}r\t1\n\n${M}H2\n${M}s\ntext\n\nmore\n`)).toEqual([
      { kind: 'table', lines: ['H\tX', 'r\t1'] },
      { kind: 'table', lines: ['H2', 's'] },
      { kind: 'text', line: 'text' },
      { kind: 'text', line: '' },
      { kind: 'text', line: 'more' },
    ]);
  });
});

describe('mergeOutputs', () => {
  test('one header, a CONTEXT column, widths over all contexts', () => {
    const a = res('kind-a', `${M}NAME\tSTATUS\tAGE\n${M}web\tRunning\t5m\n`);
    const b = res('b', `${M}NAME\tSTATUS\tAGE\n${M}a-much-longer-name\tPending\t1s\n${M}db\tRunning\t3h\n`);
    expect(mergeOutputs([a, b], opts(['kind-a', 'b']))).toBe(
      'CONTEXT   NAME                 STATUS    AGE\n' +
        'kind-a    web                  Running   5m\n' +
        'b         a-much-longer-name   Pending   1s\n' +
        'b         db                   Running   3h\n',
    );
  });

  test('a context without rows (or failed) adds nothing; tables of several types stay apart', () => {
    const a = res('a', `${M}NAME\tAGE\n${M}pod/x\t1s\n\n${M}NAME\tTYPE\n${M}service/s\tClusterIP\n`);
    const b = res('b', `${M}NAME\tTYPE\n${M}service/t\tNodePort\n`);
    const c = res('c', '', 1, 'error: boom\n');
    expect(mergeOutputs([a, b, c], opts(['a', 'b', 'c']))).toBe(
      'CONTEXT   NAME    AGE\n' +
        'a         pod/x   1s\n' +
        '\n' +
        'CONTEXT   NAME        TYPE\n' +
        'a         service/s   ClusterIP\n' +
        'b         service/t   NodePort\n',
    );
  });

  test('--no-headers: every line is a row', () => {
    const a = res('a', `${M}x\t1\n`);
    const b = res('bb', `${M}y\t2\n`);
    expect(mergeOutputs([a, b], opts(['a', 'bb'], { noHeaders: true }))).toBe('a     x     1\nbb    y     2\n');
  });

  test('plain lines start with the context name padded as a column; -o name prefixes CONTEXT/', () => {
    expect(mergeOutputs([res('a', 'Client Version: v1\n'), res('long-name', 'yes\n')], opts(['a', 'long-name']))).toBe(
      'a           Client Version: v1\nlong-name   yes\n',
    );
    expect(mergeOutputs([res('a', 'pod/x\npod/y\n'), res('b', 'pod/x\n')], opts(['a', 'b'], { nameFormat: true }))).toBe(
      'a/pod/x\na/pod/y\nb/pod/x\n',
    );
  });
});

describe('contextErrors', () => {
  test('each line names the context; a failed context words every line as an error; klog lines only with -v', () => {
    const err =
      'E1205 10:34:28.658000   21980 memcache.go:265] "Unhandled Error"\n' +
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    expect(contextErrors('ghost', err, true)).toBe(
      'error: context "ghost": The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n',
    );
    expect(contextErrors('ghost', err, true, 6).split('\n')[0]).toBe('context "ghost": E1205 10:34:28.658000   21980 memcache.go:265] "Unhandled Error"');
    expect(contextErrors('a', 'error: the server doesn\'t have a resource type "fooz"\n', true)).toBe(
      'error: context "a": the server doesn\'t have a resource type "fooz"\n',
    );
    expect(contextErrors('a', 'No resources found in default namespace.\nWarning: x is deprecated\n\n', false)).toBe(
      'context "a": No resources found in default namespace.\nWarning: context "a": x is deprecated\n',
    );
  });
});

describe('objects', () => {
  test('List items and single objects carry the context annotation; other documents a context field', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { x: 'y' } } }] };
    expect(contextItems(list, 'a')).toEqual([
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { x: 'y', 'ktl.dev/context': 'a' } } },
    ]);
    expect(contextItems({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' } }, 'b')).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n', annotations: { 'ktl.dev/context': 'b' } } },
    ]);
    expect(contextItems({ clientVersion: { major: '1' } }, 'c')).toEqual([{ context: 'c', clientVersion: { major: '1' } }]);
    expect(list.items[0]!.metadata.annotations).toEqual({ x: 'y' });
    expect(mergedList([1])).toEqual({ apiVersion: 'v1', items: [1], kind: 'List', metadata: { resourceVersion: '' } });
  });

  test('JSON documents split as they arrive, strings with braces included', () => {
    const d = new JsonDocuments();
    expect(d.push('{\n  "a": "}{\\"",\n')).toEqual([]);
    expect(d.push('  "b": [1]\n}\n{"c"')).toEqual([{ a: '}{"', b: [1] }]);
    expect(d.push(':2}\n')).toEqual([{ c: 2 }]);
  });
});

describe('StreamMerger', () => {
  test('the header once, rows as they come, widths that only grow; plain lines prefixed', () => {
    const out: string[] = [];
    const m = new StreamMerger(opts(['a', 'b']), (s) => out.push(s));
    m.push('a', `${M}NAME\tSTATUS\n${M}x\tActive\n`);
    m.push('b', `${M}NAME\tSTATUS\n${M}a-longer-one\tActive\n`);
    m.push('a', `${M}y\tGone\n${M}NAME\tSTATUS\n`);
    m.push('b', 'a log line without end');
    m.end('b');
    expect(out.join('')).toBe(
      'CONTEXT   NAME   STATUS\n' +
        'a         x      Active\n' +
        'b         a-longer-one   Active\n' +
        'a         y              Gone\n' +
        'b   a log line without end\n',
    );
  });
});

/**
 * The library facade (src/lib) without a server: typed errors, durations,
 * format() through get's printers, the quiet Context, and what the library
 * may reach in src/ (never the CLI, Commander or the process streams).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, KtlError } from '../../../src/errors.js';
import {
  AlreadyExistsError,
  ConflictError,
  ForbiddenError,
  GoneError,
  InvalidError,
  NotFoundError,
  ServerTimeoutError,
  typedError,
} from '../../../src/lib/errors.js';
import { parseDuration } from '../../../src/lib/duration.js';
import { libraryContext } from '../../../src/lib/context.js';
import { format } from '../../../src/lib/index.js';

const status = (code: number, reason: string, message = 'm') => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details: { name: 'x', kind: 'pods' } });

describe('typedError', () => {
  test.each([
    [404, 'NotFound', NotFoundError],
    [403, 'Forbidden', ForbiddenError],
    [409, 'AlreadyExists', AlreadyExistsError],
    [409, 'Conflict', ConflictError],
    [422, 'Invalid', InvalidError],
    [410, 'Expired', GoneError],
    [504, 'Timeout', ServerTimeoutError],
    [404, '', NotFoundError],
  ])('%i %s', (code, reason, cls) => {
    const raw = new ApiError(code, status(code, reason), 'GET', '/api/v1/pods/x');
    const t = typedError(raw) as ApiError;
    expect(t).toBeInstanceOf(cls);
    expect(t).toBeInstanceOf(ApiError);
    expect(t.name).toBe(cls.name);
    expect([t.statusCode, t.reason, t.message, t.method, t.url]).toEqual([code, reason, 'm', 'GET', '/api/v1/pods/x']);
    expect(t.status.details).toEqual({ name: 'x', kind: 'pods' });
  });

  test('an unknown status stays an ApiError; other errors pass through; a cause is thrown typed', () => {
    const teapot = new ApiError(418, status(418, 'Teapot'));
    expect(typedError(teapot)).toBe(teapot);
    const plain = new KtlError('nope');
    expect(typedError(plain)).toBe(plain);
    const wrapped = Object.assign(new KtlError('Apply failed ...\nPlease review'), { cause: new ApiError(409, status(409, 'Conflict', 'Apply failed')) });
    const t = typedError(wrapped) as ConflictError;
    expect(t).toBeInstanceOf(ConflictError);
    expect(t.message).toBe('Apply failed');
  });
});

describe('parseDuration', () => {
  test('milliseconds, Go durations, bare seconds; the default when absent', () => {
    expect(parseDuration(1500, 0)).toBe(1500);
    expect(parseDuration('90s', 0)).toBe(90_000);
    expect(parseDuration('1m30s', 0)).toBe(90_000);
    expect(parseDuration('250ms', 0)).toBe(250);
    expect(parseDuration('2', 0)).toBe(2000);
    expect(parseDuration(undefined, 30_000)).toBe(30_000);
  });

  test('bad values are refused', () => {
    expect(() => parseDuration('soon', 0)).toThrow('invalid duration "soon": use milliseconds or a Go duration such as "30s"');
    expect(() => parseDuration(-1, 0)).toThrow('invalid duration: -1');
  });
});

const cm = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'ns', managedFields: [{ manager: 'm' }] },
  data: { k: name },
  ...extra,
});

describe('format without a connection', () => {
  test('one object prints as itself; an array as the List get prints', async () => {
    expect(JSON.parse(await format(cm('a'), 'json'))).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' }, data: { k: 'a' } });
    expect(JSON.parse(await format([cm('a'), cm('b')], 'json'))).toEqual({
      apiVersion: 'v1',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' }, data: { k: 'a' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'ns' }, data: { k: 'b' } },
      ],
      kind: 'List',
      metadata: { resourceVersion: '' },
    });
  });

  test('yaml hides managedFields unless asked; name, jsonpath, custom-columns, go-template', async () => {
    expect(await format(cm('a'), 'yaml')).toBe('apiVersion: v1\ndata:\n  k: a\nkind: ConfigMap\nmetadata:\n  name: a\n  namespace: ns\n');
    expect(await format(cm('a'), 'yaml', { showManagedFields: true })).toContain('managedFields:\n  - manager: m\n');
    expect(await format([cm('a'), { ...cm('d'), apiVersion: 'apps/v1', kind: 'Deployment' }], 'name')).toBe('configmap/a\ndeployment.apps/d\n');
    expect(await format([cm('a'), cm('b')], 'jsonpath={.items[*].data.k}')).toBe('a b');
    expect(await format([cm('a'), cm('b')], 'custom-columns=NAME:.metadata.name,K:.data.k')).toBe('NAME   K\na      a\nb      b\n');
    expect(await format([cm('a')], 'custom-columns=NAME:.metadata.name', { noHeaders: true })).toBe('a\n');
    expect(await format(cm('a'), 'go-template={{.metadata.name}}:{{.data.k}}')).toBe('a:a');
  });

  test('refusals: table formats need a connection, templates need a template, unknown formats', async () => {
    await expect(format([cm('a')], 'table')).rejects.toThrow("the table format needs the server's columns: use format() of a connected client");
    await expect(format([cm('a')], 'wide')).rejects.toThrow('the wide format needs');
    await expect(format([cm('a')], 'jsonpath')).rejects.toThrow('template format specified but no template given');
    await expect(format([cm('a')], 'custom-columns=')).rejects.toThrow('custom-columns format specified but no custom columns given');
    await expect(format([cm('a')], 'toml')).rejects.toThrow('unknown output format "toml"');
    await expect(format([cm('a')], 'jsonpath={.metadata.name')).rejects.toThrow(KtlError);
  });
});

describe('the library Context', () => {
  test('stderr text becomes onWarning calls, one per line, without "Warning: "; stdout is dropped', async () => {
    const seen: string[] = [];
    const ctx = libraryContext({ env: { A: '1' }, cwd: '/tmp', homeDir: '/home/x', onWarning: (w) => seen.push(w) });
    await new Promise<void>((r) => ctx.io.errOut.write('Warning: one\nWarning: tw', () => r()));
    expect(seen).toEqual(['one']);
    await new Promise<void>((r) => ctx.io.errOut.write('o\nplain line\n', () => r()));
    expect(seen).toEqual(['one', 'two', 'plain line']);
    await new Promise<void>((r) => ctx.io.out.write('ignored\n', () => r()));
    expect([ctx.io.isTTY, ctx.io.errIsTTY, ctx.env, ctx.cwd, ctx.homeDir]).toEqual([false, false, { A: '1' }, '/tmp', '/home/x']);
  });
});

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('what src/lib may reach', () => {
  const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');
  /** every module reachable from src/lib/index.ts through static, dynamic and type imports */
  function reachable(): Map<string, string> {
    const seen = new Map<string, string>();
    const queue = ['lib/index.ts'];
    while (queue.length) {
      const rel = queue.pop()!;
      if (seen.has(rel)) continue;
      const text = readFileSync(path.join(SRC, rel), 'utf8');
      seen.set(rel, text);
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)) {
        queue.push(path.relative(SRC, path.resolve(path.dirname(path.join(SRC, rel)), m[1]!)).replace(/\.js$/, '.ts'));
      }
    }
    return seen;
  }
  const modules = reachable();

  test('never the CLI: no commands/, cli.ts, main.ts, flags parsing, completion or plugins', () => {
    const bad = [...modules.keys()].filter((m) => /^(commands\/|cli\.ts|main\.ts|completion\/|plugins\/|kuberc\/)/.test(m));
    expect(bad).toEqual([]);
    expect(modules.has('apply/client-side.ts')).toBe(true);
  });

  test('Commander only as types (nothing of it is loaded)', () => {
    const valueImports = [...modules].filter(([, text]) => /^import\s+(?!type\b)[^;]*?from\s+'commander'/m.test(text)).map(([m]) => m);
    expect(valueImports).toEqual([]);
  });

  test('no process streams, and process.env only as connect()\'s documented default', () => {
    const uses = [...modules].flatMap(([m, text]) =>
      [...withoutComments(text).matchAll(/process\.(stdout|stderr|stdin|env|exit)\b/g)].map((x) => `${m}: ${x[0]}`),
    );
    expect(uses).toEqual(['lib/index.ts: process.env']);
  });
});

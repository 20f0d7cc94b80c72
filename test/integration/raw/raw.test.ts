/**
 * --raw URI on create (POST), replace (PUT) and delete (DELETE): the body is
 * the one -f file or stdin, the answer is printed as is, and the flags kubectl
 * refuses next to --raw are refused with its words.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { useFakeServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const env = useFakeServer('ktl-raw-');
beforeAll(async () => {
  await writeFile(path.join(env.dir, 'cm.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}');
});

const ktl = (args: string[], stdin?: string) =>
  runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir, stdin });

describe.each([
  ['create', 'POST', CMS],
  ['replace', 'PUT', `${CMS}/a`],
])('%s --raw', (verb, method, uri) => {
  test(`${method}s the file to the path as given and prints the answer as is`, async () => {
    const answer = '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a","uid":"u1"}}';
    env.server.on(method, uri, { status: 201, body: answer });
    const r = await ktl([verb, '--raw', uri, '-f', 'cm.json']);
    expect(r).toEqual({ code: 0, stdout: answer, stderr: '' });
    const sent = env.server.requests.filter((q) => q.method === method);
    expect(sent.map((q) => `${q.path} ${q.body}`)).toEqual([`${uri} {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}`]);
  });

  test('stdin as the body; a server error as kubectl prints it', async () => {
    env.server.status(method, uri, 409, 'AlreadyExists', 'configmaps "a" already exists', { name: 'a', kind: 'configmaps' });
    const r = await ktl([verb, '--raw', uri, '-f', '-'], '{"x":1}');
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Error from server (AlreadyExists): configmaps "a" already exists\n' });
    expect(env.server.requests.find((q) => q.method === method)?.body).toBe('{"x":1}');
  });
});

describe.each(['create', 'replace', 'delete'])('%s --raw refusals', (verb) => {
  test.each([
    [['-f', 'a', '-f', 'b'], '--raw can only use a single local file or stdin'],
    [['-f', 'https://example.com/x'], '--raw cannot read from a url'],
    [['-f', 'a', '-R'], '--raw and --recursive are mutually exclusive'],
    [['-f', 'a', '-o', 'name'], '--raw and --output are mutually exclusive'],
  ])('%j: %s', async (extra, message) => {
    const r = await ktl([verb, '--raw', '/x', ...extra]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: ${message}\n` });
  });

  test('a path that is not absolute is refused as Go parses it', async () => {
    const r = await ktl([verb, '--raw', 'x y', '-f', 'a']);
    expect(r.stderr).toBe('error: --raw must be a valid URL path: parse "x y": invalid URI for request\n');
  });

  test('a bad %-escape is refused as Go parses it', async () => {
    const r = await ktl([verb, '--raw', '/api/%zz', '-f', 'a']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: --raw must be a valid URL path: parse "/api/%zz": invalid URL escape "%zz"\n' });
  });

  test('a missing file', async () => {
    const r = await ktl([verb, '--raw', '/x', '-f', 'nope.json']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'error: open nope.json: no such file or directory\n' });
  });
});

test('delete --raw with -i, create --raw with --edit: refused', async () => {
  expect((await ktl(['delete', '--raw', '/x', '-i'])).stderr).toBe('error: --interactive can not be used with --raw\n');
  expect((await ktl(['create', '--raw', '/x', '-f', 'a', '--edit'])).stderr).toBe('error: --raw and --edit are mutually exclusive\n');
});

describe('get --raw', () => {
  test('a full URL: only its path and query are used, sent to the configured server', async () => {
    env.server.json('GET', '/api', { kind: 'APIVersions' });
    const r = await ktl(['get', '--raw', 'http://example.com/api?watch=0#frag']);
    expect(r).toEqual({ code: 0, stdout: '{"kind":"APIVersions"}', stderr: '' });
    expect(env.server.requests.filter((q) => q.path === '/api').map((q) => q.url)).toEqual(['/api?watch=0']);
  });

  test.each([
    ['api', 'parse "api": invalid URI for request'],
    ['/api/%4', 'parse "/api/%4": invalid URL escape "%4"'],
    [':x', 'parse ":x": missing protocol scheme'],
    ['/a\x01', 'parse "/a\\x01": net/url: invalid control character in URL'],
  ])('%j is refused before any request', async (raw, why) => {
    const r = await ktl(['get', '--raw', raw]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `error: --raw must be a valid URL path: ${why}\n` });
    expect(env.server.requests).toEqual([]);
  });
});

describe('--raw against a server URL with a path of its own', () => {
  // client-go's RequestURI: the raw path replaces the server's path (kubectl.1.33 -v=6:
  // --server=https://h/prefix get --raw /api asks https://h/api); ordinary requests keep the prefix
  const prefixed = (args: string[]) =>
    runKtl(['--server', `${env.server.url}/prefix`, '--cache-dir', path.join(env.dir, 'cache'), ...args], { cwd: env.dir });

  test.each([
    [['get', '--raw', '/api/v1/namespaces/default/configmaps/a?x=1'], 'GET'],
    [['delete', '--raw', '/api/v1/namespaces/default/configmaps/a'], 'DELETE'],
    [['create', '--raw', CMS, '-f', 'cm.json'], 'POST'],
  ])('%j goes to the path as given', async (args, method) => {
    env.server.on(method, args[2]!.split('?')[0]!, { status: 200, body: '{}' });
    const r = await prefixed(args);
    expect(r).toEqual({ code: 0, stdout: '{}', stderr: '' });
    expect(env.server.requests.map((q) => `${q.method} ${q.path}`)).toEqual([`${method} ${args[2]!.split('?')[0]}`]);
  });
});

/**
 * kubectl's credential prompt (src/config/prompt.ts): a TLS server and a
 * configuration that does not identify the user make kubectl ask for a
 * username and password. Expected bytes recorded from kubectl.1.33 with
 * `--kubeconfig=/dev/null -s https://127.0.0.1:1` and the same stdin.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run } from '../../../src/cli.js';
import { connect } from '../../../src/lib/index.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { makePki } from '../../helpers/pki.js';
import { FakeApiServer, standardResources } from '../fake-server.js';

let dir: string;
let server: FakeApiServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-prompt-'));
  const pki = await makePki(dir);
  server = await FakeApiServer.start({ tls: { key: await readFile(pki.key), cert: await readFile(pki.cert) } });
  server.discovery(standardResources());
  server.version('v1.34.4');
  await writeFile(path.join(dir, 'empty-token'), '');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const DEAD = 'https://127.0.0.1:1';
const ktl = (args: string[], stdin: string) =>
  runKtl(['--kubeconfig=/dev/null', '--cache-dir', path.join(dir, 'cache'), ...args], { stdin, cwd: dir, env: {}, homeDir: dir });

describe('credential prompt, stdin not a terminal', () => {
  test('stdin at its end: the username prompt, then EOF', async () => {
    expect(await ktl(['-s', DEAD, 'get', 'ns'], '')).toEqual({ code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
    // blanks and newlines only: still no word
    expect(await ktl(['-s', DEAD, 'get', 'ns'], ' \n\t\n')).toEqual({ code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
  });

  test('a word on stdin: the password cannot be read from a pipe', async () => {
    const want = { code: 1, stdout: 'Please enter Username: Please enter Password: ', stderr: 'error: error reading input for Password\n' };
    expect(await ktl(['-s', DEAD, 'get', 'ns'], '  \n bob carol\n')).toEqual(want);
    expect(await ktl(['-s', DEAD, 'get', 'ns'], 'bob')).toEqual(want);
  });

  test('commands that make a client ask; a client dry run of create too', async () => {
    for (const args of [['api-resources'], ['-n', 'x', 'get', 'pods'], ['create', 'configmap', 'x', '--dry-run=client', '-o', 'name']]) {
      expect(await ktl(['-s', DEAD, ...args], '')).toEqual({ code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
    }
  });

  test('no prompt: plain http, a token, a username, config commands', async () => {
    const noPrompt = async (args: string[]) => {
      const r = await ktl([...args, '--insecure-skip-tls-verify', 'version'], '');
      expect(r.stdout).not.toContain('Please enter');
      return r;
    };
    expect((await noPrompt(['-s', server.url, '--token=t'])).code).toBe(0);
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe('Bearer t');
    expect((await noPrompt(['-s', server.url, '--username=u'])).code).toBe(0);
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('u:').toString('base64')}`);
    const http = await ktl(['-s', 'http://127.0.0.1:1', 'get', 'ns'], '');
    expect(http.stdout).toBe('');
    expect(http.stderr).toContain('connection refused');
    expect(await ktl(['-s', DEAD, 'config', 'view', '-o', 'jsonpath={.kind}'], '')).toEqual({ code: 0, stdout: 'Config', stderr: '' });
  });

  test('a password alone or an empty token file does not identify the user; a missing token file is reported instead', async () => {
    expect(await ktl(['-s', DEAD, '--password=p', 'get', 'ns'], '')).toEqual({ code: 1, stdout: 'Please enter Username: ', stderr: 'error: EOF\n' });
    const kc = path.join(dir, 'kc-token-file.yaml');
    const write = (file: string) =>
      writeFile(
        kc,
        `apiVersion: v1\nkind: Config\ncurrent-context: a\ncontexts: [{name: a, context: {cluster: c, user: u}}]\n` +
          `clusters: [{name: c, cluster: {server: "${DEAD}"}}]\nusers: [{name: u, user: {tokenFile: "${file}"}}]\n`,
      );
    await write(path.join(dir, 'empty-token'));
    expect(await runKtl([`--kubeconfig=${kc}`, 'get', 'ns'], { stdin: '', cwd: dir, env: {}, homeDir: dir })).toEqual({
      code: 1,
      stdout: 'Please enter Username: ',
      stderr: 'error: EOF\n',
    });
    await write(path.join(dir, 'no-such-token'));
    const missing = await runKtl([`--kubeconfig=${kc}`, 'get', 'ns'], { stdin: '', cwd: dir, env: {}, homeDir: dir });
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain(`open ${path.join(dir, 'no-such-token')}: no such file or directory`);
  });
});

/** A stdin that says it is a terminal and records its raw-mode switches. */
function terminalInput(): PassThrough & { isTTY: boolean; raw: boolean[]; setRawMode(on: boolean): void } {
  const input = new PassThrough() as PassThrough & { isTTY: boolean; raw: boolean[]; setRawMode(on: boolean): void };
  input.isTTY = true;
  input.raw = [];
  input.setRawMode = (on: boolean) => void input.raw.push(on);
  return input;
}

describe('credential prompt on a terminal', () => {
  test('the answers are sent as basic auth; the password is read with echo off and the terminal restored', async () => {
    const { ctx, out, err } = fakeContext({ cwd: dir, env: {}, homeDir: dir });
    const input = terminalInput();
    ctx.io.in = input;
    // the username ends at the newline; the password is the next line, typed with a correction
    input.write('alice\ns3crx\u007fet\r');
    const code = await run(['node', 'ktl', '--kubeconfig=/dev/null', '-s', server.url, '--insecure-skip-tls-verify', 'version'], ctx);
    expect({ code, stdout: out.text, stderr: err.text }).toEqual({
      code: 0,
      stdout: 'Please enter Username: Please enter Password: Client Version: v1.33.1\nKustomize Version: v5.6.0\nServer Version: v1.34.4\n',
      stderr: '',
    });
    expect(input.raw).toEqual([true, false]);
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
  });

  test('Ctrl-C at the password ends the run with 130 and restores the terminal', async () => {
    const { ctx, out } = fakeContext({ cwd: dir, env: {}, homeDir: dir });
    const input = terminalInput();
    ctx.io.in = input;
    input.write('alice\nse\u0003');
    const code = await run(['node', 'ktl', '--kubeconfig=/dev/null', '-s', server.url, '--insecure-skip-tls-verify', 'version'], ctx);
    expect({ code, stdout: out.text }).toEqual({ code: 130, stdout: 'Please enter Username: Please enter Password: ' });
    expect(input.raw).toEqual([true, false]);
  });

  test('on a real terminal (pseudo-terminal): the username echoed, the password not, the terminal left as it was', async () => {
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
    const args = [path.join(repoRoot, 'test/helpers/pty-run.py'), '24', '80', 'Username: ', 'type:alice\\r', 'Password: ', 'type:sekrit\\r', '20', '--'];
    const cmd = [process.execPath, path.join(repoRoot, 'bin/ktl.js'), '--kubeconfig=/dev/null', '-s', server.url, '--insecure-skip-tls-verify', 'version'];
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('python3', [...args, ...cmd], { env: { ...process.env, HOME: dir, KUBECACHEDIR: path.join(dir, 'cache') } }, (err, out) => (err ? reject(err) : resolve(out))),
    );
    const r = JSON.parse(stdout) as { exit: number; echo: boolean; icanon: boolean; output: string };
    expect(r).toMatchObject({
      exit: 0,
      echo: true,
      icanon: true,
      output: 'Please enter Username: alice\r\nPlease enter Password: Client Version: v1.33.1\r\nKustomize Version: v5.6.0\r\nServer Version: v1.34.4\r\n',
    });
    expect(server.requestsTo('/version').at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from('alice:sekrit').toString('base64')}`);
  }, 30_000);
});

test('the library never asks: an anonymous TLS client connects and lists', async () => {
  server.json('GET', '/api/v1/namespaces/default/configmaps', { kind: 'ConfigMapList', apiVersion: 'v1', metadata: {}, items: [] });
  const k = await connect({ server: server.url, insecureSkipTlsVerify: true, env: {}, homeDir: dir, cwd: dir, cacheDir: path.join(dir, 'cache') });
  try {
    expect(await k.list('configmaps')).toEqual([]);
    expect(server.requestsTo('/api/v1/namespaces/default/configmaps').at(-1)!.headers.authorization).toBeUndefined();
  } finally {
    k.close();
  }
});

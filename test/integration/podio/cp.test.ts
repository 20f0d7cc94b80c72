/**
 * ktl cp against a fake API server whose exec endpoint plays the container:
 * the remote commands kubectl 1.33 sends (test -d, tar -xmf, tar cf, the
 * --retries pipeline), archives crafted to leave the destination, broken and
 * cut archives, retries, the container's failures.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import fs, { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { runKtl } from '../../helpers/fake-io.js';
import { tarOf } from '../../helpers/tar.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';

const env = useFakeServer('ktl-cp-');
const NS = '/api/v1/namespaces/default';
const base = () => ['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache')];
const ktl = (args: string[]) => runKtl([...base(), ...args], { cwd: env.dir });

function pod(name: string, containers: string[], phase = 'Running') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { nodeName: 'n', containers: containers.map((c) => ({ name: c, image: 'x' })) },
    status: { phase },
  };
}

const frame = (ch: number, data: string | Buffer) => Buffer.concat([Buffer.from([ch]), Buffer.from(data)]);
const SUCCESS = JSON.stringify({ metadata: {}, status: 'Success' });
const exitStatus = (n: number) =>
  JSON.stringify({ metadata: {}, status: 'Failure', reason: 'NonZeroExitCode', message: `exit code ${n}`, details: { causes: [{ reason: 'ExitCode', message: String(n) }] } });

interface Session {
  req: RecordedRequest;
  command: string[];
  stdin: Buffer;
}

/** What the container does for one command: frames to send (after stdin ended, when it reads stdin). */
type Behaviour = (command: string[], stdin: Buffer) => Promise<Buffer[]> | Buffer[];

/** An exec endpoint for a pod; every session is recorded. */
function serveExec(name: string, behave: Behaviour, readsStdin = (cmd: string[]) => cmd.includes('-xmf')): Session[] {
  const seen: Session[] = [];
  env.server.websocket(`${NS}/pods/${name}/exec`, (ws: WebSocket, req) => {
    const command = req.query.getAll('command');
    const s: Session = { req, command, stdin: Buffer.alloc(0) };
    seen.push(s);
    const parts: Buffer[] = [];
    const reply = async () => {
      s.stdin = Buffer.concat(parts);
      for (const f of await behave(command, s.stdin)) ws.send(f);
      ws.close();
    };
    if (readsStdin(command)) {
      ws.on('message', (m: Buffer) => {
        if (m[0] === 0) parts.push(m.subarray(1));
        if (m[0] === 255 && m[1] === 0) void reply();
      });
    } else void reply();
  });
  return seen;
}

/** Runs a command on this machine in `dir` with stdin, as the container would; its output as frames. */
function runHere(dir: string, command: string[], stdin: Buffer): Promise<Buffer[]> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { cwd: dir });
    const frames: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => frames.push(frame(1, d)));
    child.stderr.on('data', (d: Buffer) => frames.push(frame(2, d)));
    child.on('close', (code) => resolve([...frames, frame(3, code === 0 ? SUCCESS : exitStatus(code ?? 1))]));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/** A container whose commands run here, in `root`. */
function container(name: string, root: string): Session[] {
  mkdirSync(root, { recursive: true });
  env.server.json('GET', `${NS}/pods/${name}`, pod(name, ['app', 'side']));
  return serveExec(name, (cmd, stdin) => runHere(root, cmd, stdin));
}

/** A container that answers `tar cf` (or the --retries pipeline) with the given bytes, in pieces. */
function sender(name: string, archive: (cmd: string[]) => Buffer, extra: Buffer[] = [frame(3, SUCCESS)]): Session[] {
  env.server.json('GET', `${NS}/pods/${name}`, pod(name, ['app']));
  return serveExec(name, (cmd) => {
    const a = archive(cmd);
    const out: Buffer[] = [];
    for (let i = 0; i < a.length; i += 7000) out.push(frame(1, a.subarray(i, i + 7000)));
    return [...out, ...extra];
  });
}

function tree(dir: string, name = ''): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    const st = lstatSync(p);
    const rel = name ? `${name}/${e}` : e;
    if (st.isDirectory()) out.push(`${rel}/`, ...tree(p, rel));
    else out.push(`${rel} ${(st.mode & 0o777).toString(8)} ${readFileSync(p, 'latin1')}`);
  }
  return out;
}

beforeEach(() => void env.server.discovery());

describe('to the pod', () => {
  test("a file: test -d, then tar -xmf reading the archive; the queries kubectl sends; the notice on stderr", async () => {
    const root = path.join(env.dir, 'pod1');
    const seen = container('one', root);
    writeFileSync(path.join(env.dir, 'f.txt'), 'hello\n', { mode: 0o640 });
    const r = await ktl(['cp', 'f.txt', 'one:g.txt']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'Defaulted container "app" out of: app, side\n' });
    expect(seen.map((s) => s.req.url)).toEqual([
      `${NS}/pods/one/exec?command=test&command=-d&command=g.txt&container=app&stderr=true&stdout=true`,
      `${NS}/pods/one/exec?command=tar&command=-xmf&command=-&command=-C&command=.&container=app&stderr=true&stdin=true&stdout=true`,
    ]);
    expect(readFileSync(path.join(root, 'g.txt'), 'utf8')).toBe('hello\n');
    expect(env.server.requestsTo(`${NS}/pods/one`).length).toBe(2);
  });

  test('into a directory: its base name appended; --no-preserve; -c; a tree with an empty directory', async () => {
    const root = path.join(env.dir, 'pod2');
    const seen = container('two', root);
    mkdirSync(path.join(root, 'into'));
    const src = path.join(env.dir, 'src');
    mkdirSync(path.join(src, 'empty'), { recursive: true });
    mkdirSync(path.join(src, 'sub'));
    writeFileSync(path.join(src, 'sub', 'a'), 'A');
    writeFileSync(path.join(src, 'b'), 'B', { mode: 0o700 });
    const r = await ktl(['cp', '--no-preserve', '-c', 'side', 'src/', 'two:into']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(seen[1]!.command).toEqual(['tar', '--no-same-permissions', '--no-same-owner', '-xmf', '-', '-C', 'into']);
    expect(seen[1]!.req.query.get('container')).toBe('side');
    expect(tree(path.join(root, 'into'))).toEqual(['src/', 'src/b 700 B', 'src/empty/', 'src/sub/', 'src/sub/a 644 A']);
  });

  test("the container's tar fails: its stderr, then kubectl's exit line and code", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one', (cmd) => (cmd[0] === 'test' ? [frame(3, exitStatus(1))] : [frame(2, 'tar: x: Cannot open\n'), frame(3, exitStatus(2))]));
    writeFileSync(path.join(env.dir, 'f.txt'), 'x');
    expect(await ktl(['cp', 'f.txt', 'one:x/y'])).toEqual({ code: 2, stdout: '', stderr: 'tar: x: Cannot open\ncommand terminated with exit code 2\n' });
  });

  test('no tar in the container: the runtime error as kubectl prints it', async () => {
    const noTar = JSON.stringify({ status: 'Failure', reason: 'InternalError', message: 'Internal error occurred: error executing command in container: exec: "tar": executable file not found in $PATH' });
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one', (cmd) => [frame(3, cmd[0] === 'test' ? SUCCESS : noTar)], () => false);
    writeFileSync(path.join(env.dir, 'f.txt'), 'x');
    expect(await ktl(['cp', 'f.txt', 'one:/tmp'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Internal error occurred: error executing command in container: exec: "tar": executable file not found in $PATH\n',
    });
  });

  test('a missing local file, a completed pod', async () => {
    expect(await ktl(['cp', 'nothing/', 'one:x'])).toEqual({ code: 1, stdout: '', stderr: "error: nothing doesn't exist in local filesystem\n" });
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
    env.server.json('GET', `${NS}/pods/done`, pod('done', ['app'], 'Succeeded'));
    writeFileSync(path.join(env.dir, 'f.txt'), 'x');
    expect(await ktl(['cp', 'f.txt', 'done:x'])).toEqual({ code: 1, stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n' });
  });
});

describe('from the pod', () => {
  test('a tree through the real tar: files 0644, directories made, tar cf - SRC, stderr of tar on stdout', async () => {
    const root = path.join(env.dir, 'pod3');
    const seen = container('three', root);
    mkdirSync(path.join(root, 'd', 'e'), { recursive: true });
    writeFileSync(path.join(root, 'd', 'x'), 'X', { mode: 0o755 });
    writeFileSync(path.join(root, 'd', 'e', 'y'), 'Y');
    const r = await ktl(['cp', '-c', 'app', 'three:d/', 'out']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(seen[0]!.command).toEqual(['tar', 'cf', '-', 'd']);
    expect(tree(path.join(env.dir, 'out'))).toEqual(['e/', 'e/y 644 Y', 'x 644 X']);
    const miss = await ktl(['cp', 'three:nope', 'out2']);
    expect(miss).toEqual({
      code: 0,
      stdout: 'Defaulted container "app" out of: app, side\ntar: nope: Cannot stat: No such file or directory\ntar: Exiting with failure status due to previous errors\n',
      stderr: '',
    });
    expect(existsSync(path.join(env.dir, 'out2'))).toBe(false);
  });

  test('a crafted archive: nothing leaves the destination, links are never made', async () => {
    const archive = await tarOf([
      [{ name: 'src/ok' }, 'ok'],
      [{ name: 'src/../../../../etc/evil' }, 'x'],
      [{ name: 'src/a/../../../evil2' }, 'x'],
      [{ name: 'src/abs', type: 'symlink', linkname: '/etc/passwd' }],
      [{ name: 'src/up', type: 'symlink', linkname: '../../..' }],
      [{ name: 'src/up/through' }, 'must not follow'],
      [{ name: 'src/hard', type: 'link', linkname: '/etc/passwd' }],
      [{ name: 'src/dir', type: 'directory' }],
    ]);
    sender('evil', () => archive);
    mkdirSync(path.join(env.dir, 'jail'));
    const r = await ktl(['cp', 'evil:/src', 'jail/in']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'warning: file "../../etc/evil" is outside target destination, skipping\n' +
        'warning: file "evil2" is outside target destination, skipping\n' +
        'warning: skipping symlink: "jail/in/abs" -> "/etc/passwd" (consider using "ktl exec -n "" "evil" -- tar cf - "/src" | tar xf -")\n' +
        'warning: skipping symlink: "jail/in/up" -> "../../.."\n',
    );
    expect(tree(path.join(env.dir, 'jail'))).toEqual(['in/', 'in/dir/', 'in/hard 644 ', 'in/ok 644 ok', 'in/up/', 'in/up/through 644 must not follow']);
    expect(existsSync(path.join(env.dir, 'evil2'))).toBe(false);
    expect(existsSync(path.join(path.dirname(env.dir), 'evil2'))).toBe(false);
  });

  test('a name outside the source is refused: tar contents corrupted', async () => {
    const other = await tarOf([[{ name: 'elsewhere/x' }, 'x']]);
    sender('evil', () => other);
    expect(await ktl(['cp', 'evil:src', 'out'])).toEqual({ code: 1, stdout: '', stderr: 'error: tar contents corrupted\n' });
  });

  test("Go's reader: two zero blocks end the archive (what follows is never read); one zero block then a header is invalid", async () => {
    const a = await tarOf([[{ name: 'f/a' }, 'A']]);
    const b = await tarOf([[{ name: 'f/b' }, 'B']]);
    sender('p', () => Buffer.concat([a, b]));
    expect(await ktl(['cp', 'p:f', 'o1'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(tree(path.join(env.dir, 'o1'))).toEqual(['a 644 A']);
    const oneZero = Buffer.concat([a.subarray(0, 1024), Buffer.alloc(512), b]);
    sender('q', () => oneZero);
    expect(await ktl(['cp', 'q:f', 'o2'])).toEqual({ code: 1, stdout: '', stderr: 'error: archive/tar: invalid tar header\n' });
  });

  test('a corrupt header; an archive cut inside a file; one cut between entries (a clean end)', async () => {
    const good = await tarOf([[{ name: 'f/a' }, 'A'.repeat(2000)], [{ name: 'f/b' }, 'B']]);
    const corrupt = Buffer.from(good);
    corrupt[10] = 0x41;
    sender('c', () => corrupt);
    expect(await ktl(['cp', 'c:f', 'o1'])).toEqual({ code: 1, stdout: '', stderr: 'error: archive/tar: invalid tar header\n' });
    sender('t', () => good.subarray(0, 1500));
    expect(await ktl(['cp', 't:f', 'o2'])).toEqual({ code: 1, stdout: 'Dropping out copy after 0 retries\n', stderr: 'error: unexpected EOF\n' });
    const cut = await tarOf([[{ name: 'f/a' }, 'A']], { end: false });
    sender('u', () => cut);
    expect(await ktl(['cp', 'u:f', 'o3'])).toEqual({ code: 0, stdout: 'Dropping out copy after 0 retries\n', stderr: '' });
    expect(tree(path.join(env.dir, 'o3'))).toEqual(['a 644 A']);
  });

  test('each downloaded file is closed once, a cut one too: no second close of its number (by then another file or socket)', async () => {
    // node:fs streams close a bare fd through fs.close when destroyed; a FileHandle closes its own
    const closes: number[] = [];
    const close = fs.close;
    fs.close = ((fd: number, ...rest: unknown[]) => {
      closes.push(fd);
      return (close as (...a: unknown[]) => void)(fd, ...rest);
    }) as typeof fs.close;
    try {
      const good = await tarOf([[{ name: 'f/a' }, 'A'.repeat(3000)], [{ name: 'f/b' }, 'B']]);
      sender('cut', () => good.subarray(0, 2000));
      expect(await ktl(['cp', 'cut:f', 'o'])).toEqual({ code: 1, stdout: 'Dropping out copy after 0 retries\n', stderr: 'error: unexpected EOF\n' });
      // as Go's io.Copy: the file holds what arrived before the cut (2000 - a 512-byte header), closed before the error
      expect(tree(path.join(env.dir, 'o'))).toEqual(['a 644 ' + 'A'.repeat(1488)]);
      expect(closes).toEqual([]);
      // and a whole download: every file was closed twice, the second time perhaps the next file
      sender('whole', () => good);
      expect(await ktl(['cp', 'whole:f', 'o-whole'])).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(tree(path.join(env.dir, 'o-whole'))).toEqual(['a 644 ' + 'A'.repeat(3000), 'b 644 B']);
      expect(closes).toEqual([]);
    } finally {
      fs.close = close;
    }
  });

  test('--retries: the sh -c pipeline, resumed where the archive was cut', async () => {
    const whole = await tarOf([[{ name: 'f/a' }, 'a'.repeat(5000)], [{ name: 'f/b' }, 'b'.repeat(3000)]]);
    const seen = sender('r', (cmd) => {
      const from = Number(/tail -c\+(\d+)$/.exec(cmd[2]!)![1]);
      const start = Math.max(from - 1, 0);
      // each session sends at most 4000 bytes
      return whole.subarray(start, start + 4000);
    });
    const r = await ktl(['cp', '--retries=3', 'r:f', 'rout']);
    expect(r).toEqual({
      code: 0,
      stdout: 'Resuming copy at 4000 bytes, retry 1/3\nResuming copy at 8000 bytes, retry 2/3\n',
      stderr: '',
    });
    expect(seen.map((s) => s.command)).toEqual([
      ['sh', '-c', 'tar cf - f | tail -c+0'],
      ['sh', '-c', 'tar cf - f | tail -c+4001'],
      ['sh', '-c', 'tar cf - f | tail -c+8001'],
    ]);
    expect(tree(path.join(env.dir, 'rout'))).toEqual(['a 644 ' + 'a'.repeat(5000), 'b 644 ' + 'b'.repeat(3000)]);
    const r2 = await ktl(['cp', '--retries=1', 'r:f', 'rout2']);
    expect(r2).toEqual({ code: 1, stdout: 'Resuming copy at 4000 bytes, retry 1/1\nDropping out copy after 1 retries\n', stderr: 'error: unexpected EOF\n' });
  });

  test("the session fails before the archive ended: kubectl's error; after it ended: success", async () => {
    sender('x', () => Buffer.alloc(0), [frame(2, 'sh: tar: not found\n'), frame(3, exitStatus(127))]);
    expect(await ktl(['cp', 'x:f', 'o'])).toEqual({ code: 127, stdout: 'sh: tar: not found\n', stderr: 'command terminated with exit code 127\n' });
    const a = await tarOf([[{ name: 'f/a' }, 'A']]);
    sender('y', () => a, [frame(2, 'tar: f/zz: Cannot open: Permission denied\n'), frame(3, exitStatus(2))]);
    expect(await ktl(['cp', 'y:f', 'o2'])).toEqual({ code: 0, stdout: 'tar: f/zz: Cannot open: Permission denied\n', stderr: '' });
    expect(tree(path.join(env.dir, 'o2'))).toEqual(['a 644 A']);
  });

  test('pod not found; a name that cannot be a path segment', async () => {
    env.server.status('GET', `${NS}/pods/gone`, 404, 'NotFound', 'pods "gone" not found');
    expect(await ktl(['cp', 'gone:f', 'o'])).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "gone" not found\n' });
    expect(await ktl(['cp', 'a%2f:f', 'o'])).toEqual({ code: 1, stdout: '', stderr: 'error: invalid resource name "a%2f": [may not contain \'%\']\n' });
  });
});

describe('completion of the first argument, as kubectl', () => {
  const list = (names: string[]) => ({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: names.map((name) => ({ metadata: { name } })) });
  const complete = async (...words: string[]) => (await runKtl(['__complete', ...base(), 'cp', ...words], { cwd: env.dir })).stdout;

  test('namespaces with "/", pods with ":", then local files; NAMESPACE/ gives its pods; paths and pod:paths nothing', async () => {
    env.server.json('GET', '/api/v1/namespaces', list(['default', 'team', 'web-ns']));
    env.server.json('GET', `${NS}/pods`, list(['web-1', 'db']));
    env.server.json('GET', '/api/v1/namespaces/team/pods', list(['api-0', 'api-1']));
    mkdirSync(path.join(env.dir, 'web-dir'), { recursive: true });
    writeFileSync(path.join(env.dir, 'web.txt'), '');
    expect(await complete('')).toBe('default/\nteam/\nweb-ns/\nweb-1:\ndb:\n./\n/\n:2\n');
    expect(await complete('web')).toBe('web-ns/\nweb-1:\nweb-dir/\nweb.txt\n:2\n');
    expect(await complete('team/a')).toBe('team/api-0:\nteam/api-1:\n:2\n');
    expect(await complete('zz')).toBe(':2\n');
    expect(await complete('./w')).toBe(':2\n');
    expect(await complete('web-1:/tm')).toBe(':2\n');
    expect(await complete('web-1:/tmp', '')).toBe(':2\n');
  });
});

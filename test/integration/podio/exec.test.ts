/**
 * ktl exec / attach over the WebSocket channel protocol, against a fake API
 * server that speaks it (ws's server): stdout/stderr separation, the remote
 * exit code, stdin with end of input (v5 close signal), v4 servers, the
 * server's failures, a session dropped mid-stream, Ctrl-C, raw-mode restore
 * and the resize channel.
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import { run } from '../../../src/cli.js';
import { fakeContext, runKtl } from '../../helpers/fake-io.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';

const env = useFakeServer('ktl-exec-');
const NS = '/api/v1/namespaces/default';
beforeEach(() => void env.server.discovery());
const base = () => ['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache')];
const ktl = (args: string[], stdin?: string) => runKtl([...base(), ...args], { cwd: env.dir, stdin });

function pod(name: string, containers: Array<string | { name: string; tty?: boolean }>, phase = 'Running', restartPolicy = 'Always') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' } },
    spec: { nodeName: 'n', restartPolicy, containers: containers.map((c) => (typeof c === 'string' ? { name: c, image: 'x' } : { image: 'x', ...c })) },
    status: { phase },
  };
}

const frame = (ch: number, data: string | Buffer) => Buffer.concat([Buffer.from([ch]), Buffer.from(data)]);
const success = JSON.stringify({ metadata: {}, status: 'Success' });
const exitCode = (n: number) =>
  JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [sh -c exit ${n}], exit code ${n}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(n) }] },
  });

/** A fake exec endpoint: the command (from the query) says what to do. */
function serveExec(name: string, sub = 'exec', protocols?: string[]) {
  const seen: Array<{ req: RecordedRequest; received: Buffer[] }> = [];
  env.server.websocket(
    `${NS}/pods/${name}/${sub}`,
    (ws: WebSocket, req) => {
      const received: Buffer[] = [];
      seen.push({ req, received });
      const cmd = req.query.getAll('command');
      const stdin: Buffer[] = [];
      ws.on('message', (m: Buffer) => {
        received.push(m);
        if (m[0] === 0) stdin.push(m.subarray(1));
        if (m[0] === 255 && m[1] === 0 && cmd[0] === 'cat') {
          ws.send(frame(1, Buffer.concat(stdin)));
          ws.send(frame(3, success));
          ws.close();
        }
        if (m[0] === 4 && cmd[0] === 'size') {
          ws.send(frame(1, `size ${m.subarray(1).toString()}\n`));
        }
        if (m[0] === 0 && cmd[0] === 'size') {
          ws.send(frame(3, success));
          ws.close();
        }
      });
      switch (cmd[0] ?? 'attach') {
        case 'echo':
          ws.send(frame(1, 'to stdout\n'));
          ws.send(frame(2, 'to stderr\n'));
          ws.send(frame(3, success));
          ws.close();
          break;
        case 'exit':
          ws.send(frame(1, 'before exit\n'));
          ws.send(frame(3, exitCode(Number(cmd[1]))));
          ws.close();
          break;
        case 'fail':
          ws.send(frame(3, JSON.stringify({ status: 'Failure', message: 'Internal error occurred: error executing command in container: not found', reason: 'InternalError' })));
          ws.close();
          break;
        case 'drop':
          ws.send(frame(1, 'partial'));
          setTimeout(() => ws.terminate(), 20);
          break;
        case 'attach':
          ws.send(frame(1, 'attached output\n'));
          ws.send(frame(3, success));
          ws.close();
          break;
        default:
          break; // cat, size, hang: wait for the client
      }
    },
    protocols,
  );
  return seen;
}

describe('exec', () => {
  test('stdout and stderr to their own streams; the query kubectl sends', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one');
    expect(await ktl(['exec', 'one', '--', 'echo', 'a b'])).toEqual({ code: 0, stdout: 'to stdout\n', stderr: 'to stderr\n' });
    expect(seen[0]!.req.url).toBe(`${NS}/pods/one/exec?command=echo&command=a+b&container=app&stderr=true&stdout=true`);
    expect(seen[0]!.req.headers['sec-websocket-protocol']).toBe('v5.channel.k8s.io,v4.channel.k8s.io');
  });

  test('-f FILE: the one pod the file holds, as written (no GET), in the namespace of the command', async () => {
    const doc = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: app\n    image: x\n';
    const seen = serveExec('one');
    expect(await ktl(['exec', '-f', '-', '--', 'echo', 'x'], doc)).toEqual({ code: 0, stdout: 'to stdout\n', stderr: 'to stderr\n' });
    expect(seen[0]!.req.url).toBe(`${NS}/pods/one/exec?command=echo&command=x&container=app&stderr=true&stdout=true`);
    expect(env.server.requestsTo(`${NS}/pods/one`)).toEqual([]);
  });

  test("-f: kubectl's refusals (several objects, a POD as well, no command, no -R)", async () => {
    const one = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: test\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n';
    const two = `${one}---\n${one.replace('name: test', 'name: test2')}`;
    const err = (text: string) => ({ code: 1, stdout: '', stderr: `error: ${text}\n` });
    expect(await ktl(['exec', '-f', '-', '--', 'echo', 'test'], two)).toEqual(err('cannot exec into multiple objects at a time'));
    expect(await ktl(['exec', '-f', '-', 'test', '--', 'echo'], one)).toEqual(err('resource/name arguments cannot be provided when a path is specified'));
    expect(await ktl(['exec', '-f', '-'], one)).toEqual(err('you must specify at least one command for the container'));
    expect(await ktl(['exec', '-f', 'missing.yaml', '--', 'date'])).toEqual(err('the path "missing.yaml" does not exist'));
    // the builder checks the paths before it looks at the POD next to them
    expect(await ktl(['exec', '-f', 'missing.yaml', 'test', '--', 'date'])).toEqual(err('the path "missing.yaml" does not exist'));
    expect(await ktl(['exec', 'pod/a/b', '--', 'date'])).toEqual(err('arguments in resource/name form may not have more than one slash'));
    expect((await ktl(['exec', '-f', '-', '-R', '--', 'date'], one)).stderr).toMatch(/^error: unknown shorthand flag: 'R' in -R\n/);
    expect(await ktl(['exec', '--', 'date'])).toEqual(err('pod, type/name or --filename must be specified'));
  });

  test.each([1, 42])('remote exit code %i becomes ours, with kubectl\'s message', async (n) => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one');
    expect(await ktl(['exec', 'one', '--', 'exit', String(n)])).toEqual({ code: n, stdout: 'before exit\n', stderr: `command terminated with exit code ${n}\n` });
  });

  test('-i: stdin is streamed and its end is signalled (v5), so cat ends', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one');
    const big = 'x'.repeat(100_000) + '\nend\n';
    const r = await ktl(['exec', '-i', 'one', '--', 'cat'], big);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(big);
    expect(seen[0]!.req.query.get('stdin')).toBe('true');
  });

  test('a v4-only server works (no close signal is sent)', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one', 'exec', ['v4.channel.k8s.io']);
    expect(await ktl(['exec', '-i', 'one', '--', 'echo'], 'in')).toEqual({ code: 0, stdout: 'to stdout\n', stderr: 'to stderr\n' });
    expect(seen[0]!.received.some((m) => m[0] === 255)).toBe(false);
  });

  test("the server's failure on the error channel, kubectl's 'error: ' text, exit 1", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one');
    expect(await ktl(['exec', 'one', '--', 'fail'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: Internal error occurred: error executing command in container: not found\n',
    });
  });

  test('a refused upgrade shows the Status as kubectl does', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    env.server.refuseUpgrade(`${NS}/pods/one/exec`, 403, 'Forbidden', 'pods "one" is forbidden: User "u" cannot create resource "pods/exec"');
    const r = await ktl(['exec', 'one', '--', 'echo']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (Forbidden): pods "one" is forbidden: User "u" cannot create resource "pods/exec"\n');
  });

  test('a session dropped mid-stream: what arrived is printed, then an error, exit 1', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one');
    const r = await ktl(['exec', 'one', '--', 'drop']);
    expect(r).toEqual({ code: 1, stdout: 'partial', stderr: 'error: websocket: close 1006 (abnormal closure): unexpected EOF\n' });
  });

  test('several containers: the first with the notice; -q silences it', async () => {
    env.server.json('GET', `${NS}/pods/two`, pod('two', ['app', 'side']));
    serveExec('two');
    expect((await ktl(['exec', 'two', '--', 'echo'])).stderr).toBe('Defaulted container "app" out of: app, side\nto stderr\n');
    expect((await ktl(['exec', '-q', 'two', '--', 'echo'])).stderr).toBe('to stderr\n');
  });

  test.each([
    [['exec', 'one'], 'error: you must specify at least one command for the container\n'],
    [['exec', '--', 'ls'], 'error: pod, type/name or --filename must be specified\n'],
    [['exec', 'one', 'ls'], "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'ktl exec -h' for help and examples\n"],
    [['exec', 'a%2f', '--', 'ls'], 'error: invalid resource name "a%2f": [may not contain \'%\']\n'],
  ])('refused before any request: %j', async (args, stderr) => {
    expect(await ktl(args)).toEqual({ code: 1, stdout: '', stderr });
    expect(env.server.requests.filter((q) => q.path.includes('/pods'))).toEqual([]);
  });

  test('a completed pod is refused', async () => {
    env.server.json('GET', `${NS}/pods/done`, pod('done', ['app'], 'Succeeded'));
    expect(await ktl(['exec', 'done', '--', 'ls'])).toEqual({ code: 1, stdout: '', stderr: 'error: cannot exec into a container in a completed pod; current phase is Succeeded\n' });
  });

  test('-t without a terminal: kubectl\'s notice, no TTY asked for', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one');
    const r = await ktl(['exec', '-it', 'one', '--', 'echo'], '');
    expect(r.stderr).toBe('Unable to use a TTY - input is not a terminal or the right kind of file\nto stderr\n');
    expect(seen[0]!.req.query.get('tty')).toBe(null);
  });

  test('-t on a terminal: raw mode, the size on the resize channel, raw mode restored after', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one');
    const { ctx, out } = fakeContext();
    const modes: boolean[] = [];
    const tin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: (on: boolean) => void modes.push(on) });
    const tout = Object.assign(out, { isTTY: true, columns: 80, rows: 24 });
    ctx.io = { ...ctx.io, in: tin, out: tout };
    const done = run(['node', 'ktl', ...base(), 'exec', '-it', 'one', '--', 'size'], ctx);
    while (!out.text.includes('size')) await new Promise((r) => setTimeout(r, 5));
    tout.columns = 100;
    tout.emit('resize');
    while (!out.text.includes('"Width":100')) await new Promise((r) => setTimeout(r, 5));
    tin.write('typed');
    expect(await done).toBe(0);
    expect(out.text).toBe('size {"Width":80,"Height":24}\nsize {"Width":100,"Height":24}\n');
    expect(modes).toEqual([true, false]);
    expect(seen[0]!.req.query.get('tty')).toBe('true');
    expect(seen[0]!.req.query.get('stderr')).toBe(null);
  });

  test('with stdin (-i), a signal (kubectl\'s interrupt handler): the session ends, the terminal is restored, exit 1', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one');
    const { ctx, err } = fakeContext();
    let interrupt: (() => void) | undefined;
    ctx.exitOnTermination = (h) => ((interrupt = h), () => undefined);
    const done = run(['node', 'ktl', ...base(), 'exec', '-i', 'one', '--', 'hang'], ctx);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    interrupt!();
    expect(await done).toBe(1);
    expect(err.text).toBe('');
  });
  test('with stdin, a signal before the session has opened: exit 1 at once, no hang', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one');
    const { ctx, err } = fakeContext();
    // the signal arrives as soon as the session listens for it, before the upgrade is answered
    ctx.exitOnTermination = (h) => (queueMicrotask(h), () => undefined);
    expect(await run(['node', 'ktl', ...base(), 'exec', '-i', 'one', '--', 'hang'], ctx)).toBe(1);
    expect(err.text).toBe('');
  });

  test('without stdin no handler is installed: a signal ends ktl as it ends kubectl (by the signal)', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one');
    const { ctx } = fakeContext();
    const installed: string[] = [];
    ctx.exitOnTermination = () => (installed.push('exitOnTermination'), () => undefined);
    ctx.onInterrupt = () => (installed.push('onInterrupt'), () => undefined);
    expect(await run(['node', 'ktl', ...base(), 'exec', 'one', '--', 'echo'], ctx)).toBe(0);
    expect(installed).toEqual([]);
  });
});

describe('attach', () => {
  test("kubectl's prompt notice, the output, the query", async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one', 'attach');
    expect(await ktl(['attach', 'one'])).toEqual({ code: 0, stdout: 'attached output\n', stderr: "If you don't see a command prompt, try pressing enter.\n" });
    expect(seen[0]!.req.url).toBe(`${NS}/pods/one/attach?container=app&stderr=true&stdout=true`);
  });

  test('a container that is not there, -t to a container without a TTY', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    serveExec('one', 'attach');
    expect(await ktl(['attach', 'one', '-c', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'error: cannot attach to the container: container nope not found in pod one\n' });
    expect((await ktl(['attach', 'one', '-t', '-q'])).stderr).toBe('');
    expect((await ktl(['attach', 'one', '-t'])).stderr).toBe(
      "error: Unable to use a TTY - container app did not allocate one\nIf you don't see a command prompt, try pressing enter.\n",
    );
  });

  test.each([
    [['attach'], 'error: at least 1 argument is required for attach\n'],
    [['attach', 'a', 'b', 'c'], 'error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]\n'],
  ])('%j', async (args, stderr) => {
    expect(await ktl(args)).toEqual({ code: 1, stdout: '', stderr });
  });

  test('stdin reaches the attach channel', async () => {
    env.server.json('GET', `${NS}/pods/one`, pod('one', ['app']));
    const seen = serveExec('one', 'attach');
    await ktl(['attach', '-i', 'one'], 'hello');
    expect(seen[0]!.req.query.get('stdin')).toBe('true');
    void Readable;
  });
});

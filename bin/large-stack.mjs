// A -f document nested deeper than the main thread's stack takes, which
// kubectl reads (src/codec/depth.ts): the launcher runs the same line again
// here, in a worker thread whose stack is STACK_MB (Node's main thread has
// about 1 MB, which ends near 2000 levels in ktl's parser and printers).
// Loaded only then: an ordinary run never imports this file.
//
// The worker's stdout and stderr are the process's (Node forwards them).
// What the run prints before its -f sources are read repeats what the first
// run printed before it stopped, so it is held back until then. Stdin: what
// the first run read, else the process's own, piped only when the worker
// reads it. Signals reach the main thread only; they are passed on to the
// handlers the run installs (Context.onInterrupt / exitOnTermination).
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Writable } from 'node:stream';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** 64 MB reads 80000 levels of JSON; kubectl stops at 10000. */
const STACK_MB = 64;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

/** Main thread: runs argv in a worker with a larger stack; resolves to its exit code. */
export function rerun(argv, stdin) {
  return new Promise((resolve) => {
    const w = new Worker(new URL(import.meta.url), {
      workerData: { argv, isTTY: !!process.stdout.isTTY, errIsTTY: !!process.stderr.isTTY },
      resourceLimits: { stackSizeMb: STACK_MB },
      stdin: true,
    });
    if (stdin !== undefined) w.stdin.end(stdin);
    const removers = new Map();
    w.on('message', (m) => {
      if (m.stdin && stdin === undefined) process.stdin.pipe(w.stdin);
      if (m.on !== undefined) {
        const signals = m.kind === 'interrupt' ? ['SIGINT'] : SIGNALS;
        const handler = () => w.postMessage({ fire: m.on });
        for (const s of signals) process.on(s, handler);
        removers.set(m.on, () => {
          for (const s of signals) process.removeListener(s, handler);
        });
      }
      if (m.off !== undefined) {
        removers.get(m.off)?.();
        removers.delete(m.off);
      }
    });
    let failed = false;
    w.on('error', (err) => {
      failed = true;
      process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    });
    w.on('exit', (code) => {
      for (const remove of removers.values()) remove();
      if (stdin === undefined) {
        process.stdin.unpipe?.(w.stdin);
        if (process.stdin.readableFlowing !== null) process.stdin.destroy();
      }
      resolve(failed && code === 0 ? 1 : code);
    });
  });
}

if (!isMainThread && workerData?.argv) {
  // the CLI as the launcher loads it, without the compile cache: a rare run, on a thread of its own
  const { loadCli, binNameOf } = createRequire(import.meta.url)('./load-cli.js');
  const { run } = loadCli(fileURLToPath(new URL('../dist/ktl.cjs', import.meta.url)), [], { KTL_COMPILE_CACHE: 'off' }).exports;
  // held back until the -f sources are read; all of it if the run never gets there
  let held = [];
  const gate = (target) =>
    new Writable({
      write(chunk, encoding, cb) {
        if (held) {
          held.push([target, chunk]);
          cb();
        } else target.write(chunk, encoding, cb);
      },
    });
  const out = gate(process.stdout);
  const errOut = gate(process.stderr);
  let ids = 0;
  const handlers = new Map();
  parentPort.on('message', (m) => {
    if (m.fire !== undefined) handlers.get(m.fire)?.();
  });
  // the port must not keep the worker alive once the run is done
  parentPort.unref();
  const install = (kind, fn) => {
    const id = ++ids;
    handlers.set(id, fn);
    parentPort.postMessage({ on: id, kind });
    return () => {
      handlers.delete(id);
      parentPort.postMessage({ off: id });
    };
  };
  let stdinAsked = false;
  const ctx = {
    io: {
      get in() {
        if (!stdinAsked) parentPort.postMessage({ stdin: true });
        stdinAsked = true;
        return process.stdin;
      },
      out,
      errOut,
      isTTY: workerData.isTTY,
      errIsTTY: workerData.errIsTTY,
    },
    env: process.env,
    cwd: process.cwd(),
    homeDir: os.homedir(),
    now: () => new Date(),
    binName: binNameOf(workerData.argv[1]),
    onInterrupt: (handler) => {
      let done = false;
      const remove = install('interrupt', () => {
        if (done) return;
        done = true;
        remove();
        handler();
      });
      return remove;
    },
    exitOnTermination: (cleanup) =>
      install('terminate', () => {
        try {
          cleanup();
        } finally {
          process.exit(1);
        }
      }),
    largeStack: {
      inputsRead() {
        held = undefined;
      },
    },
  };
  let code;
  try {
    code = await run(workerData.argv, ctx);
  } catch (err) {
    errOut.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    code = 1;
  }
  if (held) {
    const chunks = held;
    held = undefined;
    for (const [target, chunk] of chunks) target.write(chunk);
  }
  process.exitCode = code;
}

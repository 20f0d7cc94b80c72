#!/usr/bin/env node
// Launcher: builds the real Context from this process, runs the bundled ktl
// and sets the exit code. The only place that touches process streams.
import module from 'node:module';
import os from 'node:os';

// Node 22.1+: V8's compiled code of ktl's modules is kept in Node's compile
// cache (os.tmpdir()/node-compile-cache, or NODE_COMPILE_CACHE; off with
// NODE_DISABLE_COMPILE_CACHE=1), so later starts skip compiling them. Node 20
// has no such cache. It must be on before dist/ is imported, hence import() below.
module.enableCompileCache?.();
const { run } = await import('../dist/ktl.js');

// A closed stdout or stderr (\`ktl get ... | head -1\`) ends ktl as SIGPIPE ends
// kubectl: quietly, with the status a shell reports for it (128 + 13), for
// every output path, whatever was being written.
const CLOSED_PIPE_EXIT = 141;
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (err) => {
    if (err && (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED')) process.exit(CLOSED_PIPE_EXIT);
    throw err;
  });
}

const ctx = {
  io: {
    // process.stdin is made on first use (a tty, pipe or file stream): only commands that read it pay for it
    get in() {
      return process.stdin;
    },
    out: process.stdout,
    errOut: process.stderr,
    isTTY: !!process.stdout.isTTY,
    errIsTTY: !!process.stderr.isTTY,
  },
  env: process.env,
  cwd: process.cwd(),
  homeDir: os.homedir(),
  now: () => new Date(),
  binName: 'ktl',
  onInterrupt: (handler) => {
    process.once('SIGINT', handler);
    return () => process.removeListener('SIGINT', handler);
  },
  exitOnTermination: (cleanup) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
    const handler = () => {
      try {
        cleanup();
      } finally {
        process.exit(1);
      }
    };
    for (const s of signals) process.on(s, handler);
    return () => {
      for (const s of signals) process.removeListener(s, handler);
    };
  },
  // a -f document nested deeper than this thread's stack takes: the line again in a worker (bin/large-stack.js)
  rerunOnLargerStack: async (stdin) => (await import('./large-stack.js')).rerun(process.argv, stdin),
};

run(process.argv, ctx).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

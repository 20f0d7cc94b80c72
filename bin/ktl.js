#!/usr/bin/env node
// Launcher: builds the real Context from this process, runs the bundled ktl
// and sets the exit code. The only place that touches process streams.
// CommonJS (bin/package.json), as is the CLI in dist/: Node starts an ES module
// entry point more slowly.
'use strict';
const path = require('node:path');
const { loadCli, binNameOf } = require('./load-cli.js');

// a damaged installation (a file of dist/ missing or cut short) is one line and status 1, not a stack trace
const damaged = (err) => {
  process.stderr.write(`error: ktl's installation is damaged: ${err && err.message ? err.message : String(err)}\n`);
  process.exit(1);
};
let cli;
try {
  cli = loadCli(path.join(__dirname, '..', 'dist', 'ktl.cjs'), process.argv.slice(2), process.env);
} catch (err) {
  damaged(err);
}
const { run } = cli.exports;

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
  // node:os is loaded when the home folder is first asked for
  get homeDir() {
    return require('node:os').homedir();
  },
  now: () => new Date(),
  binName: binNameOf(process.argv[1]),
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
  // a -f document nested deeper than this thread's stack takes: the line again in a worker (bin/large-stack.mjs)
  rerunOnLargerStack: async (stdin) => (await import('./large-stack.mjs')).rerun(process.argv, stdin),
  // the compile cache is kept per command (bin/load-cli.js)
  commandChosen: cli.commandChosen,
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

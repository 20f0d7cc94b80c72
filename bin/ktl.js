#!/usr/bin/env node
// Tiny launcher: loads the bundled build and sets the exit code.
import { main } from '../dist/ktl.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

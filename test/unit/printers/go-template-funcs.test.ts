import { describe, expect, test } from '@jest/globals';
import { printGoTemplate } from '../../../src/printers/go-template.js';
import { asStderr, readGolden } from './golden.js';

interface Case {
  template: string;
  stdout: string;
  stderr: string;
  code: number;
}

// Captured from kubectl.1.33 by generate-go-template-funcs.mjs (see the golden README):
// text/template's builtins, define/template/block, Go's argument and index errors.
const golden = readGolden<{ object: unknown; cases: Case[] }>('go-template-funcs.kubectl-1.33.json');

describe('go-template functions match kubectl.1.33 byte for byte', () => {
  test.each(golden.cases.map((c) => [c.template, c] as const))('%s', (_n, c) => {
    const r = printGoTemplate(c.template, golden.object);
    expect({ stdout: r.stdout, stderr: r.error ? asStderr(r.error.message) : '', code: r.error ? 1 : 0 }).toEqual({
      stdout: c.stdout,
      stderr: c.stderr,
      code: c.code,
    });
  });
});

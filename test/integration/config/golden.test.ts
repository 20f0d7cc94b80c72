/**
 * Every `ktl config` case in test/golden/config/cases.tsv, run in-process
 * against a temp copy of the fixtures; stdout, stderr, exit code and the
 * files written must equal what kubectl.1.33 produced (see generate.mjs).
 */
import fs from 'node:fs';
import { afterEach, describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';
import { changedFiles, prepareFixtures, readCases, readGolden } from './golden-cases.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('ktl config matches kubectl byte for byte', () => {
  test.each(readCases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = prepareFixtures();
    dirs.push(dir);
    const env: Record<string, string> = {};
    if (c.kubeconfig) env.KUBECONFIG = c.kubeconfig;
    const r = await runKtl(c.args, { cwd: dir, homeDir: dir, env });
    const want = readGolden(c.name);
    const got = changedFiles(dir);
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.code }).toEqual({
      stdout: want.stdout,
      stderr: want.stderr,
      code: want.code,
    });
    expect(got.files).toEqual(want.files);
    expect(got.modes).toBe(want.modes);
  });
});

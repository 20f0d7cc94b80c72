/**
 * The npm package: `npm pack` of the built tree, installed into a temporary
 * prefix as `npm install -g --prefix` does it, and run through npm's bin shim
 * against the shared cluster; and the same tarball run with npx. The pack
 * skips the prepack build (dist/ is built before e2e runs) to keep CI cheap.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kubectl, repoRoot, runProcess } from './cluster-env.js';

let dir: string;
let tarball: string;
let files: string[];
let packed: { size: number; unpackedSize: number };

function duBytes(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((n, e) => n + duBytes(path.join(p, e)), 0);
}

/** npm with a private cache, no audit/fund chatter, no network needed (the package has no dependencies). */
const npm = (args: string[], env: Record<string, string> = {}) =>
  runProcess('npm', ['--cache', path.join(dir, 'cache'), '--no-audit', '--no-fund', '--offline', ...args], { env, cwd: dir, timeoutMs: 120_000 });

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ktl-package-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' });
  const info = JSON.parse(out)[0] as { filename: string; files: Array<{ path: string }>; size: number; unpackedSize: number };
  tarball = path.join(dir, info.filename);
  files = info.files.map((f) => f.path);
  packed = info;
  // the figures, for the report
  process.stdout.write(`ktl package: tarball ${info.size} bytes, unpacked ${info.unpackedSize} bytes, ${files.length} files\n`);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm package', () => {
  test('holds the launcher and the bundle only: no sources, tests, source maps or dependencies', () => {
    expect(files).toContain('bin/ktl.js');
    // the worker that re-runs a line on a larger stack (documents nested deeper than the main stack takes)
    expect(files).toContain('bin/large-stack.mjs');
    // the CLI is CommonJS, an entry file and its parts in one file, loaded with V8's code cache by bin/load-cli.js; bin/ is CommonJS (bin/package.json)
    expect(files).toContain('bin/load-cli.js');
    expect(files).toContain('bin/package.json');
    expect(files).toContain('dist/ktl.cjs');
    expect(files).toContain('dist/ktl.parts');
    expect(files).toContain('package.json');
    const unexpected = files.filter((f) => !/^(bin\/(ktl|load-cli)\.js|bin\/large-stack\.mjs|bin\/package\.json|dist\/ktl\.(cjs|parts)|dist\/.*\.js|dist\/types\/.*\.d\.ts|package\.json|README\.md|LICENSE)$/.test(f));
    expect(unexpected).toEqual([]);
  });

  test('stays small: tarball under 2 MB, unpacked under 20 MB (1.5 MB and 17.1 MB in Dec 2026, 14.2 MB of it the lazily loaded client-node chunk)', () => {
    expect(packed.size).toBeLessThan(2_000_000);
    expect(packed.unpackedSize).toBeLessThan(20_000_000);
  });

  test('npm install -g --prefix: ktl runs through npm\'s shim, offline, without dev dependencies', async () => {
    const prefix = path.join(dir, 'prefix');
    const inst = await npm(['install', '-g', '--prefix', prefix, tarball]);
    expect(inst.code).toBe(0);
    const installed = path.join(prefix, 'lib', 'node_modules', 'ktl');
    expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
    process.stdout.write(`ktl installed size: ${duBytes(installed)} bytes\n`);
    const env = { PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}` };
    const v = await runProcess('ktl', ['version', '--client'], { env, cwd: dir });
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n/);
    const [mine, ref] = await Promise.all([runProcess('ktl', ['get', 'ns', 'default', 'kube-system'], { env, cwd: dir }), kubectl(['get', 'ns', 'default', 'kube-system'])]);
    expect(mine.code).toBe(0);
    expect(mine.stdout.replace(/\d+[smhd]\d*[smh]?\n/g, 'AGE\n')).toBe(ref.stdout.replace(/\d+[smhd]\d*[smh]?\n/g, 'AGE\n'));
    // kubectl's translations travel in the bundle: German help from the installed package
    const de = await runProcess('ktl', ['uncordon', '--help'], { env: { ...env, LC_ALL: '', LC_MESSAGES: '', LANG: 'de_DE.UTF-8' }, cwd: dir });
    expect(de.code).toBe(0);
    expect(de.stdout).toMatch(/^Markiere Knoten als schedulable\.\n\nExamples:\n/);
  });

  test('npx runs it from the tarball', async () => {
    const r = await npm(['exec', '--yes', '--package', tarball, '--', 'ktl', 'version', '--client'], {
      PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    });
    expect(r.stdout).toMatch(/^Client Version: v\d+\.\d+\.\d+\n/);
    expect(r.code).toBe(0);
  });
});

/**
 * The `config` golden cases (test/golden/config/cases.tsv) and their fixtures,
 * shared by the in-process integration test and the e2e comparison. The
 * goldens are produced by test/golden/config/generate.mjs from kubectl.1.33.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const GOLDEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../golden/config');
const FIXTURES = path.join(GOLDEN_DIR, 'fixtures');

export interface GoldenCase {
  name: string;
  kubeconfig?: string;
  args: string[];
}

export interface Outcome {
  stdout: string;
  stderr: string;
  code: number;
  /** files created or changed, relative path -> content */
  files: Record<string, string>;
  /** "path mode" lines for those files */
  modes: string;
}

export function readCases(): GoldenCase[] {
  return fs
    .readFileSync(path.join(GOLDEN_DIR, 'cases.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [name, kubeconfig, args] = l.split('\t') as [string, string, string];
      return { name, kubeconfig: kubeconfig === '-' ? undefined : kubeconfig, args: args.split(' ') };
    });
}

/** A temp copy of the fixtures with the modes the goldens assume (c.yaml 0644, other yaml 0600). */
export function prepareFixtures(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktl-config-'));
  fs.cpSync(FIXTURES, dir, { recursive: true });
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.yaml')) fs.chmodSync(path.join(dir, f), f === 'c.yaml' ? 0o644 : 0o600);
  }
  return dir;
}

/** Files under dir that differ from the fixtures. */
export function changedFiles(dir: string): { files: Record<string, string>; modes: string } {
  const files: Record<string, string> = {};
  const modes: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) {
        walk(r);
        continue;
      }
      const content = fs.readFileSync(path.join(dir, r), 'utf8');
      const orig = path.join(FIXTURES, r);
      if (fs.existsSync(orig) && fs.readFileSync(orig, 'utf8') === content) continue;
      files[r] = content;
      modes[r] = (fs.statSync(path.join(dir, r)).mode & 0o777).toString(8);
    }
  };
  walk('');
  return {
    files,
    modes: Object.keys(modes).sort().map((f) => `${f} ${modes[f]}\n`).join(''),
  };
}

export function readGolden(name: string): Outcome {
  const dir = path.join(GOLDEN_DIR, name);
  const files: Record<string, string> = {};
  const filesDir = path.join(dir, 'files');
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(filesDir, rel), { withFileTypes: true })) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else files[r] = fs.readFileSync(path.join(filesDir, r), 'utf8');
    }
  };
  if (fs.existsSync(filesDir)) walk('');
  return {
    stdout: fs.readFileSync(path.join(dir, 'stdout'), 'utf8'),
    stderr: fs.readFileSync(path.join(dir, 'stderr'), 'utf8'),
    code: Number(fs.readFileSync(path.join(dir, 'code'), 'utf8').trim()),
    files,
    modes: fs.readFileSync(path.join(dir, 'modes'), 'utf8'),
  };
}

#!/usr/bin/env node
// Writes yaml-emitter.kubectl-1.33.json: generated objects (nested
// maps and lists; strings with spaces, breaks, quotes, indicators, non-ASCII
// text and lines long enough to be folded at every depth; keys in go-yaml's
// natural order), given to `kubectl.1.33 label --local -f list.json zz-` as
// one v1 List; kubectl prints each object on its own, and the file holds each
// object as its `-o json` read it and its `-o yaml` text. Keys that go-yaml orders non-transitively ("10" < "1a" < "2")
// are left out: kubectl's own order for them follows Go's random map order.
// kubectl runs twice and must print the same bytes both times.
// Usage: node test/golden/printers/generate-yaml-emitter.mjs [kubectl]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const kubectl = process.argv[2] ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';
const here = dirname(fileURLToPath(import.meta.url));

// a small deterministic generator (xorshift32), so the file can be made again
let seed = 0x6b746c31;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const int = (n) => Math.floor(rand() * n);

const WORDS = ['app', 'web', 'a', 'zz', 'Name', 'kube', 'ünïcode', '日本語', 'x', 'long-word-without-any-spaces-at-all-here', 'v1.2.3', 'émoji😀', 'path/to/thing'];
const PIECES = [
  ' ', '  ', '\n', '\n\n', '\t', ':', ': ', ' #', '#', '- ', '-', '---', '...', '?', "'", '"', '\\', '{', '}', '[', ']', ',', '&', '*', '!', '|', '>', '%', '@', '`',
  '\u00a0', '\u2028', '\u0085', '\ufeff', 'é', '😀', '\u0001', '\u001b', 'true', 'no', '~', 'null', '0x1F', '1e3', '012', '1:20', '2001-12-14', '.5', '-1', '+2',
];
const KEYS = [
  'a', 'b', 'apiVersion', 'kind', 'metadata', 'spec', 'status', 'name', 'Name', 'NAME', 'app.kubernetes.io/name', 'x-y', 'x_y', 'a b', 'é', 'ß', '日本', '1', '2', '10', '100',
  '', 'null', 'true', 'y', 'n', '-', '-x', ':', 'a: b', '#c', 'k\nl', ' lead', 'trail ', 'quote"d', "it's", 'k'.repeat(130), 'ü'.repeat(70),
];

function str() {
  switch (int(6)) {
    case 0:
      return pick(WORDS);
    case 1: // a sentence, long enough to be folded sometimes
      return Array.from({ length: 3 + int(30) }, () => pick(WORDS)).join(pick([' ', ' ', ' ', '  ', ' \n']));
    case 2:
      return pick(PIECES);
    default: {
      let s = '';
      for (let i = int(8); i >= 0; i--) s += rand() < 0.5 ? pick(WORDS) : pick(PIECES);
      return s;
    }
  }
}

function value(depth) {
  const r = rand();
  if (depth > 0 && r < 0.22) return map(depth - 1);
  if (depth > 0 && r < 0.34) return Array.from({ length: int(4) }, () => value(depth - 1));
  if (r < 0.42) return pick([0, 1, -7, 1.5, 1e21, 1e-7, 123456789012, 0.1, true, false, null]);
  return str();
}

function map(depth) {
  const o = {};
  for (let i = int(6); i >= 0; i--) o[pick(KEYS)] = value(depth);
  return o;
}

const items = Array.from({ length: 300 }, (_, i) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `c${i}`, namespace: 'default' },
  data: map(1 + int(4)),
}));
const list = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items };

const work = mkdtempSync(join(tmpdir(), 'ktl-yaml-golden-'));
try {
  const file = join(work, 'list.json');
  writeFileSync(file, JSON.stringify(list));
  const run = () => execFileSync(kubectl, ['label', '--local', '-f', file, 'zz-', '-o', 'yaml'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const yaml = run();
  if (run() !== yaml) throw new Error('kubectl printed different bytes on a second run');
  // the objects as kubectl read them (its JSON of each), so both sides start from the same values
  const json = execFileSync(kubectl, ['label', '--local', '-f', file, 'zz-', '-o', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const objects = json.split(/^(?=\{$)/m).map((j) => JSON.parse(j));
  const texts = yaml.split(/^(?=apiVersion: v1$)/m);
  if (objects.length !== items.length || texts.length !== items.length) throw new Error('kubectl printed another number of objects');
  writeFileSync(join(here, 'yaml-emitter.kubectl-1.33.json'), JSON.stringify({ objects, yaml: texts }) + '\n');
  console.log(`${items.length} objects, ${yaml.length} characters of YAML`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

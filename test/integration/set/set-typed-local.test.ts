/**
 * `set image|env|resources|serviceaccount --local -f FILE ... -o yaml|json|...`
 * print the objects as kubectl holds them: decoded into client-go's typed
 * structs and encoded again (Go's field order, the zero values of plain
 * fields, unknown fields dropped, quantities and times canonical).
 *
 * Every expected output in test/golden/set-typed/<case>.json (exit code,
 * stdout, stderr) was recorded from kubectl.1.33 (v1.33.1) run in
 * test/golden/set-typed/inputs with the same arguments. Re-record with
 *   KTL_RECORD_SET_TYPED_GOLDEN=1 node --experimental-vm-modules node_modules/jest/bin/jest.js test/integration/set/set-typed-local.test.ts
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runKtl } from '../../helpers/fake-io.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOLDEN = path.join(here, '../../golden/set-typed');
const INPUTS = path.join(GOLDEN, 'inputs');
const RECORD = process.env.KTL_RECORD_SET_TYPED_GOLDEN === '1';
const KUBECTL = process.env.KTL_REFERENCE_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

interface Recorded {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
}

const FILES = [
  'brief.yaml', 'pod-full.yaml', 'deploy-full.yaml', 'sts.yaml', 'ds.yaml', 'rs.yaml', 'rc.yaml', 'job.yaml', 'cronjob.yaml',
  'minimal.yaml', 'list.json', 'odd.yaml', 'odd2.json', 'old-rollback.yaml', 'old-v1beta2-deploy.yaml', 'old-cronjob.yaml',
];

/** case name -> arguments (after kubectl / ktl) */
const CASES: Record<string, string[]> = {};
// each file through each command, yaml and json in turn
const COMMANDS: Array<[string, string[]]> = [
  ['image', ['set', 'image', '--local', '-f', 'FILE', '*=x']],
  ['env', ['set', 'env', '--local', '-f', 'FILE', 'FOO=bar']],
  ['resources', ['set', 'resources', '--local', '-f', 'FILE', '--limits=cpu=200m,memory=1.5Gi']],
  ['serviceaccount', ['set', 'serviceaccount', '--local', '-f', 'FILE', 'sa2']],
];
FILES.forEach((f, i) => {
  const base = f.replace(/\.(yaml|json)$/, '');
  COMMANDS.forEach(([cmd, args], j) => {
    const format = (i + j) % 2 === 0 ? 'yaml' : 'json';
    CASES[`${base}.${cmd}.${format}`] = [...args.map((a) => (a === 'FILE' ? f : a)), '-o', format];
  });
});
Object.assign(CASES, {
  'brief.image-c.json': ['set', 'image', '--local', '-f', 'brief.yaml', 'c=x', '-o', 'json'],
  'brief.image-c.yaml': ['set', 'image', '--local', '-f', 'brief.yaml', 'c=x', '-o', 'yaml'],
  'deploy-full.resources-nomatch-record.yaml': ['set', 'resources', '--local', '-f', 'deploy-full.yaml', '-c', 'nomatch', '--requests=memory=1Gi', '--record', '-o', 'yaml'],
  'pod-full.image-ephemeral.yaml': ['set', 'image', '--local', '-f', 'pod-full.yaml', 'dbg=x', '-o', 'yaml'],
  'brief.image.name': ['set', 'image', '--local', '-f', 'brief.yaml', 'c=x', '-o', 'name'],
  'brief.image.jsonpath': ['set', 'image', '--local', '-f', 'brief.yaml', 'c=x', '-o', 'jsonpath={.spec.strategy}{.status}{.metadata}'],
  'deploy-full.env.template': ['set', 'env', '--local', '-f', 'deploy-full.yaml', 'A=1', '-o', 'go-template={{.spec.template.metadata}} {{.status}}'],
  'pod-full.resources.jsonpath': ['set', 'resources', '--local', '-f', 'pod-full.yaml', '-c', 'g', '--requests=cpu=0.5', '-o', 'jsonpath={.spec.containers[*].resources}'],
  'minimal.env.yaml': ['set', 'env', '--local', '-f', 'minimal.yaml', 'A=1', '-o', 'yaml'],
  'pod-full.env-remove.json': ['set', 'env', '--local', '-f', 'pod-full.yaml', '-c', 'c', 'A-', '-o', 'json'],
});

function record(name: string, args: string[]): Recorded {
  const r = spawnSync(KUBECTL, args, { cwd: INPUTS, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: INPUTS } });
  const rec: Recorded = { args, code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  writeFileSync(path.join(GOLDEN, `${name}.json`), `${JSON.stringify(rec, null, 2)}\n`);
  return rec;
}

describe('set --local prints the typed round trip, as kubectl 1.33 does', () => {
  test.each(Object.entries(CASES))('%s', async (name, args) => {
    const want: Recorded = RECORD ? record(name, args) : JSON.parse(readFileSync(path.join(GOLDEN, `${name}.json`), 'utf8'));
    expect(want.args).toEqual(args);
    const got = await runKtl(args, { cwd: INPUTS });
    expect(got).toEqual({ code: want.code, stdout: want.stdout, stderr: want.stderr });
  });
});

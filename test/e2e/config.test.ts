/**
 * `ktl config` against the reference kubectl, both as real processes on the
 * same kubeconfig layouts (plain, --minify, --raw, --flatten, a 3-file
 * KUBECONFIG list with overlapping names, get-contexts, and write-back).
 * stdout, stderr (with the binary name normalised), exit code, and every file
 * written (content and mode) must be identical. No cluster is needed.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, test } from '@jest/globals';
import { ktl, kubectl, referenceKubectl } from './cluster-env.js';
import { changedFiles, prepareFixtures } from '../integration/config/golden-cases.js';

const LIST = 'c.yaml:b.yaml:a.yaml';

const CASES: Array<[string, string | undefined, string[]]> = [
  ['view, single file', undefined, ['--kubeconfig', 'a.yaml', 'config', 'view']],
  ['view, 3-file list with overlapping names', LIST, ['config', 'view']],
  ['view --raw', LIST, ['config', 'view', '--raw']],
  ['view --minify', LIST, ['config', 'view', '--minify']],
  ['view --minify --context', LIST, ['config', 'view', '--minify', '--context=ctx-a']],
  ['view --flatten', undefined, ['--kubeconfig', 'a.yaml', 'config', 'view', '--flatten']],
  ['view --flatten --minify', LIST, ['config', 'view', '--flatten', '--minify', '--context', 'ctx-a']],
  ['view -o json', LIST, ['config', 'view', '-o', 'json']],
  ['view -o jsonpath', LIST, ['config', 'view', '-o', 'jsonpath={.contexts[*].name}']],
  ['view quoting torture', undefined, ['--kubeconfig', 'quoting.yaml', 'config', 'view', '--raw']],
  ['view missing --kubeconfig', undefined, ['--kubeconfig', 'nope.yaml', 'config', 'view']],
  ['get-contexts', LIST, ['config', 'get-contexts']],
  ['get-contexts --no-headers', LIST, ['config', 'get-contexts', '--no-headers']],
  ['get-contexts -o name', LIST, ['config', 'get-contexts', '-o', 'name']],
  ['get-contexts missing name', LIST, ['config', 'get-contexts', 'ctx-a', 'nope']],
  ['get-users', LIST, ['config', 'get-users']],
  ['current-context', LIST, ['config', 'current-context']],
  ['use-context writes the first file', LIST, ['config', 'use-context', 'ctx-a']],
  ['set-context modifies the defining file', LIST, ['config', 'set-context', 'ctx-a', '--namespace=n2']],
  ['set-context creates in the first file', LIST, ['config', 'set-context', 'fresh', '--cluster=shared', '--user=u1']],
  ['set-cluster with a CA path', LIST, ['config', 'set-cluster', 'shared', '--certificate-authority=certs/ca.crt']],
  ['set-credentials --embed-certs', LIST, ['config', 'set-credentials', 'me', '--client-certificate=certs/c.crt', '--client-key=certs/c.key', '--embed-certs']],
  ['delete-context of the current context', LIST, ['config', 'delete-context', 'ctx-b']],
  ['rename-context', LIST, ['config', 'rename-context', 'ctx-a', 'ctx-z']],
  ['unset current-context', LIST, ['config', 'unset', 'current-context']],
  ['all listed files missing: the last is created', 'x1.yaml:x2.yaml', ['config', 'set-cluster', 'c', '--server=https://c']],
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function runIn(which: 'ktl' | 'kubectl', kubeconfig: string | undefined, args: string[]) {
  const dir = prepareFixtures();
  dirs.push(dir);
  const opts = { cwd: dir, env: { KUBECONFIG: kubeconfig, HOME: dir, KUBECACHEDIR: undefined } };
  const r = which === 'ktl' ? await ktl(args, opts) : await kubectl(args, opts);
  const { files, modes } = changedFiles(dir);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr.replace(/\bkubectl\b/g, 'ktl'), files, modes };
}

const suite = referenceKubectl ? describe : describe.skip;
suite(
  referenceKubectl
    ? `ktl config vs ${referenceKubectl}`
    : 'ktl config vs kubectl.1.33 — SKIPPED: kubectl.1.33 not found (set KTL_REFERENCE_KUBECTL)',
  () => {
    test.each(CASES)('%s', async (_name, kubeconfig, args) => {
      const [want, got] = await Promise.all([runIn('kubectl', kubeconfig, args), runIn('ktl', kubeconfig, args)]);
      expect(got).toEqual(want);
    });
  },
);

import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import { mapAt, type JsonMap } from '../codec/value.js';

/**
 * `kustomize [DIR]`: ktl's built-in kustomize (src/kustomize), following
 * kustomize v5.6.0 as kubectl 1.33 carries it. Plugin, container-function and
 * helm flags are accepted for compatibility; the features they enable are
 * refused when a kustomization asks for them.
 */

const EXAMPLES = `  # Build the current working directory
  ktl kustomize
  
  # Build some shared configuration directory
  ktl kustomize /home/config/production`;

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function registerKustomize(program: Command, app: App): void {
  const cmd = program
    .command('kustomize')
    .description(
      "Build a set of KRM resources using a 'kustomization.yaml' file. The DIR argument must be a path to a directory containing 'kustomization.yaml', or a git repository URL with a path suffix specifying same with respect to the repository root. If DIR is omitted, '.' is assumed.",
    )
    .summary('Build a kustomization target from a directory or URL')
    .usage('DIR [flags] [options]')
    .argument('[dirs...]')
    .option('--as-current-user', 'use the uid and gid of the command executor to run the function in the container')
    .option('--enable-alpha-plugins', 'enable kustomize plugins')
    .option('--enable-helm', 'Enable use of the Helm chart inflator generator.')
    .option('-e, --env <var>', 'a list of environment variables to be used by functions', collect)
    .option('--helm-api-versions <v>', 'Kubernetes api versions used by Helm for Capabilities.APIVersions', collect)
    .option('--helm-command <cmd>', 'helm command (path to executable)', 'helm')
    .option('--helm-debug', 'Enable debug output from the Helm chart inflator generator.')
    .option('--helm-kube-version <v>', 'Kubernetes version used by Helm for Capabilities.KubeVersion')
    .option(
      '--load-restrictor <r>',
      "if set to 'LoadRestrictionsNone', local kustomizations may load files from outside their root. This does, however, break the relocatability of the kustomization.",
      'LoadRestrictionsRootOnly',
    )
    .option('--mount <m>', 'a list of storage options read from the filesystem', collect)
    .option('--network', 'enable network access for functions that declare it')
    .option('--network-name <n>', 'the docker network to run the container in', 'bridge')
    .option('-o, --output <path>', 'If specified, write output to this path.')
    .action(
      action(async (dirs: string[], opts: { loadRestrictor: string; output?: string }) => {
        if (dirs.length > 1) throw new KtlError('specify one path to kustomization.yaml');
        const restrictor = checkRestrictor(opts.loadRestrictor);
        const { buildObjects } = await import('../kustomize/build.js');
        const { emitObjects } = await import('../kustomize/yaml-io.js');
        const warnings: string[] = [];
        let objs;
        try {
          const { klogPrefix } = await import('../client/klog.js');
          objs = buildObjects(app.ctx.cwd, dirs[0] ?? '.', {
            loadRestrictor: restrictor,
            warn: (w) => warnings.push(w),
            log: (m) => warnings.push(`${klogPrefix('I', app.ctx.now(), process.pid, 'log.go:245')}${m}`),
          });
        } finally {
          if (warnings.length) await write(app.ctx.io.errOut, warnings.map((w) => `${w}\n`).join(''));
        }
        if (opts.output === undefined) {
          await write(app.ctx.io.out, emitObjects(objs));
          return 0;
        }
        writeOutput(path.resolve(app.ctx.cwd, opts.output), objs, emitObjects);
        return 0;
      }),
    );
  withExamples(cmd, EXAMPLES);
}

export function checkRestrictor(r: string): 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone' {
  if (r !== 'LoadRestrictionsRootOnly' && r !== 'LoadRestrictionsNone') {
    throw new KtlError(`illegal flag value --load-restrictor ${r}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]`);
  }
  return r;
}

/** -o: a directory gets one file per object (group_version_kind_name.yaml, lower case); anything else one file. */
function writeOutput(out: string, objs: readonly JsonMap[], emit: (o: readonly JsonMap[]) => string): void {
  let isDir = false;
  try {
    isDir = statSync(out).isDirectory();
  } catch {
    /* a new file */
  }
  if (!isDir) {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, emit(objs));
    return;
  }
  for (const o of objs) {
    const meta = mapAt(o, 'metadata') ?? {};
    const name = `${String(o.apiVersion ?? '').replace('/', '_')}_${String(o.kind ?? '')}_${String(meta.name ?? '')}.yaml`.toLowerCase();
    writeFileSync(path.join(out, name), emit([o]));
  }
}

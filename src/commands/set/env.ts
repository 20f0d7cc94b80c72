import type { V1PodSpec } from '@kubernetes/client-node';
import type { Command } from 'commander';
import type { Opts } from '../../flags/opts.js';
import { action, withExamples, type App } from '../kit.js';
import { markStdinInUse, readAll, write } from '../../context.js';
import { ApiError, failIfAny, KtlError, messageOf } from '../../errors.js';
import { collectRaw, parseBoolFlag } from '../../mutate/flags.js';
import { addTargetFlags } from '../rollout/session.js';
import type { PodSpecChange, SetOptions } from './apply-change.js';
import type { ResourceInfo } from '../../resource/types.js';
import type { Clients } from '../../client/index.js';
import { helpDefaults } from '../../flags/global.js';

export interface SetEnvOptions extends SetOptions {
  envArgs: string[];
  from: string;
  prefix: string;
  keys: string[];
  list: boolean;
  /** --resolve: with --list, print the values config map, secret, field and resource references stand for */
  resolve: boolean;
  containers: string;
  overwrite: boolean;
}

const EXAMPLES = `  # Update deployment 'registry' with a new environment variable
  ktl set env deployment/registry STORAGE_DIR=/local

  # List the environment variables defined on a deployments 'sample-build'
  ktl set env deployment/sample-build --list

  # List the environment variables defined on all pods
  ktl set env pods --all --list

  # Output modified deployment in YAML, and does not alter the object on the server
  ktl set env deployment/sample-build STORAGE_DIR=/data -o yaml

  # Update all containers in all replication controllers in the project to have ENV=prod
  ktl set env rc --all ENV=prod

  # Import environment from a secret
  ktl set env --from=secret/mysecret deployment/myapp

  # Import environment from a config map with a prefix
  ktl set env --from=configmap/myconfigmap --prefix=MYSQL_ deployment/myapp

  # Import specific keys from a config map
  ktl set env --keys=my-example-key --from=configmap/myconfigmap deployment/myapp

  # Remove the environment variable ENV from container 'c1' in all deployment configs
  ktl set env deployments --all --containers="c1" ENV-

  # Remove the environment variable ENV from a deployment definition on disk and
  # update the deployment config on the server
  ktl set env -f deploy.json ENV-

  # Set some of the local shell environment into a deployment config on the server
  env | grep RAILS_ | ktl set env -e - deployment/registry`;

export function registerSetEnv(parent: Command, app: App): void {
  const cmd = parent
    .command('env')
    .description(`Update environment variables on a pod template.

 List environment variable definitions in one or more pods, pod templates. Add, update, or remove container environment variable definitions in one or more pod templates (within replication controllers or deployment configurations). View or modify the environment variable definitions on all containers in the specified pods or pod templates, or just those that match a wildcard.

 If "--env -" is passed, environment variables can be read from STDIN using the standard env syntax.

 Possible resources include (case insensitive):

        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)`)
    .summary('Update environment variables on a pod template')
    .usage('RESOURCE/NAME KEY_1=VAL_1 ... KEY_N=VAL_N')
    .argument('[args...]')
    .option('--all', 'If true, select all resources in the namespace of the specified resource types')
    .option('-c, --containers <pattern>', 'The names of containers in the selected pod templates to change - may use wildcards')
    .option('-e, --env <env>', 'Specify a key-value pair for an environment variable to set into each container.', collectRaw)
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--from <resource>', 'The name of a resource from which to inject environment variables')
    .option('--keys <keys>', 'Comma-separated list of keys to import from specified resource')
    .option('--list', 'If true, display the environment and any changes in the standard format. this flag will removed when we have ktl view env.')
    .option('--local', 'If true, set env will NOT contact api-server but run locally.')
    .option('--overwrite [bool]', 'If true, allow environment to be overwritten, otherwise reject updates that overwrite existing environment.')
    .option('--prefix <prefix>', 'Prefix to append to variable names')
    .option('--resolve', 'If true, show secret or configmap references when listing variables');
  addTargetFlags(cmd, { dryRun: true, filenameUsage: 'the resource to update the env' });
  cmd.action(
    action(async (args: string[], opts: Opts<{ env: string[]; from: string; prefix: string; keys: string; containers: string }>, c: Command) => {
      if (opts.all && opts.selector) throw new KtlError('cannot set --all and --selector at the same time');
      const { splitEnvArgs } = await import('../../set/env.js');
      const { resources, envArgs } = splitEnvArgs(args);
      const { setOptions, requireResources } = await import('./apply-change.js');
      const o: SetEnvOptions = setOptions(app, c, resources, opts, () => ({
        envArgs: [...(opts.env ?? []), ...envArgs],
        from: opts.from ?? '',
        prefix: opts.prefix ?? '',
        keys: (opts.keys ?? '').split(',').filter(Boolean),
        list: !!opts.list,
        resolve: !!opts.resolve,
        containers: opts.containers ?? '*',
        overwrite: parseBoolFlag(opts.overwrite, '--overwrite', true),
      }));
      requireResources(o);
      if (o.list && o.print.output) throw new KtlError('--list and --output may not be specified together');
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--containers': "'*'", '--field-manager': "'kubectl-set'", '--keys': '[]', '--overwrite': 'true' });
}

async function run(o: SetEnvOptions): Promise<number> {
  const { changeEach, inSetSession, localInfos, podSpecChangeOf } = await import('./apply-change.js');
  const { podSpecOf, globMatch } = await import('../../set/pod-spec.js');
  const envLib = await import('../../set/env.js');
  const { resourcePath } = await import('../../client/index.js');
  if (o.envArgs.includes('-')) markStdinInUse(o.ctx.io.in);
  const stdin = o.envArgs.includes('-') ? (await readAll(o.ctx.io.in)).toString('utf8') : undefined;
  const { env, remove } = envLib.parseEnvArgs(o.envArgs, stdin);
  // kubectl marks stdin in use once "-" gave the variables: -f - is then refused
  if (stdin !== undefined) {
    const { splitFilenames, STDIN_MULTI_USE } = await import('../../resource/manifests.js');
    if (splitFilenames(o.target.filenames).includes('-')) throw new KtlError(STDIN_MULTI_USE);
  }
  const containersOf = (spec: V1PodSpec) =>
    [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter((c) => globMatch(o.containers, c.name));
  // --list shows each container's env with this run's changes made (nothing is sent)
  const list = async (infos: ResourceInfo[], clients?: Clients, namespace = ''): Promise<unknown[]> => {
    const { quantityNumber } = await import('../../create/quantity.js');
    const cache = new Map<string, Promise<Record<string, string>>>();
    const dataOf = (resource: 'configmaps' | 'secrets', name: string | undefined) => {
      const key = `${resource}/${name}`;
      if (!cache.has(key)) {
        const path = resourcePath({ group: '', version: 'v1', resource }, { namespace, name });
        cache.set(
          key,
          clients!.rest.getJson<{ data?: Record<string, string> }>(path).then(
            (obj) => obj.data ?? {},
            (err: unknown) => {
              throw new Error(err instanceof ApiError ? (err.status.message ?? err.message) : messageOf(err));
            },
          ),
        );
      }
      return cache.get(key)!;
    };
    const resolver = { configMapData: (n?: string) => dataOf('configmaps', n), secretData: (n?: string) => dataOf('secrets', n) };
    for (const info of infos) {
      const obj = JSON.parse(JSON.stringify(info.object ?? {}));
      const spec = podSpecOf(obj, info.mapping.kind);
      if (!spec) continue;
      try {
        await change(spec, info, () => undefined);
      } catch {
        // kubectl lists nothing for an object its changes fail on, and says nothing
        continue;
      }
      const failed = new Map<string, string[]>();
      const resolve = o.resolve && clients ? { obj, resolver, quantity: quantityNumber, failed } : undefined;
      for (const c of containersOf(spec)) await write(o.ctx.io.out, await envLib.listEnv(info.mapping.kind, info.name, c, resolve));
      await write(o.ctx.io.errOut, envLib.resolveErrorLines(failed));
    }
    return [];
  };
  const change: PodSpecChange = async (spec, info) => {
    const matched = containersOf(spec);
    if (matched.length === 0) {
      await write(o.ctx.io.errOut, `Warning: ${info.mapping.kind}/${info.name} does not have any containers matching ${JSON.stringify(o.containers)}\n`);
      return;
    }
    for (const c of matched) {
      const existing = c.env ?? [];
      if (!o.overwrite) {
        for (const e of env) {
          // kubectl compares the plain values only: setting the value a variable already has is no overwrite
          const old = existing.find((x) => x.name === e.name);
          if (old && (old.value ?? '') !== (e.value ?? '')) throw new KtlError(`'${e.name}' already has a value (${old.value ?? ''}), and --overwrite is false`);
        }
      }
      const next = envLib.updateEnv(existing, env, remove);
      if (next.length) c.env = next;
      else delete c.env;
    }
  };
  if (o.local) {
    // no server: nothing to resolve --from against (kubectl's words)
    if (o.from) throw new KtlError('unsupported resource specified in --from');
    const infos = await localInfos(o);
    failIfAny(o.list ? await list(infos) : await changeEach(podSpecChangeOf(o, { infos }, 'env updated', change)), 'bare');
    return 0;
  }
  return inSetSession(o, async (session) => {
    const { clients, resolved, namespace } = session;
    if (o.from) {
      const slash = o.from.indexOf('/');
      const mapping = await clients.resolve(slash > 0 ? o.from.slice(0, slash) : o.from);
      const name = o.from.slice(slash + 1);
      const kind = mapping.kind === 'ConfigMap' ? 'configmap' : mapping.kind === 'Secret' ? 'secret' : undefined;
      if (!kind || slash <= 0) throw new KtlError(`unsupported resource specified in --from`);
      const source = await clients.rest.getJson(resourcePath(mapping, { namespace, name }));
      let warnings = '';
      env.push(...envLib.envFromSource(kind, source, { prefix: o.prefix, keys: o.keys }, (w) => (warnings += w)));
      await write(o.ctx.io.errOut, warnings);
    }
    if (o.list) return list(resolved.infos, clients, namespace);
    return changeEach(podSpecChangeOf(o, { clients, infos: resolved.infos }, 'env updated', change, 'failed to patch env update to pod template: '));
  });
}

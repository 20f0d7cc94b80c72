/**
 * Where completions come from: flag values (-o formats, kubeconfig names,
 * the server's namespaces) and arguments (resource types from the discovery
 * cache, names from the server), per command as kubectl registers them.
 */
import type { Option } from 'commander';
import type { Context } from '../context.js';
import type { GlobalFlags } from '../flags/global.js';
import type { Pod } from '../podio/pods.js';
import type { Answer, Parsed } from './types.js';

const NO_FILE = 4;
const NO_SPACE = 2;
const FILTER_FILE_EXT = 8;

const withPrefix = (list: string[], prefix: string) => list.filter((s) => s.startsWith(prefix));
const sorted = (list: Iterable<string>) => [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

async function kubeconfigNames(ctx: Context, flags: GlobalFlags, kind: 'contexts' | 'clusters' | 'users'): Promise<string[]> {
  try {
    const { loadMergedKubeconfig } = await import('../config/index.js');
    const { config } = await loadMergedKubeconfig(ctx, flags.kubeconfig);
    return sorted(config[kind].keys());
  } catch {
    return [];
  }
}

/** Names of the objects of one type, in the namespace the command would use (kubectl's CompGetResource). */
async function objectNames(ctx: Context, flags: GlobalFlags, type: string, namespace?: string): Promise<string[]> {
  try {
    const { connect, resourcePath } = await import('../client/index.js');
    const clients = await connect(ctx, flags);
    try {
      const m = await clients.resolve(type);
      const list = await clients.rest.list(resourcePath(m, { namespace: m.namespaced ? (namespace ?? clients.config.namespace) : undefined }));
      return list.items.map((o) => o.metadata?.name ?? '').filter(Boolean);
    } finally {
      clients.close();
    }
  } catch {
    return [];
  }
}

/**
 * Resource types for `toComplete` (after its last comma): what
 * `api-resources -o name --cached --verbs=get` lists, as kubectl offers them
 * (no short names).
 */
async function resourceTypes(ctx: Context, flags: GlobalFlags, toComplete: string): Promise<string[]> {
  const comma = toComplete.lastIndexOf(',');
  const prefix = toComplete.slice(0, comma + 1);
  const typed = toComplete.slice(comma + 1);
  let rows: Array<{ name: string; group: string; kind: string }>;
  try {
    const { connect, ResourceMapper } = await import('../client/index.js');
    const { sortRows } = await import('../resource/api-resources.js');
    const clients = await connect(ctx, flags);
    try {
      const { doc } = await clients.discovery.get({ fresh: false });
      const all = new ResourceMapper(doc).preferredResources().filter((m) => m.verbs.includes('get'));
      rows = sortRows(all.map((m) => ({ name: m.resource, group: m.group, kind: m.kind })), '');
    } finally {
      clients.close();
    }
  } catch {
    return [];
  }
  const full = rows.map((r) => (r.group ? `${r.name}.${r.group}` : r.name)).filter((n) => n.startsWith(typed));
  return full.map((t) => prefix + t);
}

/** Output formats from a -o flag's help ("One of: (json, yaml, ...)"), as cli-runtime's AllowedFormats. */
function outputFormats(o: Option): string[] {
  const m = /One of: \(([^)]*)\)/.exec(o.description);
  return m ? m[1]!.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Several context names, comma-separated (ktl's --context A,B): the last one is completed, those already given are not offered again. */
async function contextList(ctx: Context, flags: GlobalFlags, toComplete: string): Promise<string[]> {
  const comma = toComplete.lastIndexOf(',');
  const prefix = toComplete.slice(0, comma + 1);
  const given = new Set(prefix.split(',').filter(Boolean));
  const names = (await kubeconfigNames(ctx, flags, 'contexts')).filter((n) => !given.has(n));
  return withPrefix(names, toComplete.slice(comma + 1)).map((n) => prefix + n);
}

export async function valueCompletions(o: Option, p: Parsed, flags: GlobalFlags, toComplete: string, ctx: Context): Promise<Answer> {
  const path = commandPathOf(p);
  switch (o.long) {
    case '--namespace':
      return { completions: withPrefix(await objectNames(ctx, flags, 'namespace'), toComplete), directive: NO_FILE };
    case '--context':
      // a comma after a name asks for another context (ktl extension); kubectl's answer otherwise
      if (toComplete.includes(',')) return { completions: await contextList(ctx, flags, toComplete), directive: NO_FILE };
      return { completions: withPrefix(await kubeconfigNames(ctx, flags, 'contexts'), toComplete), directive: NO_FILE };
    case '--contexts':
      // a regular expression: a context name is one
      return { completions: withPrefix(await kubeconfigNames(ctx, flags, 'contexts'), toComplete), directive: NO_FILE };
    case '--container':
      if (path !== 'exec') break;
      return { completions: p.args.length > 0 ? withPrefix(await containerNames(ctx, flags, p.args[0]!), toComplete) : [], directive: NO_FILE };
    case '--subresource':
      // kubectl's AddSubresourceFlags offers these three whatever was typed
      if (!['get', 'patch', 'edit', 'replace', 'apply'].includes(path)) break;
      return { completions: ['status', 'scale', 'resize'], directive: NO_FILE };
    case '--clusterrole':
      if (path !== 'create clusterrolebinding') break;
      return { completions: withPrefix(await objectNames(ctx, flags, 'clusterrole'), toComplete), directive: NO_FILE };
    case '--cluster':
      return { completions: withPrefix(await kubeconfigNames(ctx, flags, 'clusters'), toComplete), directive: NO_FILE };
    case '--user':
      return { completions: withPrefix(await kubeconfigNames(ctx, flags, 'users'), toComplete), directive: NO_FILE };
    case '--output': {
      // kubectl registers -o's completion for get only
      if (path !== 'get') break;
      const formats = outputFormats(o);
      if (formats.length) return { completions: withPrefix(formats, toComplete), directive: NO_FILE };
      break;
    }
    case '--filename':
      // kubectl marks -f with the file extensions it reads: the shell offers those files
      return { completions: ['json', 'yaml', 'yml'], directive: FILTER_FILE_EXT };
  }
  // no completion function: the shell completes file names
  return { completions: [], directive: 0 };
}

/** kubectl's resourceTypeAndNameCompletionFunc (allowed types, repeat). */
async function typeAndName(p: Parsed, flags: GlobalFlags, toComplete: string, ctx: Context, allowed?: string[], repeat = true): Promise<Answer> {
  const { args } = p;
  let directive = NO_FILE;
  let comps: string[] = [];
  const types = async (typed: string) => (allowed ? withPrefix(allowed, typed) : resourceTypes(ctx, flags, typed));
  if (args.length > 0 && !args[0]!.includes('/')) {
    if (repeat || args.length === 1) {
      comps = withPrefix(await objectNames(ctx, flags, args[0]!), toComplete);
      if (args.length > 1) comps = comps.filter((c) => !args.slice(1).includes(c));
    }
  } else {
    const slash = toComplete.indexOf('/');
    if (slash < 0) {
      if (args.length === 0) comps = await types(toComplete);
      else if (repeat) {
        directive |= NO_SPACE;
        comps = (await types(toComplete)).map((t) => `${t}/`);
      }
    } else if (repeat || args.length === 0) {
      const type = toComplete.slice(0, slash);
      const names = withPrefix(await objectNames(ctx, flags, type), toComplete.slice(slash + 1));
      comps = names.map((n) => `${type}/${n}`).filter((c) => !args.includes(c));
    }
  }
  return { completions: comps, directive };
}

const ROLLOUT_TYPES = ['deployment', 'daemonset', 'statefulset'];

/** "rollout status" for the command being completed. */
function commandPathOf(p: Parsed): string {
  const names: string[] = [];
  for (let c: typeof p.cmd | null = p.cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Kinds whose objects have pods: offered as TYPE/ where a pod is asked for. */
const RESOURCES_WITH_PODS = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];

/** kubectl's doPodResourceCompletion: pod names and TYPE/ for kinds with pods, or TYPE/NAME once a slash is typed. */
async function podResources(ctx: Context, flags: GlobalFlags, toComplete: string): Promise<Answer> {
  const slash = toComplete.indexOf('/');
  if (slash >= 0) {
    const type = toComplete.slice(0, slash);
    const names = withPrefix(await objectNames(ctx, flags, type), toComplete.slice(slash + 1));
    return { completions: names.map((n) => `${type}/${n}`), directive: NO_FILE };
  }
  const comps = withPrefix(await objectNames(ctx, flags, 'pod'), toComplete);
  const directive = comps.length === 0 ? NO_FILE | NO_SPACE : NO_FILE;
  comps.push(...withPrefix(RESOURCES_WITH_PODS, toComplete).map((t) => `${t}/`));
  return { completions: comps, directive };
}

/**
 * The pod an argument names, as kubectl's convertResourceNameToPodName: a
 * plain name is a pod; TYPE/NAME is read and the pod exec/attach would pick
 * among its pods is taken (waiting at most 100 ms for one, as kubectl does
 * while completing). The pod itself is then read by name, as kubectl does.
 */
async function podObject(ctx: Context, flags: GlobalFlags, arg: string): Promise<Pod | undefined> {
  try {
    const { connect, resourcePath } = await import('../client/index.js');
    const clients = await connect(ctx, flags);
    try {
      const namespace = clients.config.namespace;
      let name = arg;
      const slash = arg.indexOf('/');
      if (slash >= 0) {
        const { activePods, podsForSelector, selectorForObject } = await import('../podio/pods.js');
        const m = await clients.resolve(arg.slice(0, slash));
        const obj = await clients.rest.getJson<Pod>(resourcePath(m, { namespace: m.namespaced ? namespace : undefined, name: arg.slice(slash + 1) }));
        const kind = obj.kind ?? m.kind;
        if (kind === 'Pod') name = obj.metadata.name;
        else {
          const sel = selectorForObject({ ...obj, kind });
          const pods = await podsForSelector(clients, sel.namespace, sel.selector, 100, (a, b) => activePods(b, a));
          name = pods[0]!.metadata.name;
        }
      }
      const pod = await clients.resolve('pod');
      return await clients.rest.getJson<Pod>(resourcePath(pod, { namespace, name }));
    } finally {
      clients.close();
    }
  } catch {
    return undefined;
  }
}

/** kubectl's CompGetContainers: init containers, then containers. */
async function containerNames(ctx: Context, flags: GlobalFlags, arg: string): Promise<string[]> {
  const pod = await podObject(ctx, flags, arg);
  if (!pod) return [];
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].map((c) => c.name);
}

/**
 * port-forward's second argument (kubectl's ResourceAndPortCompletionFunc):
 * LOCAL:REMOTE pairs from a Service's ports or the pod's container ports,
 * the local port being what was typed before ':' (the remote one when
 * nothing was typed).
 */
async function portPairs(ctx: Context, flags: GlobalFlags, arg: string, toComplete: string): Promise<string[]> {
  const local = toComplete === '' ? undefined : toComplete.split(':')[0]!;
  const [type, name] = arg.includes('/') ? [arg.slice(0, arg.indexOf('/')), arg.slice(arg.indexOf('/') + 1)] : ['pod', arg];
  let ports: number[] = [];
  if (type === 'service' || type === 'services' || type === 'svc') {
    try {
      const { connect, resourcePath } = await import('../client/index.js');
      const clients = await connect(ctx, flags);
      try {
        const m = await clients.resolve('service');
        const svc = await clients.rest.getJson<{ spec?: { ports?: Array<{ port: number }> } }>(resourcePath(m, { namespace: clients.config.namespace, name }));
        ports = (svc.spec?.ports ?? []).map((x) => x.port);
      } finally {
        clients.close();
      }
    } catch {
      return [];
    }
  } else {
    const pod = await podObject(ctx, flags, arg);
    ports = (pod?.spec?.containers ?? []).flatMap((c) => (c.ports ?? []).map((x) => x.containerPort));
  }
  return withPrefix(ports.map((port) => `${local ?? port}:${port}`), toComplete);
}

/** Argument completion per command path, as kubectl 1.33 registers ValidArgs/ValidArgsFunction. */
export async function argCompletions(p: Parsed, flags: GlobalFlags, toComplete: string, ctx: Context): Promise<Answer | undefined> {
  const path = commandPathOf(p);
  const namesOf = async (type: string) => ({
    completions: p.args.length === 0 ? withPrefix(await objectNames(ctx, flags, type), toComplete) : [],
    directive: NO_FILE,
  });
  const first = async (kind: 'contexts' | 'clusters' | 'users') => ({
    completions: p.args.length === 0 ? withPrefix(await kubeconfigNames(ctx, flags, kind), toComplete) : [],
    directive: NO_FILE,
  });
  switch (path) {
    case 'get':
    case 'delete':
    case 'edit':
    case 'label':
    case 'annotate':
    case 'patch':
    case 'describe':
    case 'debug':
    case 'apply edit-last-applied':
    case 'apply view-last-applied':
      return typeAndName(p, flags, toComplete, ctx);
    case 'attach':
    case 'exec':
      return p.args.length === 0 ? podResources(ctx, flags, toComplete) : { completions: [], directive: NO_FILE };
    case 'logs':
      if (p.args.length === 0) return podResources(ctx, flags, toComplete);
      return { completions: p.args.length === 1 ? withPrefix(await containerNames(ctx, flags, p.args[0]!), toComplete) : [], directive: NO_FILE };
    case 'port-forward':
      if (p.args.length === 0) return podResources(ctx, flags, toComplete);
      return { completions: p.args.length === 1 ? await portPairs(ctx, flags, p.args[0]!, toComplete) : [], directive: NO_FILE };
    case 'cordon':
    case 'uncordon':
    case 'drain':
    case 'top node':
      return namesOf('node');
    case 'top pod':
      return namesOf('pod');
    case 'taint':
      return typeAndName(p, flags, toComplete, ctx, ['node']);
    case 'autoscale':
      return typeAndName(p, flags, toComplete, ctx, ['deployment', 'replicaset', 'replicationcontroller', 'statefulset']);
    case 'rollout history':
    case 'rollout pause':
    case 'rollout restart':
    case 'rollout resume':
    case 'rollout undo':
      return typeAndName(p, flags, toComplete, ctx, ROLLOUT_TYPES);
    case 'rollout status':
      return typeAndName(p, flags, toComplete, ctx, ROLLOUT_TYPES, false);
    case 'scale':
      return typeAndName(p, flags, toComplete, ctx, ['deployment', 'replicaset', 'replicationcontroller', 'statefulset']);
    case 'expose':
      return typeAndName(p, flags, toComplete, ctx, ['pod', 'service', 'replicationcontroller', 'deployment', 'replicaset']);
    case 'set image':
      return typeAndName(p, flags, toComplete, ctx, ['daemonsets', 'deployments', 'pods', 'cronjobs', 'replicasets', 'replicationcontrollers', 'statefulsets'], false);
    case 'create token':
      return { completions: p.args.length === 0 ? withPrefix(await objectNames(ctx, flags, 'serviceaccount'), toComplete) : [], directive: NO_FILE };
    case 'config use-context':
    case 'config delete-context':
    case 'config rename-context':
    case 'config set-context':
      return first('contexts');
    case 'config delete-cluster':
      return first('clusters');
    case 'config delete-user':
      return first('users');
    case 'completion':
      return { completions: p.args.length === 0 ? withPrefix(['bash', 'zsh', 'fish', 'powershell'], toComplete) : [], directive: NO_FILE };
    case 'cp':
      return cpCompletions(p, flags, toComplete, ctx);
  }
  return undefined;
}

/**
 * cp's first argument as kubectl completes it: nothing for what looks like a
 * path or has a ':' already; NAMESPACE/ gives that namespace's pods as
 * `NAMESPACE/POD:`; otherwise namespaces followed by '/', pods followed by ':'
 * and, when something matched and something was typed, local files with that
 * prefix (directories with '/'), or `./` and `/` when nothing was typed.
 */
async function cpCompletions(p: Parsed, flags: GlobalFlags, toComplete: string, ctx: Context): Promise<Answer> {
  const NO_SPACE = 2;
  const comps: string[] = [];
  if (p.args.length > 0 || /^[/.~]/.test(toComplete) || toComplete.includes(':')) return { completions: comps, directive: NO_SPACE };
  const slash = toComplete.indexOf('/');
  if (slash > 0) {
    const ns = toComplete.slice(0, slash);
    const pods = await objectNames(ctx, flags, 'pod', ns);
    return { completions: withPrefix(pods.map((pod) => `${ns}/${pod}:`), toComplete), directive: NO_SPACE };
  }
  for (const ns of withPrefix(await objectNames(ctx, flags, 'namespace'), toComplete)) comps.push(`${ns}/`);
  for (const pod of withPrefix(await objectNames(ctx, flags, 'pod'), toComplete)) comps.push(`${pod}:`);
  if (comps.length > 0 && toComplete.length > 0) {
    try {
      const { readdirSync } = await import('node:fs');
      for (const e of readdirSync(ctx.cwd, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        if (e.name.startsWith(toComplete)) comps.push(e.isDirectory() ? `${e.name}/` : e.name);
      }
    } catch {
      // no local files then
    }
  } else if (toComplete.length === 0) comps.push('./', '/');
  return { completions: comps, directive: NO_SPACE };
}

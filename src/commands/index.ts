import type { Command } from 'commander';
import type { App } from './kit.js';

/** Declares a command (and its subcommands) on the root program. */
export type Registrar = (program: Command, app: App) => void;

export interface CommandEntry {
  /** the one-line summary root help shows; must equal the real command's summary (a unit test checks) */
  summary: string;
  /** imports the module that declares the command; only the verb being run is loaded */
  load: () => Promise<Registrar>;
  /**
   * false: the command never calls app.factory(), so factory.ts (the resource
   * builder, the mapper ...) is not loaded for it; startup is shorter
   */
  factory?: false;
  /** left out of help and completion, as cobra's Hidden commands are */
  hidden?: true;
}

/**
 * Every top-level command. To add one: an entry here (summary + dynamic
 * import of its register function) and its name in COMMAND_GROUPS. Modules
 * are imported only for the verb on the command line, so startup does not pay
 * for the others; root help uses the summaries.
 */
export const COMMANDS: Record<string, CommandEntry> = {
  create: { summary: 'Create a resource from a file or from stdin', load: async () => (await import('./create/index.js')).registerCreate },
  set: { summary: 'Set specific features on objects', load: async () => (await import('./set/index.js')).registerSet },
  patch: { summary: 'Update fields of a resource', load: async () => (await import('./patch.js')).registerPatch },
  replace: { summary: 'Replace a resource by file name or stdin', load: async () => (await import('./replace.js')).registerReplace },
  edit: { summary: 'Edit a resource on the server', load: async () => (await import('./edit.js')).registerEdit },
  label: { summary: 'Update the labels on a resource', load: async () => (await import('./label.js')).registerLabel },
  annotate: { summary: 'Update the annotations on a resource', load: async () => (await import('./annotate.js')).registerAnnotate },
  describe: {
    summary: 'Show details of a specific resource or group of resources',
    load: async () => (await import('./describe.js')).registerDescribe,
  },
  events: { summary: 'List events', load: async () => (await import('./events.js')).registerEvents },
  get: { summary: 'Display one or many resources', load: async () => (await import('./get/index.js')).registerGet },
  delete: {
    summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
    load: async () => (await import('./delete.js')).registerDelete,
  },
  rollout: { summary: 'Manage the rollout of a resource', load: async () => (await import('./rollout/index.js')).registerRollout },
  scale: {
    summary: 'Set a new size for a deployment, replica set, or replication controller',
    load: async () => (await import('./scale.js')).registerScale,
  },
  'cluster-info': { summary: 'Display cluster information', load: async () => (await import('./cluster-info.js')).registerClusterInfo },
  explain: { summary: 'Get documentation for a resource', load: async () => (await import('./explain.js')).registerExplain },
  diff: { summary: 'Diff the live version against a would-be applied version', load: async () => (await import('./diff.js')).registerDiff },
  apply: {
    summary: 'Apply a configuration to a resource by file name or stdin',
    load: async () => (await import('./apply.js')).registerApply,
  },
  wait: {
    summary: 'Experimental: Wait for a specific condition on one or many resources',
    load: async () => (await import('./wait.js')).registerWait,
  },
  'api-resources': {
    summary: 'Print the supported API resources on the server',
    load: async () => (await import('./api-resources.js')).registerApiResources,
  },
  'api-versions': {
    summary: 'Print the supported API versions on the server, in the form of "group/version"',
    load: async () => (await import('./api-versions.js')).registerApiVersions,
  },
  config: { summary: 'Modify kubeconfig files', load: async () => (await import('./config/index.js')).registerConfig, factory: false },
  version: { summary: 'Print the client and server version information', load: async () => (await import('./version.js')).registerVersion, factory: false },
  options: { summary: 'Print the list of flags inherited by all commands', load: async () => (await import('./options.js')).registerOptions, factory: false },
  completion: {
    summary: 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)',
    load: async () => (await import('./completion.js')).registerCompletion,
    factory: false,
  },
  plugin: { summary: 'Provides utilities for interacting with plugins', load: async () => (await import('./plugin.js')).registerPlugin, factory: false },
  kustomize: {
    summary: 'Build a kustomization target from a directory or URL',
    load: async () => (await import('./kustomize.js')).registerKustomize,
    factory: false,
  },
  auth: { summary: 'Inspect authorization', load: async () => (await import('./auth.js')).registerAuth },
  run: { summary: 'Run a particular image on the cluster', load: async () => (await import('./run.js')).registerRun },
  logs: { summary: 'Print the logs for a container in a pod', load: async () => (await import('./logs.js')).registerLogs },
  exec: { summary: 'Execute a command in a container', load: async () => (await import('./exec.js')).registerExec },
  debug: { summary: 'Create debugging sessions for troubleshooting workloads and nodes', load: async () => (await import('./debug.js')).registerDebug },
  cp: { summary: 'Copy files and directories to and from containers', load: async () => (await import('./cp.js')).registerCp },
  attach: { summary: 'Attach to a running container', load: async () => (await import('./attach.js')).registerAttach },
  'port-forward': {
    summary: 'Forward one or more local ports to a pod',
    load: async () => (await import('./port-forward.js')).registerPortForward,
  },
  cordon: { summary: 'Mark node as unschedulable', load: async () => (await import('./drain.js')).registerCordon },
  uncordon: { summary: 'Mark node as schedulable', load: async () => (await import('./drain.js')).registerUncordon },
  drain: { summary: 'Drain node in preparation for maintenance', load: async () => (await import('./drain.js')).registerDrain },
  taint: { summary: 'Update the taints on one or more nodes', load: async () => (await import('./taint.js')).registerTaint },
  proxy: { summary: 'Run a proxy to the Kubernetes API server', load: async () => (await import('./proxy.js')).registerProxy },
  certificate: { summary: 'Modify certificate resources', load: async () => (await import('./certificate.js')).registerCertificate },
  autoscale: {
    summary: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
    load: async () => (await import('./autoscale.js')).registerAutoscale,
  },
  top: { summary: 'Display resource (CPU/memory) usage', load: async () => (await import('./top.js')).registerTop },
  capacity: {
    summary: 'Display allocatable, requested and limited resources of nodes (ktl)',
    load: async () => (await import('./capacity.js')).registerCapacity,
  },
  alpha: { summary: 'Commands for features in alpha', load: async () => (await import('./alpha.js')).registerAlpha, factory: false, hidden: true },
  expose: {
    summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
    load: async () => (await import('./expose.js')).registerExpose,
  },
};

/** Help groups, in kubectl's order; a command shows up once it is registered. */
export const COMMAND_GROUPS: Array<{ title: string; commands: string[] }> = [
  { title: 'Basic Commands (Beginner)', commands: ['create', 'expose', 'run', 'set'] },
  { title: 'Basic Commands (Intermediate)', commands: ['explain', 'get', 'edit', 'delete'] },
  { title: 'Deploy Commands', commands: ['rollout', 'scale', 'autoscale'] },
  {
    title: 'Cluster Management Commands',
    commands: ['certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint'],
  },
  {
    title: 'Troubleshooting and Debugging Commands',
    commands: ['describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events'],
  },
  { title: 'Advanced Commands', commands: ['diff', 'apply', 'patch', 'replace', 'wait', 'kustomize'] },
  { title: 'Settings Commands', commands: ['label', 'annotate', 'completion'] },
  // `options` is left out of root help, as kubectl leaves it out
  { title: 'Other Commands', commands: ['api-resources', 'api-versions', 'config', 'plugin', 'version'] },
  { title: 'ktl Extensions (not in kubectl)', commands: ['capacity'] },
];

/**
 * Whether running `verb` needs factory.ts loaded: every command ('*') or a
 * real command not marked `factory: false`. No verb (root help) and a word
 * that names no command load only placeholders, which need none.
 */
export function needsFactory(verb: string | undefined): boolean {
  if (verb === '*') return true;
  return verb !== undefined && Object.hasOwn(COMMANDS, verb) && COMMANDS[verb]!.factory !== false;
}

/**
 * Registers the real command for `verb` (every command when verb is '*'),
 * and a light placeholder carrying only the summary for the others. When verb
 * names a command, that command alone is registered: nothing of a run of it
 * looks at the others (root help, unknown-command suggestions and completion
 * of command names run without a verb, and get every placeholder).
 * `placeholders`: the others too, whatever the verb (kuberc checks the
 * commands its overrides name against the whole tree).
 */
export async function registerCommands(program: Command, app: App, verb: string | undefined, placeholders = false): Promise<void> {
  if (!placeholders && verb !== undefined && verb !== '*' && Object.hasOwn(COMMANDS, verb)) {
    (await COMMANDS[verb]!.load())(program, app);
    return;
  }
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (verb === '*' || verb === name) {
      (await entry.load())(program, app);
    } else {
      program.command(name, { hidden: !!entry.hidden }).summary(entry.summary).allowUnknownOption().allowExcessArguments();
    }
  }
}

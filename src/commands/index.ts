import type { Command } from 'commander';
import type { App } from '../cli.js';
import { registerOptions } from './options.js';
import { registerVersion } from './version.js';
import { registerConfig } from './config/index.js';
import { registerApiResources } from './api-resources.js';
import { registerApiVersions } from './api-versions.js';
import { registerClusterInfo } from './cluster-info.js';
import { registerGet } from './get/index.js';
import { registerScale } from './scale.js';
import { registerRollout } from './rollout/index.js';
import { registerWait } from './wait.js';
import { registerSet } from './set/index.js';
import { registerApply } from './apply.js';
import { registerDelete } from './delete.js';
import { registerCreate } from './create/index.js';

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
  { title: 'Other Commands', commands: ['api-resources', 'api-versions', 'config', 'plugin', 'version', 'options'] },
];

/**
 * Every command is declared here. Declarations are cheap; each command's
 * implementation is imported only when it runs, to keep startup fast.
 */
export function registerCommands(program: Command, app: App): void {
  registerVersion(program, app);
  registerApiResources(program, app);
  registerApiVersions(program, app);
  registerClusterInfo(program, app);
  registerGet(program, app);
  registerScale(program, app);
  registerRollout(program, app);
  registerWait(program, app);
  registerSet(program, app);
  registerApply(program, app);
  registerDelete(program, app);
  registerCreate(program, app);
  registerConfig(program, app);
  registerOptions(program, app);
}

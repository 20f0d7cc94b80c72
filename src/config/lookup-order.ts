/**
 * Which wording a kubeconfig fault gets: kubectl words a --context, --user or
 * --cluster that names nothing by the lookup its command makes first. A command
 * that asks for the namespace first (get, describe, delete, label ...) meets
 * client-go's ConfirmUsable (`Error in configuration: context was not found
 * for specified context: X`); one that asks for the client configuration first
 * (version, create, apply, run ...) meets its named-entry checks (`error:
 * context "X" does not exist`). An explicit -n answers the namespace lookup
 * without looking at the kubeconfig, so with -n every command meets the second.
 * set selector asks for both and reports both. Measured against kubectl 1.33
 * command by command; ktl's commands make their lookups in their own order, so
 * the choice is made here, by command, when the error is printed.
 */
import { ConfigError } from '../errors.js';

/** Command paths (without the binary's name) whose first lookup is the client configuration. */
const CLIENT_FIRST = new Set([
  'version',
  'api-resources',
  'api-versions',
  'cluster-info',
  'cluster-info dump',
  'explain',
  'auth can-i',
  'auth whoami',
  'apply',
  'replace',
  'diff',
  'run',
  'wait',
  'expose',
  'autoscale',
  'cordon',
  'uncordon',
  'drain',
  'certificate approve',
  'certificate deny',
  'proxy',
  'set env',
  'top node',
]);

/**
 * The form of `err` the command at `path` (e.g. "create deployment") shows;
 * `namespaceFlag`: -n/--namespace was given; `raw`: get --raw.
 */
export function configErrorFor(err: ConfigError, path: string, o: { namespaceFlag: boolean; raw?: boolean }): ConfigError {
  const forms = err.forms;
  if (!forms) return err;
  if (path === 'set selector') return (o.namespaceFlag ? forms.client : forms.both) ?? err;
  return o.namespaceFlag || clientFirst(path, !!o.raw) ? (forms.client ?? err) : err;
}

function clientFirst(path: string, raw: boolean): boolean {
  if (CLIENT_FIRST.has(path)) return true;
  // every create generator and create -f; create token asks for the namespace first
  if (path === 'create' || path.startsWith('create ')) return path !== 'create token';
  return path === 'get' && raw;
}

import type { Command } from 'commander';
import type { Opts } from '../../flags/opts.js';
import { addRecordFlag } from '../../flags/record.js';
import { action, withExamples, type App } from '../kit.js';
import { KtlError, PrefixedError } from '../../errors.js';
import { addTargetFlags } from '../rollout/session.js';
import type { SetOptions } from './apply-change.js';
import { helpDefaults } from '../../flags/global.js';

export interface SetResourcesOptions extends SetOptions {
  containers: string;
  limits: Record<string, string>;
  requests: Record<string, string>;
}

const EXAMPLES = `  # Set a deployments nginx container cpu limits to "200m" and memory to "512Mi"
  ktl set resources deployment nginx -c=nginx --limits=cpu=200m,memory=512Mi

  # Set the resource request and limits for all containers in nginx
  ktl set resources deployment nginx --limits=cpu=200m,memory=512Mi --requests=cpu=100m,memory=256Mi

  # Remove the resource requests for resources on containers in nginx
  ktl set resources deployment nginx --limits=cpu=0,memory=0 --requests=cpu=0,memory=0

  # Print the result (in yaml format) of updating nginx container limits from a local, without hitting the server
  ktl set resources -f path/to/file.yaml --limits=cpu=200m,memory=512Mi --local -o yaml`;

export function registerSetResources(parent: Command, app: App): void {
  const cmd = parent
    .command('resources')
    .description(`Specify compute resource requirements (CPU, memory) for any resource that defines a pod template.  If a pod is successfully scheduled, it is guaranteed the amount of resource requested, but may burst up to its specified limits.

 For each compute resource, if a limit is specified and a request is omitted, the request will default to the limit.

 Possible resources include (case insensitive): Use "ktl api-resources" for a complete list of supported resources..`)
    .summary('Update resource requests/limits on objects with pod templates')
    .usage('(-f FILENAME | TYPE NAME)  ([--limits=LIMITS & --requests=REQUESTS]')
    .argument('[args...]')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-c, --containers <pattern>', 'The names of containers in the selected pod templates to change, all containers are selected by default - may use wildcards')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--limits <list>', 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.')
    .option('--local', 'If true, set resources will NOT contact api-server but run locally.')
    .option('--requests <list>', 'The resource requirement requests for this container.  For example, \'cpu=100m,memory=256Mi\'.  Note that server side components may assign requests depending on the server configuration, such as limit ranges.');
  addTargetFlags(cmd, { dryRun: true });
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Opts<{ containers: string; limits: string; requests: string }>, c: Command) => {
      const { parseResourceList } = await import('../../set/resources.js');
      if (!opts.limits && !opts.requests) {
        throw new KtlError('you must specify an update to requests or limits (in the form of --requests/--limits)');
      }
      const { setOptions } = await import('./apply-change.js');
      return run(
        setOptions(app, c, args, opts, () => ({
          containers: opts.containers ?? '*',
          limits: parseResourceList(opts.limits),
          requests: parseResourceList(opts.requests),
        })),
      );
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--containers': "'*'", '--field-manager': "'kubectl-set'" });
}

async function run(o: SetResourcesOptions): Promise<number> {
  const { changePodTemplates } = await import('./apply-change.js');
  const { applyResources } = await import('../../set/resources.js');
  return changePodTemplates(o, 'failed to patch resources update to pod template ', 'resource requirements updated', (spec, _info, note) => {
    if (applyResources(spec, o.containers, o.limits, o.requests)) return true;
    note(new PrefixedError(`unable to find container named ${o.containers}`));
    // kubectl records nothing for an object none of whose containers matched
    return false;
  });
}

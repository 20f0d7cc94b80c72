import type { Command } from 'commander';
import { addRecordFlag } from '../../flags/record.js';
import { action, withExamples, type App } from '../kit.js';
import { KtlError, PrefixedError } from '../../errors.js';
import { addTargetFlags } from '../rollout/session.js';
import type { SetOptions } from './apply-change.js';
import { addWaitReadyFlags, waitFlags } from '../../wait/ready/run.js';
import { helpDefaults } from '../../flags/global.js';

export interface SetImageOptions extends SetOptions {
  images: Map<string, string>;
  /** ktl: --wait[=TIMEOUT] / --wait-ready */
  readyTimeoutMs?: number;
}

const EXAMPLES = `  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
  ktl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'
  ktl set image deployments,rc nginx=nginx:1.9.1 --all

  # Update image of all containers of daemonset abc to 'nginx:1.9.1'
  ktl set image daemonset abc *=nginx:1.9.1

  # Print result (in yaml format) of updating nginx container image from local file, without hitting the server
  ktl set image -f path/to/file.yaml nginx=nginx:1.9.1 --local -o yaml`;

export function registerSetImage(parent: Command, app: App): void {
  const cmd = parent
    .command('image')
    .description('Update existing container image(s) of resources.\n\n Possible resources include (case insensitive):\n\n        pod (po), replicationcontroller (rc), deployment (deploy), daemonset (ds), statefulset (sts), cronjob (cj), replicaset (rs)')
    .summary('Update the image of a pod template')
    .usage('(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N')
    .argument('[args...]')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('--field-manager <name>', 'Name of the manager used to track field ownership.')
    .option('--local', 'If true, set image will NOT contact api-server but run locally.');
  addTargetFlags(cmd, { dryRun: true });
  addWaitReadyFlags(cmd, { waitToo: true });
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      const { splitImageArgs, parseImageArgs } = await import('../../set/image.js');
      const { setOptions, requireResources } = await import('./apply-change.js');
      const { resources, pairs } = splitImageArgs(args);
      const o: SetImageOptions = setOptions(app, c, resources, opts, () => ({
        images: parseImageArgs(pairs),
        readyTimeoutMs: waitFlags(opts, { kubectlWait: false }).readyTimeoutMs,
      }));
      // kubectl finds the objects (the builder's errors) before it checks the images
      const { MISSING_RESOURCE_MESSAGE, parseResourceArgs } = await import('../../resource/args.js');
      if (resources.length === 0 && o.target.filenames.length === 0) throw new KtlError(MISSING_RESOURCE_MESSAGE);
      if (resources.length > 0) parseResourceArgs(resources, app.ctx.binName);
      requireResources(o);
      if (o.images.size === 0) throw new KtlError('at least one image update is required');
      if (o.images.size > 1 && o.images.has('*')) throw new KtlError('all containers are already specified by *, but saw more than one container_name=container_image pairs');
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--field-manager': "'kubectl-set'" });
}

async function run(o: SetImageOptions): Promise<number> {
  const { changePodTemplates } = await import('./apply-change.js');
  const { applyImages } = await import('../../set/image.js');
  return changePodTemplates(o, 'failed to patch image update to pod template: ', 'image updated', (spec, _info, note) => {
    // kubectl's own "error: " and no object name; the other images are still set
    for (const name of applyImages(spec, o.images)) note(new PrefixedError(`unable to find container named ${JSON.stringify(name)}`));
  }, o.readyTimeoutMs);
}

import type { Command } from 'commander';
import { action, withExamples, type App } from '../../cli.js';
import type { Context } from '../../context.js';
import { KtlError } from '../../errors.js';
import type { GlobalFlags } from '../../flags/global.js';
import { FilenameFlags } from '../../flags/filename.js';
import { SelectorFlags } from '../../flags/selector.js';
import type { PrintOptions } from '../../flags/print.js';
import { addDryRunFlag, parseDryRun } from '../../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../../mutate/output.js';
import type { DryRun } from '../../mutate/report.js';
import { targetFlags, type TargetFlags } from '../rollout/session.js';

export interface SetImageOptions {
  ctx: Context;
  flags: GlobalFlags;
  target: TargetFlags;
  images: Map<string, string>;
  dryRun: DryRun;
  print: PrintOptions;
  fieldManager: string;
}

const EXAMPLES = `  # Set a deployment's nginx container image to 'nginx:1.9.1', and its busybox container image to 'busybox'
  ktl set image deployment/nginx busybox=busybox nginx=nginx:1.9.1

  # Update all deployments' and rc's nginx container's image to 'nginx:1.9.1'
  ktl set image deployments,rc nginx=nginx:1.9.1 --all

  # Update image of all containers of daemonset abc to 'nginx:1.9.1'
  ktl set image daemonset abc *=nginx:1.9.1`;

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
  new FilenameFlags('identifying the resource to get from a server.').addTo(cmd);
  new SelectorFlags({ selector: true }).addTo(cmd);
  addDryRunFlag(cmd);
  addObjectPrintFlags(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      if (opts.local) throw new KtlError('--local is not supported by ktl set image yet');
      const { splitImageArgs, parseImageArgs } = await import('../../set/image.js');
      const { resources, pairs } = splitImageArgs(args);
      const o: SetImageOptions = {
        ctx: app.ctx,
        flags: app.globals(c),
        target: targetFlags(resources, opts),
        images: parseImageArgs(pairs),
        dryRun: parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s)),
        print: objectPrintOptions(opts),
        fieldManager: (opts.fieldManager as string | undefined) ?? 'kubectl-set',
      };
      if (o.target.args.length === 0 && o.target.filenames.length === 0) {
        throw new KtlError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
      }
      if (o.images.size === 0) throw new KtlError('at least one image update is required');
      return run(o);
    }),
  );
  withExamples(cmd, EXAMPLES);
}

async function run(o: SetImageOptions): Promise<number> {
  const { openSession } = await import('../rollout/session.js');
  const { finish } = await import('../rollout/report.js');
  const { changeEach } = await import('./apply-change.js');
  const { podSpecOf } = await import('../../set/pod-spec.js');
  const { applyImages } = await import('../../set/image.js');
  const { clients, resolved } = await openSession(o.ctx, o.flags, 'set image', o.target, { allowEmptySelector: false });
  try {
    const failures = await changeEach({
      ctx: o.ctx,
      clients,
      infos: resolved.infos,
      dryRun: o.dryRun,
      print: o.print,
      fieldManager: o.fieldManager,
      operation: 'image updated',
      mutate(copy, info) {
        const spec = podSpecOf(copy, info.mapping.kind);
        if (!spec) throw new KtlError(`${info.mapping.kind.toLowerCase()}s/${info.name} does not have a pod template`);
        applyImages(spec, o.images);
      },
    });
    return finish(o.ctx.io, [...failures, ...resolved.errors]);
  } finally {
    clients.close();
  }
}

import type { Command } from 'commander';
import { addRecordFlag, recordCause, recordOn } from '../flags/record.js';
import { action, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { ApiError, failIfAny, KtlError, messageOf, PreConfigError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import { parseDryRun, parseIntFlag, SAVE_CONFIG_HELP } from '../mutate/flags.js';
import type { KubeObject } from '../resource/types.js';
import { escapePathSegment } from '../client/path-segment.js';

const EXAMPLES = (bin: string) => `  # Auto scale a deployment "foo", with the number of pods between 2 and 10, no target CPU utilization specified so a default autoscaling policy will be used
  ${bin} autoscale deployment foo --min=2 --max=10
  
  # Auto scale a replication controller "foo", with the number of pods between 1 and 5, target CPU utilization at 80%
  ${bin} autoscale rc foo --max=5 --cpu-percent=80`;

export function registerAutoscale(program: Command, app: App): void {
  const cmd = program
    .command('autoscale')
    .description(
      'Creates an autoscaler that automatically chooses and sets the number of pods that run in a Kubernetes cluster. The command will attempt to use the autoscaling/v2 API first, in case of an error, it will fall back to autoscaling/v1 API.\n\n Looks up a deployment, replica set, stateful set, or replication controller by name and creates an autoscaler that uses the given resource as a reference. An autoscaler can automatically increase or decrease number of pods deployed within the system as needed.',
    )
    .summary('Auto-scale a deployment, replica set, stateful set, or replication controller')
    .usage('(-f FILENAME | TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu-percent=CPU] [options]')
    .argument('[args...]')
    .addOption(
      new Option(
        '--cpu-percent <percent>',
        "The target average CPU utilization (represented as a percent of requested CPU) over all the pods. If it's not specified or negative, a default autoscaling policy will be used.",
      ).default(undefined, '-1'),
    )
    .addOption(
      new Option(
        '--dry-run [strategy]',
        'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
      ).default(undefined, "'none'"),
    )
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default('kubectl-autoscale'))
    .addOption(new Option('--max <pods>', 'The upper limit for the number of pods that can be set by the autoscaler. Required.').default(undefined, '-1'))
    .addOption(
      new Option('--min <pods>', "The lower limit for the number of pods that can be set by the autoscaler. If it's not specified or negative, the server will apply a default value.").default(
        undefined,
        '-1',
      ),
    )
    .addOption(new Option('--name <name>', 'The name for the newly created object. If not specified, the name of the input resource will be used.').default(''))
    .option(
      '--save-config',
      SAVE_CONFIG_HELP,
    );
  new FilenameFlags('identifying the resource to autoscale.').addTo(cmd);
  addObjectPrintFlags(cmd);
  withExamples(cmd, EXAMPLES(app.ctx.binName));
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Record<string, unknown>, c: Command) => {
      // pflag parses the numbers before cobra checks the required flag
      const int = (v: unknown, flag: string): number => {
        try {
          return parseIntFlag(v, flag, -1);
        } catch (err) {
          throw new PreConfigError(`${messageOf(err)}\nSee '${app.ctx.binName} autoscale --help' for usage.`);
        }
      };
      const max = int(opts.max, '--max');
      const min = int(opts.min, '--min');
      const cpu = int(opts.cpuPercent, '--cpu-percent');
      if (opts.max === undefined) throw new PreConfigError('required flag(s) "max" not set');
      const f = app.factory(c);
      const dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
      // kubectl builds its printer only when it prints (after creating)
      const print = () => objectPrintOptions(opts);
      const files = new FilenameFlags().toOptions(opts);
      if (max < 1) throw new KtlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
      if (max < min) throw new KtlError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
      const { namespace, enforce } = await f.namespace();
      const { MISSING_RESOURCE_MESSAGE } = await import('../resource/args.js');
      const r = await f
        .builder()
        .args(args)
        .filenames(files)
        .namespace(namespace, { enforce })
        .allowEmptySelector(false)
        .noResourcesMessage(MISSING_RESOURCE_MESSAGE)
        .continueOnError()
        .do();
      const clients = await f.clients();
      const { ObjectOutput } = await import('../mutate/output.js');
      const { compactJson } = await import('../codec/json.js');
      // kubectl makes a new printer for each object: no YAML separators between them
      const out = { render: (obj: KubeObject, op: string, keep: boolean) => new ObjectOutput(print(), app.ctx.cwd, dryRun).render(obj, op, keep) };
      const enc = escapePathSegment;
      let count = 0;
      const failures = await r.visit(async (info) => {
        if (!info.object) {
          // a name from the command line: kubectl's builder reads it (a missing object fails here)
          const { resourcePath } = await import('../client/index.js');
          info.object = await (await import('../client/rest.js')).getNamed(clients.rest, resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name }), info.namespace);
        }
        const m = info.mapping;
        const gv = m.group ? `${m.group}/${m.version}` : m.version;
        if (!m.subresources.includes('scale')) {
          throw new KtlError(`cannot autoscale a ${m.kind}: could not find scale subresource for ${m.group}/${m.version}, Resource=${m.resource} in discovery information`);
        }
        const name = String(opts.name ?? '') || info.name;
        const ref = { kind: m.kind, name: info.name, apiVersion: gv };
        // Go struct field order, as kubectl prints its typed objects
        const v2: Record<string, unknown> = {
          kind: 'HorizontalPodAutoscaler',
          apiVersion: 'autoscaling/v2',
          metadata: { name, creationTimestamp: null },
          spec: {
            scaleTargetRef: ref,
            ...(min > 0 ? { minReplicas: min } : {}),
            maxReplicas: max,
            ...(cpu >= 0 ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }] } : {}),
          },
          status: { desiredReplicas: 0, currentMetrics: null },
        };
        const v1: Record<string, unknown> = {
          kind: 'HorizontalPodAutoscaler',
          apiVersion: 'autoscaling/v1',
          metadata: { name, creationTimestamp: null },
          spec: { scaleTargetRef: ref, ...(min > 0 ? { minReplicas: min } : {}), maxReplicas: max, ...(cpu >= 0 ? { targetCPUUtilizationPercentage: cpu } : {}) },
          status: { currentReplicas: 0, desiredReplicas: 0 },
        };
        const cause = recordCause(c, opts, app.ctx.binName);
        const send = async (hpa: Record<string, unknown>, version: string): Promise<void> => {
          if (cause !== undefined) {
            hpa = structuredClone(hpa);
            recordOn(hpa, cause);
          }
          if (dryRun === 'client') {
            await write(app.ctx.io.out, await out.render(hpa, 'created', true));
            return;
          }
          let body = hpa;
          if (opts.saveConfig) {
            const saved = compactJson(hpa, { sortKeys: false }) + '\n';
            const recorded = cause !== undefined ? { 'kubernetes.io/change-cause': cause } : {};
            body = { ...hpa, metadata: { name, creationTimestamp: null, annotations: { ...recorded, 'kubectl.kubernetes.io/last-applied-configuration': saved } } };
          }
          const query: Record<string, string> = {};
          if (opts.fieldManager) query.fieldManager = String(opts.fieldManager);
          if (dryRun === 'server') query.dryRun = 'All';
          const created = await clients.rest.create(`/apis/autoscaling/${version}/namespaces/${enc(namespace)}/horizontalpodautoscalers`, body, query);
          await write(app.ctx.io.out, await out.render(created, 'autoscaled', true));
        };
        try {
          await send(v2, 'v2');
        } catch (err) {
          // kubectl falls back to autoscaling/v1 on any error; the v1 error is the one reported
          if (!(err instanceof ApiError) && dryRun === 'client') throw err;
          await send(v1, 'v1');
        }
        count++;
      });
      failIfAny(failures, 'standard');
      if (count === 0) throw new KtlError('no objects passed to autoscale');
      return 0;
    }),
  );
}

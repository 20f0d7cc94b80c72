/**
 * `ktl expose (-f FILE | TYPE NAME)`: a Service for a pod, service,
 * replication controller, deployment or replica set, with the selector,
 * ports, protocols and labels taken from the object unless given, built and
 * printed as kubectl's service generator does ("service/NAME exposed").
 */
import { addRecordFlag, recordCause, recordOn } from '../flags/record.js';
import type { V1ContainerPort, V1ObjectMeta, V1ServicePort } from '@kubernetes/client-node';
import type { Command } from 'commander';
import type { Opts } from '../flags/opts.js';
import { action, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError } from '../errors.js';
import { FilenameFlags } from '../flags/filename.js';
import { addCommonFlags, common } from './create/index.js';
import type { KubeObject } from '../resource/types.js';
import { parseKeyValues, sortedMap } from '../create/generators.js';
import { helpDefaults, helpTexts } from '../flags/global.js';
import { VALIDATE_HELP } from '../mutate/flags.js';
import { labelSelectorOf } from '../mutate/selector.js';
import { isJsonMap, stringMapAt } from '../codec/value.js';

const EXAMPLES = `  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000
  ktl expose rc nginx --port=80 --target-port=8000

  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000
  ktl expose -f nginx-controller.yaml --port=80 --target-port=8000

  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"
  ktl expose pod valid-pod --port=444 --name=frontend

  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"
  ktl expose service nginx --port=443 --target-port=8443 --name=nginx-https

  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named 'video-stream'.
  ktl expose rc streamer --port=4100 --protocol=UDP --name=video-stream

  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000
  ktl expose rs nginx --port=80 --target-port=8000

  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000
  ktl expose deployment nginx --port=80 --target-port=8000`;

type Obj = Record<string, unknown>;
/**
 * What expose reads of the object: a pod's labels and spec, a service's
 * ports, a workload's template; `spec.selector` is a map for services and
 * replication controllers, a label selector for the others.
 */
type Exposable = {
  metadata?: Pick<V1ObjectMeta, 'name' | 'namespace' | 'labels'>;
  spec?: PodSpec & { selector?: unknown; ports?: Array<Pick<V1ServicePort, 'port' | 'protocol'>>; template?: { spec?: PodSpec } };
};
type PodSpec = { containers?: Array<{ ports?: Array<Pick<V1ContainerPort, 'containerPort' | 'protocol'>> }> };

const EXPOSABLE: Record<string, string[]> = { '': ['Pod', 'Service', 'ReplicationController'], apps: ['Deployment', 'ReplicaSet'], extensions: ['Deployment', 'ReplicaSet'] };

export function registerExpose(program: Command, app: App): void {
  const cmd = program
    .command('expose')
    .summary('Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service')
    .description(
      'Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)',
    )
    .usage('(-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type] [options]')
    .argument('[args...]')
    .option('--cluster-ip <ip>', "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.")
    .option('--external-ip <ip>', 'Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.')
    .option('-l, --labels <labels>', 'Labels to apply to the service created by this call.')
    .option('--load-balancer-ip <ip>', 'IP to assign to the LoadBalancer. If empty, an ephemeral IP will be created and used (cloud-provider specific).')
    .option('--name <name>', 'The name for the newly created object.')
    .option('--override-type <type>', 'The method used to override the generated object: json, merge, or strategic.')
    .option('--overrides <json>', 'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.')
    .option('--port <port>', 'The port that the service should serve on. Copied from the resource being exposed, if unspecified')
    .option('--protocol <protocol>', "The network protocol for the service to be created. Default is 'TCP'.")
    .option('--selector <selector>', 'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)')
    .option('--session-affinity <affinity>', "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'")
    .option('--target-port <port>', 'Name or number for the port on the container that the service should direct traffic to. Optional.')
    .option('--type <type>', "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.");
  new FilenameFlags('identifying the resource to expose a service').addTo(cmd);
  addCommonFlags(cmd);
  addRecordFlag(cmd);
  cmd.action(
    action(async (args: string[], opts: Opts<{ fieldManager: string; overrideType: string }>, c: Command) => {
      const o = { ...common(app, c, opts), fieldManager: opts.fieldManager ?? 'kubectl-expose' };
      const files = new FilenameFlags().toOptions(opts);
      const { resourcePath } = await import('../client/index.js');
      const { ObjectOutput } = await import('../mutate/output.js');
      const { throwFailures } = await import('../mutate/report.js');
      const clients = await o.factory.clients();
      const ns = await o.factory.namespace();
      try {
        // kubectl's builder here has no Latest(): an object read from -f is exposed as the file has it
        // (selector, ports, labels), without looking it up; a TYPE NAME is read from the server
        const r = await o.factory.builder().args(args).filenames(files).allowEmptySelector(false).do();
        const { infos, errors } = r;
        const out = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
        const failures: unknown[] = [];
        const carry: ExposeCarry = {};
        for (const info of infos) {
          try {
            const m = info.mapping;
            if (!(EXPOSABLE[m.group] ?? []).includes(m.kind)) throw new KtlError(`cannot expose a ${m.group ? `${m.kind}.${m.group}` : m.kind}`); // GroupKind's String()
            const obj = info.object ?? (await (await import('../client/rest.js')).getNamed<KubeObject>(clients.rest, resourcePath(m, { namespace: info.namespace || undefined, name: info.name }), info.namespace));
            // kubectl sets the namespace on a client-side dry run's service only when -n gave it
            let svc: Obj = serviceFor(obj, m.kind, opts, m.group, o.dryRun === 'client' && ns.enforce ? ns.namespace : '', carry);
            if (opts.overrides) {
              const { applyOverrides } = await import('../create/overrides.js');
              svc = await applyOverrides(svc, String(opts.overrides), opts.overrideType ?? 'merge');
            }
            if (o.dryRun === 'client' && ns.enforce && isJsonMap(svc.metadata)) svc.metadata.namespace = ns.namespace; // over --overrides too
            recordOn(svc, recordCause(c, opts, app.ctx.binName));
            if (o.saveConfig) {
              const { withLastApplied } = await import('../apply/last-applied.js');
              if (isJsonMap(svc)) svc = withLastApplied(svc);
            }
            if (o.dryRun === 'client') {
              await write(o.ctx.io.out, await out.render(svc, 'exposed', true));
              continue;
            }
            const query: Record<string, string> = { fieldManager: o.fieldManager, fieldValidation: o.validate };
            if (o.dryRun === 'server') query.dryRun = 'All';
            // created in the command's namespace, whatever namespace the exposed object is in (as kubectl)
            const path = resourcePath({ group: '', version: 'v1', resource: 'services' }, { namespace: ns.namespace });
            const created = await clients.rest.create<KubeObject>(path, svc, query);
            // kubectl decodes the answer into its typed Service: printed in the struct's field order
            await write(o.ctx.io.out, await out.render(created, 'exposed', true));
          } catch (err) {
            failures.push(err);
          }
        }
        throwFailures(errors, failures, { builderLast: true });
        return 0;
      } finally {
        o.factory.close();
      }
    }),
  );
  withExamples(cmd, EXAMPLES);
  helpDefaults(cmd, { '--field-manager': "'kubectl-expose'", '--override-type': "'merge'" });
  // kubectl's expose has no --validate; ktl's is its extension, marked as such
  helpTexts(cmd, { '--validate': `ktl: ${VALIDATE_HELP}` });
}

/** The pod spec of the exposed object (a pod's own, a workload's template). */
function podSpecOf(obj: Exposable, kind: string): PodSpec | undefined {
  return kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
}

/** The selector the service takes from the object, or kubectl's error. */
function selectorOf(obj: Exposable, kind: string, group: string): Record<string, string> {
  const fail = (why: string) => new KtlError(`couldn't retrieve selectors via --selector flag or introspection: ${why}`);
  switch (kind) {
    case 'Pod':
      if (!obj.metadata?.labels || Object.keys(obj.metadata.labels).length === 0) throw fail('the pod has no labels and cannot be exposed');
      return obj.metadata.labels;
    case 'Service':
      if (!obj.spec?.selector) throw fail('the service has no pod selector set');
      return stringMapAt(obj.spec, 'selector') ?? {};
    case 'ReplicationController':
      return stringMapAt(obj.spec, 'selector') ?? {};
    default: {
      const sel = labelSelectorOf(obj.spec?.selector) ?? {};
      // apps workloads must carry matchLabels (extensions/v1beta1 ones fell back to the template's labels)
      if (group === 'apps' && Object.keys(sel.matchLabels ?? {}).length === 0) {
        throw fail(`invalid ${kind === 'Deployment' ? 'deployment' : 'replicaset'}: no selectors, therefore cannot be exposed`);
      }
      if (sel.matchExpressions?.length) {
        const exprs = sel.matchExpressions
          .map((e) => `{Key:${e.key} Operator:${e.operator} Values:[${(e.values ?? []).join(' ')}]}`)
          .join(' ');
        throw fail(`couldn't convert expressions - "[${exprs}]" to map-based selector format`);
      }
      return sel.matchLabels ?? {};
    }
  }
}

/** Ports (as typed) and their protocols from the object. */
function portsOf(obj: Exposable, kind: string): Array<{ port: string; protocol: string }> {
  if (kind === 'Service') return (obj.spec?.ports ?? []).map((p) => ({ port: String(p.port), protocol: p.protocol ?? 'TCP' }));
  const out: Array<{ port: string; protocol: string }> = [];
  for (const c of podSpecOf(obj, kind)?.containers ?? []) {
    for (const p of c.ports ?? []) out.push({ port: String(p.containerPort), protocol: p.protocol ?? 'TCP' });
  }
  return out;
}

const intOrString = (s: string): number | string => (/^-?\d+$/.test(s) ? Number(s) : s);

/**
 * What kubectl's expose keeps from one object to the next of the same run:
 * it fills its own options from the first object (selector, a single port or
 * the list of ports, labels) and the later objects find them already set.
 */
export interface ExposeCarry {
  selector?: Record<string, string>;
  port?: string;
  ports?: string[];
  labels?: Record<string, string>;
}

/** kubectl's service generator (v2), fields in the Go struct order; `carry` is updated as kubectl's options are. */
export function serviceFor(obj: Exposable, kind: string, opts: Record<string, unknown>, group = '', namespace = '', carry: ExposeCarry = {}): Obj {
  const str = (k: string) => (opts[k] === undefined ? '' : String(opts[k]));
  const selector = carry.selector ?? (str('selector') ? parseKeyValues(str('selector'), 'selector') : selectorOf(obj, kind, group));
  // an empty selector is no selector: the next object's is taken
  if (Object.keys(selector).length) carry.selector = selector;
  const fromObject = portsOf(obj, kind);
  carry.port ||= str('port');
  if (!carry.port) {
    if (fromObject.length === 0 && str('clusterIp') !== 'None') throw new KtlError("couldn't find port via --port flag or introspection");
    // each port number once (a port served over two protocols is one port with two protocols)
    const numbers = [...new Set(fromObject.map((p) => p.port))];
    if (numbers.length === 1) carry.port = numbers[0];
    else if (numbers.length > 1) carry.ports = numbers;
  }
  // the protocols always come from this object: port -> its protocols, in the object's order
  const protocols = new Map<string, string[]>();
  for (const p of fromObject) protocols.set(p.port, [...(protocols.get(p.port) ?? []), p.protocol]);
  // a list of ports, once set, wins over a single port (kubectl's Ports before Port)
  const portStrings = carry.ports ?? (carry.port ? carry.port.split(',') : []);
  const servicePorts: Obj[] = [];
  portStrings.forEach((p, i) => {
    if (!/^[+-]?\d+$/.test(p)) throw new KtlError(`strconv.Atoi: parsing "${p}": invalid syntax`);
    const port = Number(p);
    const name = portStrings.length > 1 ? `port-${i + 1}` : undefined;
    let protocol = str('protocol') || 'TCP';
    const known = str('protocol') ? undefined : protocols.get(p);
    if (known?.length === 1) protocol = known[0]!;
    else if (known && known.length > 1) {
      // one port with several protocols: an entry for each, named after both
      for (const proto of known) servicePorts.push({ name: `port-${i + 1}-${proto.toLowerCase()}`, protocol: proto, port });
      return;
    }
    servicePorts.push({ ...(name ? { name } : {}), protocol, port });
  });
  for (const sp of servicePorts) sp.targetPort = str('targetPort') ? intOrString(str('targetPort')) : sp.port;
  if (!carry.labels) {
    const own = str('labels') ? parseKeyValues(str('labels'), 'label') : (obj.metadata?.labels ?? {});
    // an object without labels leaves them unset: the next object's are taken
    if (Object.keys(own).length) carry.labels = own;
  }
  const labels = carry.labels ?? {};
  // the default name is the object's, cut to a DNS-1035 label's 63 characters
  // no namespace: the command gives the one it creates the service in (and prints it under --dry-run=client with -n)
  const metadata: Obj = { name: str('name') || obj.metadata?.name?.slice(0, 63) };
  if (namespace) metadata.namespace = namespace;
  metadata.creationTimestamp = null;
  if (Object.keys(labels).length) metadata.labels = sortedMap(labels);
  const spec: Obj = { ...(servicePorts.length ? { ports: servicePorts } : {}), selector: sortedMap(selector) };
  if (str('clusterIp')) spec.clusterIP = str('clusterIp');
  if (str('type')) spec.type = str('type');
  if (str('externalIp')) spec.externalIPs = [str('externalIp')];
  if (str('sessionAffinity')) {
    if (str('sessionAffinity') !== 'None' && str('sessionAffinity') !== 'ClientIP') throw new KtlError(`unknown session affinity: ${str('sessionAffinity')}`);
    spec.sessionAffinity = str('sessionAffinity');
  }
  if (str('loadBalancerIp') && str('type') === 'LoadBalancer') spec.loadBalancerIP = str('loadBalancerIp');
  return { kind: 'Service', apiVersion: 'v1', metadata, spec, status: { loadBalancer: {} } };
}

/**
 * What the `set` subcommands share: their common options, and the loop each
 * runs: for each object, change a copy of its pod spec, send the strategic
 * patch between the two (field manager kubectl-set), print "<kind>/<name>
 * <what> updated"; unchanged objects print nothing, as in kubectl.
 */
import type { Command } from 'commander';
import type { Opts } from '../../flags/opts.js';
import type { App } from '../kit.js';
import { recordCause, recordOn } from '../../flags/record.js';
import { write, type Context } from '../../context.js';
import { ConnectionError, failIfAny, KtlError, messageOf, PrefixedError } from '../../errors.js';
import type { Clients } from '../../client/index.js';
import type { KubeObject } from '../../client/rest.js';
import type { PrintOptions } from '../../flags/print.js';
import { isKubeObject, type ResourceInfo } from '../../resource/types.js';
import { mapAt } from '../../codec/value.js';
import { ObjectOutput } from '../../mutate/output.js';
import type { DryRun } from '../../mutate/report.js';
import { podSpecOf } from '../../set/pod-spec.js';
import { dryRunTargetOptions, eachInfo, inSession, type DryRunTargetOptions, type Session } from '../rollout/session.js';
import type { ReadyTarget } from '../../wait/ready/run.js';

/** What every `set` subcommand reads from its flags before its own options. */
export interface SetOptions extends DryRunTargetOptions {
  fieldManager: string;
  /** --local: change the -f objects as read and print them; no server */
  local: boolean;
  /** --record (image, resources, selector, serviceaccount): kubernetes.io/change-cause set with the change */
  changeCause?: string;
}

/** Reads a `set` subcommand's flags: target, `own()`, --dry-run, printing, --field-manager. */
export function setOptions<T>(app: App, c: Command, args: string[], opts: Opts<{ fieldManager: string }>, own: () => T): SetOptions & T {
  return {
    ...dryRunTargetOptions(app, c, args, opts, own),
    fieldManager: opts.fieldManager ?? 'kubectl-set',
    local: !!opts.local,
    changeCause: recordCause(c, opts, app.ctx.binName),
  };
}

const LOCAL_NEEDS_FILES =
  "you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'";

/** --local: the -f objects as they are (every document must read), no server. */
export async function localInfos(o: SetOptions): Promise<ResourceInfo[]> {
  if (o.target.filenames.length === 0) throw new KtlError(LOCAL_NEEDS_FILES);
  return (await o.factory.builder().filenames(o.target).local().do()).infos;
}

/**
 * The objects of a `set` subcommand, with the session kubectl's builder would
 * have: its set commands give --all to ResourceTypeOrNameArgs as "an empty
 * selector is allowed", so a TYPE alone means all of its objects and, beside
 * TYPE/NAME or TYPE NAME, --all is ignored (not the "selectors and the all
 * flag" error of a --all that is a selector).
 */
export function inSetSession(o: SetOptions, body: (s: Session) => Promise<unknown[]>): Promise<number> {
  const named = o.target.all && o.target.args.length > 0;
  const target = named ? { ...o.target, all: false } : o.target;
  return inSession({ ...o, target }, { allowEmptySelector: named, resolveErrors: 'last' }, body);
}

/** The usage error of `set image` and `set env` when no object is named. */
export function requireResources(o: SetOptions): void {
  if (o.target.args.length === 0 && o.target.filenames.length === 0) {
    throw new KtlError('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  }
}

/**
 * A change to one object's pod spec; throws to report a failure for this
 * object (kubectl: "error: <resource>/<name> <why>", nothing sent), or
 * `note`s a failure and lets the rest of the change be sent (set image's
 * "unable to find container named").
 */
export type PodSpecChange = (spec: NonNullable<ReturnType<typeof podSpecOf>>, info: ResourceInfo, note: (failure: unknown) => void) => Changed | Promise<Changed>;

/** What a change says of itself: `false` when it changed nothing (kubectl's set resources then records nothing and sends nothing). */
export type Changed = void | boolean;

/** The API groups of kubectl's scheme: their objects are typed Go structs there, any other is unstructured. */
const TYPED_GROUPS = new Set([
  '', 'apps', 'batch', 'autoscaling', 'policy', 'extensions', 'admissionregistration.k8s.io', 'internal.apiserver.k8s.io',
  'authentication.k8s.io', 'authorization.k8s.io', 'certificates.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io',
  'events.k8s.io', 'flowcontrol.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'rbac.authorization.k8s.io',
  'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/** The Go type kubectl names for an object (%T): "*v1.ConfigMap", "*unstructured.Unstructured" for a custom resource. */
export function goTypeOf(mapping: { group: string; version: string; kind: string }): string {
  return TYPED_GROUPS.has(mapping.group) ? `*${mapping.version}.${mapping.kind}` : '*unstructured.Unstructured';
}

/** kubectl's error for an object its change failed on: "error: <resource>/<name> <why>" and a newline of its own. */
export function objectFailure(info: { mapping: { resource: string }; name: string }, why: string): PrefixedError {
  return new PrefixedError(`${info.mapping.resource}/${info.name} ${why}\n`);
}

/** changeEach's options for a pod spec change over a session's objects. */
export function podSpecChangeOf(
  o: SetOptions,
  s: { clients?: Clients; infos: ResourceInfo[] },
  operation: string,
  change: PodSpecChange,
  patchErrorPrefix?: string,
): ChangeOptions {
  return {
    patchErrorPrefix,
    ctx: o.ctx,
    clients: s.clients,
    infos: s.infos,
    local: o.local,
    dryRun: o.dryRun,
    print: o.print,
    fieldManager: o.fieldManager,
    changeCause: o.changeCause,
    operation,
    async mutate(copy, info, note) {
      const spec = podSpecOf(copy, info.mapping.kind);
      if (!spec) throw objectFailure(info, `the object is not a pod or does not have a pod template: ${goTypeOf(info.mapping)}`);
      try {
        return await change(spec, info, note);
      } catch (err) {
        throw objectFailure(info, messageOf(err));
      }
    },
  };
}

/** The whole run of a `set` subcommand that only changes pod specs; `patchErrorPrefix` is kubectl's text before a failed PATCH's error. */
export async function changePodTemplates(o: SetOptions, patchErrorPrefix: string, operation: string, change: PodSpecChange, readyTimeoutMs?: number): Promise<number> {
  if (o.local) {
    const infos = await localInfos(o);
    failIfAny(await changeEach(podSpecChangeOf(o, { infos }, operation, change)), 'bare');
    return 0;
  }
  return inSetSession(o, async (s) => {
    const written: ReadyTarget[] = [];
    const failures = await changeEach({ ...podSpecChangeOf(o, { clients: s.clients, infos: s.resolved.infos }, operation, change, patchErrorPrefix), written });
    // ktl: --wait[=TIMEOUT] / --wait-ready, once every object was changed
    if (readyTimeoutMs !== undefined && o.dryRun === 'none' && failures.length === 0 && s.resolved.errors.length === 0) {
      const { waitUntilReady } = await import('../../wait/ready/run.js');
      await waitUntilReady(o.ctx, s.clients.rest, written, readyTimeoutMs);
    }
    return failures;
  });
}

export interface ChangeOptions {
  ctx: Context;
  /** absent with --local */
  clients?: Clients;
  infos: ResourceInfo[];
  local?: boolean;
  dryRun: DryRun;
  print: PrintOptions;
  fieldManager: string;
  operation: string;
  /** send (and print) even an empty patch, as kubectl's set serviceaccount and set selector do */
  alwaysSend?: boolean;
  /** a precondition kept in the patch (set selector --resource-version) */
  resourceVersion?: string;
  /** ktl: every object's state after the command (changed or not), for a readiness wait */
  written?: ReadyTarget[];
  /** --record: kubernetes.io/change-cause, set after the change as kubectl's Recorder does */
  changeCause?: string;
  /** what kubectl puts before a failed PATCH's error ("failed to patch env update to pod template: "); absent: the error as it is */
  patchErrorPrefix?: string;
  /** mutates `copy` in place; throws to report a failure for this object (nothing is sent), or `note`s one reported before every PATCH's failures */
  mutate(copy: KubeObject, info: ResourceInfo, note: (failure: unknown) => void): Changed | Promise<Changed>;
}

/** A failed PATCH as kubectl's set commands report it: their words, then the error's text (an API error's message, not its "Error from server" form). */
function patchFailure(err: unknown, prefix: string | undefined): unknown {
  if (prefix === undefined) return err;
  const text = err instanceof ConnectionError ? err.urlErrorText : messageOf(err);
  return new KtlError(`${prefix}${text}`);
}

export async function changeEach(o: ChangeOptions): Promise<unknown[]> {
  const { resourcePath } = await import('../../client/index.js');
  const { twoWayStrategicPatch } = await import('../../set/strategic-diff.js');
  const { typedRoundTrip } = await import('../../typed/encode.js');
  const printer = new ObjectOutput(o.print, o.ctx.cwd, o.dryRun);
  // kubectl works out every object's change (collecting what it notes) before it sends any
  const notes: unknown[] = [];
  const note = (failure: unknown) => void notes.push(failure);
  const failures = await eachInfo(o.infos, async (info) => {
    // kubectl changes the object as its typed struct holds it (a Deployment always has a pod template)
    const before = typedRoundTrip(info.object ?? {});
    const copy: unknown = JSON.parse(JSON.stringify(before));
    const after: KubeObject = isKubeObject(copy) ? copy : {};
    if ((await o.mutate(after, info, note)) !== false) recordOn(after, o.changeCause);
    const patch = twoWayStrategicPatch(before, after);
    if (Object.keys(patch).length === 0 && !o.alwaysSend) {
      o.written?.push({ mapping: info.mapping, namespace: info.namespace, name: info.name, object: before });
      return;
    }
    if (o.resourceVersion) patch.metadata = { ...(mapAt(patch, 'metadata') ?? {}), resourceVersion: o.resourceVersion };
    let result: KubeObject = after;
    if (o.dryRun !== 'client' && !o.local && o.clients) {
      const path = resourcePath(info.mapping, { namespace: info.namespace || undefined, name: info.name });
      const query: Record<string, string> = { fieldManager: o.fieldManager };
      if (o.dryRun === 'server') query.dryRun = 'All';
      try {
        result = await o.clients.rest.patch(path, 'strategic', patch, query);
      } catch (err) {
        throw patchFailure(err, o.patchErrorPrefix);
      }
      o.written?.push({ mapping: info.mapping, namespace: info.namespace, name: info.name, object: result });
    }
    // kubectl's set commands hold objects of its scheme as typed Go structs (-f documents, the
    // server's answers) and print them as encoding/json writes those: struct order, zero values
    // (creationTimestamp: null, strategy: {}, resources: {}, status: {}), unknown fields gone
    await write(o.ctx.io.out, await printer.render(typedRoundTrip(result), o.operation, true));
  });
  return [...notes, ...failures];
}

import type { Command } from 'commander';
import { action, commandPath, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { ErrorList, KtlError, UnknownResourceError, UsageError, failIfAny, messageOf } from '../errors.js';
import { repeatDiscoveryFailureLog } from '../client/discovery.js';
import { addObjectPrintFlags, objectPrintOptions } from '../mutate/output.js';
import { parseDryRun, parseValidate } from '../mutate/flags.js';
import type { Opts } from '../flags/opts.js';
import { isRecord } from '../codec/value.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ selector: string }>;

const EXAMPLES = (bin: string) => `  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'
  # If a taint with that key and effect already exists, its value is replaced as specified
  ${bin} taint nodes foo dedicated=special-user:NoSchedule
  
  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists
  ${bin} taint nodes foo dedicated:NoSchedule-
  
  # Remove from node 'foo' all the taints with key 'dedicated'
  ${bin} taint nodes foo dedicated-
  
  # Add a taint with key 'dedicated' on nodes having label myLabel=X
  ${bin} taint node -l myLabel=X  dedicated=foo:PreferNoSchedule
  
  # Add to node 'foo' a taint with key 'bar' and no value
  ${bin} taint nodes foo bar:NoSchedule`;

export function registerTaint(program: Command, app: App): void {
  const cmd = program
    .command('taint')
    .description(
      "Update the taints on one or more nodes.\n\n  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n  *  Currently taint can only apply to node.",
    )
    .summary('Update the taints on one or more nodes')
    .usage('NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]')
    .argument('[args...]')
    .option('--all', 'Select all nodes in the cluster')
    .addOption(
      new Option(
        '--dry-run [strategy]',
        'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
      ).default(undefined, "'none'"),
    )
    .addOption(new Option('--field-manager <name>', 'Name of the manager used to track field ownership.').default('kubectl-taint'))
    .option('--overwrite', 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.')
    .option(
      '-l, --selector <selector>',
      "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
    )
    .addOption(
      new Option(
        '--validate [mode]',
        'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
      ).default(undefined, "'strict'"),
    );
  addObjectPrintFlags(cmd);
  withExamples(cmd, EXAMPLES(app.ctx.binName));
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const f = app.factory(c);
      const dryRun = parseDryRun(opts.dryRun, (s) => void app.ctx.io.errOut.write(s));
      const validation = parseValidate(opts.validate);
      const resources: string[] = [];
      const taintArgs: string[] = [];
      for (const s of args) {
        const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
        if (isTaint) taintArgs.push(s);
        else if (taintArgs.length === 0) resources.push(s);
        else throw new KtlError(`all resources must be specified before taint changes: ${s}`);
      }
      const print = objectPrintOptions(opts);
      if (resources.length < 1) throw new KtlError('one or more resources must be specified as <resource> <name>');
      if (taintArgs.length < 1) throw new KtlError('at least one taint update is required');
      const { parseTaints, conflicts, updateTaints, taintsOf } = await import('../node/taint.js');
      let parsed: ReturnType<typeof parseTaints>;
      try {
        parsed = parseTaints(taintArgs);
      } catch (err) {
        throw new UsageError(messageOf(err), commandPath(c));
      }
      const selector = opts.selector ?? '';
      const all = !!opts.all;
      const overwrite = !!opts.overwrite;
      const clients = await f.clients();
      // Validate(): the type must be nodes, no taint both changed and removed, then the flags
      let mapping;
      try {
        mapping = await clients.resolve(resources[0]!.toLowerCase());
      } catch (err) {
        // through the shortcut expander: a failed discovery is tried twice
        repeatDiscoveryFailureLog(err, 1);
        // kubectl prints a NoResourceMatchError without "error: "
        if (err instanceof UnknownResourceError) throw new ErrorList([err], 'bare');
        throw err;
      }
      if (mapping.kind !== 'Node') throw new KtlError(`invalid resource type ${resources[0]!.toLowerCase()}, only node types are supported`);
      const clash = conflicts(parsed.add, parsed.remove);
      if (clash.length) throw new KtlError(`can not both modify and remove the following taint(s) in the same command: ${clash.join(', ')}`);
      if (all && selector) throw new KtlError("setting 'all' parameter with a non empty selector is prohibited");
      if (!all && !selector && resources.length < 2) throw new KtlError("at least one resource name must be specified since 'all' parameter is not set");

      const builderArgs = all || selector ? ['nodes'] : resources.slice(1).map((n) => `nodes/${n}`);
      const r = await f.builder().args(builderArgs).selector(selector).selectAllParam(all).latest().continueOnError().do();
      const { ObjectOutput } = await import('../mutate/output.js');
      const { resourcePath } = await import('../client/index.js');
      // kubectl's taint sets the printer's operation after the dry-run suffix was added: no "(dry run)"
      const out = new ObjectOutput(print, app.ctx.cwd, 'none');
      const failures = await r.visit(async (info) => {
        const node = info.object!;
        const old = taintsOf(node.spec);
        const { operation, taints } = updateTaints(info.name, old, parsed.add, parsed.remove, overwrite);
        // a two-way strategic merge patch: taints have no merge key, so the list is replaced (or removed)
        const same = JSON.stringify(old) === JSON.stringify(taints);
        const patch = same ? {} : { spec: { taints: taints.length ? taints : null } };
        let result = node;
        if (dryRun === 'client') {
          result = JSON.parse(JSON.stringify(node));
          const s = isRecord(result.spec) ? result.spec : (result.spec = {});
          if (taints.length) s.taints = taints;
          else delete s.taints;
        } else {
          const query: Record<string, string> = { fieldManager: String(opts.fieldManager ?? 'kubectl-taint'), fieldValidation: validation };
          if (dryRun === 'server') query.dryRun = 'All';
          result = await clients.rest.patch(resourcePath(info.mapping, { name: info.name }), 'strategic', patch, query);
        }
        // the server's object prints in its own (Go struct) order, the client dry run's as a sorted map
        await write(app.ctx.io.out, await out.render(result, operation, dryRun !== 'client'));
      });
      failIfAny(failures, 'standard');
      return 0;
    }),
  );
}

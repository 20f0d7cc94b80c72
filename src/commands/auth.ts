/**
 * `ktl auth can-i` (SelfSubjectAccessReview; --list: SelfSubjectRulesReview)
 * and `ktl auth whoami` (SelfSubjectReview), with kubectl's output, warnings
 * and exit codes.
 */
import type { Command } from 'commander';
import { action, subCommandRun, withExamples, type App } from './kit.js';
import type { Opts } from '../flags/opts.js';
import { write, type Context } from '../context.js';
import { KtlError, PreConfigError, UnknownResourceError } from '../errors.js';
import { isDiscoveryFailure, repeatDiscoveryFailureLog } from '../client/discovery.js';
import type { GlobalFlags } from '../flags/global.js';
import { PrintFlags } from '../flags/print.js';
import { registerReconcile } from './auth-reconcile.js';

const CAN_I_EXAMPLES = `  # Check to see if I can create pods in any namespace
  ktl auth can-i create pods --all-namespaces

  # Check to see if I can list deployments in my current namespace
  ktl auth can-i list deployments.apps

  # Check to see if service account "foo" of namespace "dev" can list pods in the namespace "prod"
  # You must be allowed to use impersonation for the global option "--as"
  ktl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod

  # Check to see if I can do everything in my current namespace ("*" means all)
  ktl auth can-i '*' '*'

  # Check to see if I can get the job named "bar" in namespace "foo"
  ktl auth can-i list jobs.batch/bar -n foo

  # Check to see if I can read pod logs
  ktl auth can-i get pods --subresource=log

  # Check to see if I can access the URL /logs/
  ktl auth can-i get /logs/

  # Check to see if I can approve certificates.k8s.io
  ktl auth can-i approve certificates.k8s.io

  # List all allowed actions in namespace "foo"
  ktl auth can-i --list --namespace=foo`;

const KNOWN_RESOURCE_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest'];
const KNOWN_NON_RESOURCE_VERBS = ['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*'];
/** resources kubectl does not look up (impersonation targets) */
const NON_STANDARD_RESOURCES = ['users', 'groups'];

export function registerAuth(program: Command, app: App): void {
  const auth = program.command('auth').summary('Inspect authorization').description('Inspect authorization.').usage('[flags] [options]');
  withExamples(auth, '');
  subCommandRun(auth);

  const canI = auth
    .command('can-i')
    .summary('Check whether an action is allowed')
    .description(
      "Check whether an action is allowed.\n\n VERB is a logical Kubernetes API verb like 'get', 'list', 'watch', 'delete', etc. TYPE is a Kubernetes resource. Shortcuts and groups will be resolved. NONRESOURCEURL is a partial URL that starts with \"/\". NAME is the name of a particular Kubernetes resource. This command pairs nicely with impersonation. See --as global flag.",
    )
    .usage('VERB [TYPE | TYPE/NAME | NONRESOURCEURL] [options]')
    .argument('[args...]')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces.')
    .option('--list', 'If true, prints all allowed actions.')
    .option('--no-headers', 'If true, prints allowed actions without headers')
    .option('-q, --quiet', 'If true, suppress output and just return the exit code.')
    .option('--subresource <name>', 'SubResource such as pod/log or deployment/scale');
  canI.action(
    action(async (args: string[], opts: Flags, c: Command) =>
      runCanI({
        ctx: app.ctx,
        flags: app.globals(c),
        args,
        allNamespaces: !!opts.allNamespaces,
        list: !!opts.list,
        noHeaders: opts.headers === false,
        quiet: !!opts.quiet,
        subresource: opts.subresource ?? '',
      }),
    ),
  );
  withExamples(canI, CAN_I_EXAMPLES);

  const whoami = auth
    .command('whoami')
    .summary('Experimental: Check self subject attributes')
    .description(
      'Experimental: Check who you are and your attributes (groups, extra).\n\n        This command is helpful to get yourself aware of the current user attributes,\n        especially when dynamic authentication, e.g., token webhook, auth proxy, or OIDC provider,\n        is enabled in the Kubernetes cluster.',
    )
    .usage('[options]')
    // kubectl's whoami takes no arguments and ignores any given
    .allowExcessArguments(true);
  new PrintFlags({
    outputHelp: 'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
  }).addTo(whoami);
  whoami.action(
    action(async (opts: Record<string, unknown>, c: Command) => runWhoami(app.ctx, app.globals(c), opts)),
  );
  withExamples(whoami, '  # Get your subject attributes\n  ktl auth whoami\n\n  # Get your subject attributes in JSON format\n  ktl auth whoami -o json');
  registerReconcile(auth, app);
}

interface CanIOptions {
  ctx: Context;
  flags: GlobalFlags;
  args: string[];
  allNamespaces: boolean;
  list: boolean;
  noHeaders: boolean;
  quiet: boolean;
  subresource: string;
}

async function runCanI(o: CanIOptions): Promise<number> {
  if (o.list && o.args.length !== 0) throw new PreConfigError('list option must be specified with no arguments');
  if (!o.list && o.args.length !== 2) {
    throw new PreConfigError(
      `you must specify two arguments: verb resource or verb resource/resourceName.\nSee '${o.ctx.binName} auth can-i -h' for help and examples.`,
    );
  }
  const { connect } = await import('../client/index.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} auth can-i` });
  const errOut = (s: string) => write(o.ctx.io.errOut, s);
  try {
    const namespace = o.allNamespaces ? '' : clients.config.namespace;
    if (o.list) {
      const review = await clients.rest.create<{ status?: import('../auth/rules.js').RulesReviewStatus }>(
        '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
        { kind: 'SelfSubjectRulesReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: { namespace } },
      );
      const status = review.status ?? {};
      if (status.incomplete && status.evaluationError) await errOut(`warning: the list may be incomplete: ${status.evaluationError}\n`);
      const { accessRows } = await import('../auth/rules.js');
      const { formatRows } = await import('../printers/tabwriter.js');
      await write(o.ctx.io.out, formatRows(accessRows(status, o.noHeaders)));
      return 0;
    }

    const [verb = '', target = ''] = o.args; // two, checked above
    let attributes: Record<string, unknown>;
    if (target.startsWith('/')) {
      if (o.subresource) throw new KtlError('--subresource can not be used with NonResourceURL');
      if (!KNOWN_NON_RESOURCE_VERBS.includes(verb)) await errOut(`Warning: verb '${verb}' is not a known verb\n\n`);
      attributes = { nonResourceAttributes: { path: target, verb } };
    } else {
      const slash = target.indexOf('/');
      const typeArg = slash >= 0 ? target.slice(0, slash) : target;
      const name = slash >= 0 ? target.slice(slash + 1) : '';
      let group = '';
      let resource = typeArg;
      let namespaced: boolean | undefined;
      if (typeArg !== '*') {
        try {
          const m = await clients.resolve(typeArg.toLowerCase());
          group = m.group;
          resource = m.resource;
          namespaced = m.namespaced;
        } catch (err) {
          // kubectl's ResourcesFor goes through the shortcut expander: a failed discovery is tried twice
          repeatDiscoveryFailureLog(err, 1);
          // and any failure, an unreachable server too, is a type the server does not have
          if (!(err instanceof UnknownResourceError) && !isDiscoveryFailure(err)) throw err;
          // kubectl names everything after the first dot as the group, a version included
          const [res, ...rest] = typeArg.toLowerCase().split('.');
          const grp = rest.join('.');
          if (!NON_STANDARD_RESOURCES.includes(grp ? `${res}.${grp}` : res!)) {
            await errOut(
              grp
                ? `Warning: the server doesn't have a resource type '${res}' in group '${grp}'\n\n`
                : `Warning: the server doesn't have a resource type '${res}'\n\n`,
            );
          }
        }
      }
      if (!o.allNamespaces && namespaced === false) {
        await errOut(group ? `Warning: resource '${resource}' is not namespace scoped in group '${group}'\n\n` : `Warning: resource '${resource}' is not namespace scoped\n\n`);
      }
      if (!KNOWN_RESOURCE_VERBS.includes(verb)) await errOut(`Warning: verb '${verb}' is not a known verb\n\n`);
      attributes = { resourceAttributes: { namespace, verb, group, resource, subresource: o.subresource, name } };
    }
    const review = await clients.rest.create<{ status?: { allowed?: boolean; reason?: string; evaluationError?: string } }>(
      '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      { kind: 'SelfSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', metadata: {}, spec: attributes },
    );
    const s = review.status ?? {};
    if (!o.quiet) {
      let line = s.allowed ? 'yes' : 'no';
      if (!s.allowed && s.reason) line += ` - ${s.reason}`;
      if (!s.allowed && s.evaluationError) line += ` - ${s.evaluationError}`;
      await write(o.ctx.io.out, `${line}\n`);
    }
    return s.allowed ? 0 : 1;
  } finally {
    clients.close();
  }
}

interface UserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

async function runWhoami(ctx: Context, flags: GlobalFlags, opts: Record<string, unknown>): Promise<number> {
  const print = new PrintFlags().toOptions(opts);
  const { connect } = await import('../client/index.js');
  const clients = await connect(ctx, flags, { command: `${ctx.binName} auth whoami` });
  try {
    const review = await clients.rest.create<{ status?: { userInfo?: UserInfo } } & Record<string, unknown>>(
      '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      { kind: 'SelfSubjectReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, status: { userInfo: {} } },
    );
    if (print.output) {
      const { createPrinter } = await import('../printers/resource-printer.js');
      const printer = await createPrinter(print, { cwd: ctx.cwd, sortKeys: false });
      let text = '';
      printer.print(review, (s) => (text += s));
      await write(ctx.io.out, text);
      return 0;
    }
    const ui = review.status?.userInfo ?? {};
    const rows: string[][] = [['ATTRIBUTE', 'VALUE']];
    if (ui.username) rows.push(['Username', ui.username]);
    if (ui.uid) rows.push(['UID', ui.uid]);
    if (ui.groups?.length) rows.push(['Groups', `[${ui.groups.join(' ')}]`]);
    for (const k of Object.keys(ui.extra ?? {}).sort()) rows.push([`Extra: ${k}`, `[${ui.extra![k]!.join(' ')}]`]);
    const { formatRows } = await import('../printers/tabwriter.js');
    await write(ctx.io.out, formatRows(rows));
    return 0;
  } finally {
    clients.close();
  }
}

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ subresource: string }>;

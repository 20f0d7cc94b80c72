/**
 * `ktl create -f FILE` and the generators (`create deployment NAME --image=...`).
 * Declarations only; the work is in src/create/run.ts, loaded when a command runs.
 */
import { Option, type Command } from 'commander';
import { action, commandPath, rejectForeignFlags, subCommandRun, withExamples, type App } from '../kit.js';
import { FlagValueError, KtlError, PreConfigError, UsageError } from '../../errors.js';
import { FilenameFlags } from '../../flags/filename.js';
import { addDryRunFlag, addFieldManagerFlag, addValidateFlag, collectRaw, intValue, parseDryRun, parseValidate, SAVE_CONFIG_HELP } from '../../mutate/flags.js';
import { addObjectPrintFlags, objectPrintOptions } from '../../mutate/output.js';
import type { CreateCommon, GeneratorInput } from '../../create/run.js';
import { INGRESS_RULE } from '../../create/generators.js';
import { addWaitReadyFlags, waitFlags } from '../../wait/ready/run.js';
import { addRecordFlag, recordCause } from '../../flags/record.js';
import type { Opts } from '../../flags/opts.js';
import { GENERATOR_HELP } from './help-text.js';
import { stringSlice } from '../../flags/string-slice.js';
import { goQuote } from '../../printers/go-format.js';
import { helpDefaults, helpTexts } from '../../flags/global.js';
import type {} from '../../flags/commander-ext.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldManager: string; output: string; selector: string }>;

export function addCommonFlags(cmd: Command): Command {
  addObjectPrintFlags(cmd);
  addDryRunFlag(cmd);
  addFieldManagerFlag(cmd, 'kubectl-create');
  addValidateFlag(cmd);
  return cmd.option('--save-config', SAVE_CONFIG_HELP);
}

export function common(app: App, c: Command, opts: Flags): CreateCommon {
  const ctx = app.ctx;
  return {
    ctx,
    factory: app.factory(c),
    print: objectPrintOptions(opts),
    dryRun: parseDryRun(opts.dryRun, (s) => void ctx.io.errOut.write(s), ctx.now),
    saveConfig: !!opts.saveConfig,
    fieldManager: opts.fieldManager ?? 'kubectl-create',
    validate: parseValidate(opts.validate),
    changeCause: recordCause(c, opts, ctx.binName),
  };
}

/** ktl: the readiness flags of create and its generators (kubectl's create has no --wait). */
function readyTimeout(opts: Flags): { readyTimeoutMs?: number } {
  return { readyTimeoutMs: waitFlags(opts, { kubectlWait: false }).readyTimeoutMs };
}

/** One NAME argument, kubectl's usage error otherwise. */
function oneName(args: string[], c: Command): string {
  if (args.length !== 1) throw new UsageError(`exactly one NAME is required, got ${args.length}`, commandPath(c));
  return args[0]!;
}

type Build = (name: string, opts: Flags, rest: string[]) => GeneratorInput;

function generator(
  parent: Command,
  app: App,
  spec: { name: string; aliases?: string[]; summary: string; localUser?: boolean; required?: string[] },
  flags: (cmd: Command) => void,
  build: Build,
): Command {
  // kubectl's long help, examples and usage line for the generator
  const help = GENERATOR_HELP[parent.name() === 'create' ? spec.name : `${parent.name()} ${spec.name}`]!;
  const cmd = parent.command(spec.name).summary(spec.summary).description(help.long).usage(help.usage).argument('[args...]');
  for (const a of spec.aliases ?? []) cmd.alias(a);
  flags(cmd);
  addCommonFlags(cmd);
  addWaitReadyFlags(cmd, { waitToo: true });
  cmd.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      // what follows "--" is the container command, not NAME arguments
      let root: Command = c;
      while (root.parent) root = root.parent;
      const rawArgs = root.rawArgs ?? [];
      const dash = rawArgs.indexOf('--');
      const rest = dash >= 0 ? rawArgs.slice(dash + 1) : [];
      const raw = args.slice(0, args.length - rest.length);
      // create's own flags (-f, -l, --edit, --raw ...) are not the generator's, wherever Commander put them
      rejectForeignFlags(c);
      // cobra checks the flags marked required before the command looks at its arguments
      // (given at all: cobra's Changed, so --image= counts)
      const missing = (spec.required ?? []).filter((f) => opts[camel(f)] === undefined).sort();
      if (missing.length > 0) throw new PreConfigError(`required flag(s) "${missing.join('", "')}" not set`);
      const name = oneName(raw, c);
      // `create` has the same output flags; Commander gives them to whichever command it meets first
      const all = { ...c.optsWithGlobals(), ...definedOnly(opts) };
      if (spec.localUser) {
        // the binding's --user shadows the global --user (kubeconfig user), as in kubectl
        all.user = userFlags(rawArgs, dash);
      }
      const input = build(name, all, rest);
      const o = { ...common(app, c, all), ...readyTimeout(all), ...(spec.localUser ? { factory: app.factory(c, { overrides: { user: undefined } }) } : {}) };
      const { runGenerator } = await import('../../create/run.js');
      return runGenerator(o, input);
    }),
  );
  withExamples(cmd, help.examples);
  if (help.defaults) helpDefaults(cmd, help.defaults);
  if (help.texts) helpTexts(cmd, help.texts);
  return cmd;
}

/** Every --user value before "--" (Commander hands them to the root's global --user). */
function userFlags(rawArgs: string[], dash: number): string[] {
  const end = dash >= 0 ? dash : rawArgs.length;
  const out: string[] = [];
  for (let i = 0; i < end; i++) {
    const a = rawArgs[i]!;
    if (a === '--user' && i + 1 < end) out.push(rawArgs[++i]!);
    else if (a.startsWith('--user=')) out.push(a.slice(7));
  }
  return out;
}

function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const str = (v: unknown, d = '') => (v === undefined ? d : String(v));
/** Commander's option key for a flag name ("external-name" -> "externalName") */
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** a repeatable flag's values (collectRaw arrays), [] when not given */
export const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
function intFlag(v: unknown, flag: string, d: number): number {
  if (v === undefined) return d;
  const s = String(v);
  if (!/^-?\d+$/.test(s)) throw new FlagValueError(s, flag, `strconv.ParseInt: parsing "${s}": invalid syntax`);
  return Number(s);
}
/**
 * component-base's MapStringString (--aggregation-rule): "k=v,k2=v2", repeatable,
 * keys and values trimmed, empty pairs skipped; a pair without "=" is refused.
 */
function mapStringString(flag: string) {
  return (value: string, previous: Record<string, string> = {}): Record<string, string> => {
    const out = { ...previous };
    for (const pair of value.split(',')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      if (eq < 0) throw new FlagValueError(goQuote(value).slice(1, -1), flag, 'malformed pair, expect string=string');
      out[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    return out;
  };
}

function isStringMap(v: unknown): v is Record<string, string> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** A flag cobra marks required: given (even empty), or kubectl's error. */
function required(v: unknown, flag: string): string {
  if (v === undefined) throw new PreConfigError(`required flag(s) "${flag}" not set`);
  return String(v);
}

export function registerCreate(program: Command, app: App): void {
  const create = program
    .command('create')
    .description('Create a resource from a file or from stdin.\n\n JSON and YAML formats are accepted.')
    .summary('Create a resource from a file or from stdin')
    .usage('-f FILENAME [options]')
    .argument('[args...]');
  new FilenameFlags('to use to create the resource').addTo(create);
  addCommonFlags(create);
  addWaitReadyFlags(create, { waitToo: true });
  create.option('--edit', 'Edit the API resource before creating');
  create.option('--windows-line-endings', 'Only relevant if --edit=true. Defaults to the line ending native to your platform.');
  addRecordFlag(create);
  create.option('--raw <uri>', 'Raw URI to POST to the server.  Uses the transport specified by the kubeconfig file.');
  create.option('-l, --selector <query>', "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.");
  create.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      const files = new FilenameFlags().toOptions(opts);
      if (args.length) throw new UsageError(`Unexpected args: [${args.join(' ')}]`, commandPath(c));
      if (files.filenames.length === 0) throw new KtlError('must specify one of -f and -k');
      if (opts.raw !== undefined) {
        // kubectl's Validate: --edit is the first thing --raw is checked against
        if (opts.edit) throw new KtlError('--raw and --edit are mutually exclusive');
        const { validateRaw, sendRaw } = await import('../../mutate/raw.js');
        validateRaw(String(opts.raw), { ...files, output: opts.output });
        return await sendRaw(app.ctx, await app.factory(c).clients(), 'POST', String(opts.raw), files.filenames);
      }
      const o = { ...common(app, c, opts), ...readyTimeout(opts) };
      if (opts.edit) {
        // kubectl's RunEditOnCreate: the editor loop over each object, then create (src/create/edit.ts)
        const { runCreateEdit } = await import('../../create/edit.js');
        return runCreateEdit({ ...o, files, output: opts.output ?? '' });
      }
      const { runCreateFromFiles } = await import('../../create/run.js');
      return runCreateFromFiles(o, files, opts.selector ?? '');
    }),
  );
  withExamples(create, `  # Create a pod using the data in pod.json
  ktl create -f ./pod.json

  # Create a pod based on the JSON passed into stdin
  cat pod.json | ktl create -f -

  # Edit the data in registry.yaml in JSON then create the resource using the edited data
  ktl create -f registry.yaml --edit -o json`);

  generator(create, app, { name: 'namespace', aliases: ['ns'], summary: 'Create a namespace with the specified name' }, () => {}, (name) => ({ kind: 'namespace', name }));

  generator(
    create,
    app,
    { name: 'deployment', aliases: ['deploy'], summary: 'Create a deployment with the specified name', required: ['image'] },
    (c) => {
      c.option('--image <image>', 'Image names to run. A deployment can have multiple images set for multi-container pod.', stringSlice('--image'));
      c.option('--port <port>', 'The containerPort that this deployment exposes.', intValue('--port'));
      c.option('-r, --replicas <n>', 'Number of replicas to create. Default is 1.', intValue('-r, --replicas'));
    },
    (name, o, rest) => {
      // --image= is given (cobra's required check passes) and lists no image
      const images = strs(o.image);
      return { kind: 'deployment', name, images, replicas: intFlag(o.replicas, '-r, --replicas', 1), port: intFlag(o.port, '--port', -1), command: rest };
    },
  );

  const dataFlags = (c: Command) => {
    c.option('--from-literal <key=value>', 'Specify a key and literal value to insert in configmap (i.e. mykey=somevalue)', collectRaw);
    c.option('--from-file <source>', 'Key files can be specified using their file path, in which case a default name will be given to them, or optionally with a name and file path, in which case the given name will be used.  Specifying a directory will iterate each named file in the directory that is a valid secret key.', stringSlice('--from-file'));
    c.option('--from-env-file <file>', 'Specify the path to a file to read lines of key=val pairs to create a secret.', stringSlice('--from-env-file'));
    c.option('--append-hash', 'Append a hash of the secret to its name.');
  };
  const sources = (o: Record<string, unknown>) => ({ literals: strs(o.fromLiteral), files: strs(o.fromFile), envFiles: strs(o.fromEnvFile) });
  generator(create, app, { name: 'configmap', aliases: ['cm'], summary: 'Create a config map from a local file, directory or literal value' }, dataFlags, (name, o) => ({ kind: 'configmap', name, sources: sources(o), appendHash: !!o.appendHash }));

  const secret = create.command('secret').summary('Create a secret using a specified subcommand').description('Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.').usage('(docker-registry | generic | tls) [options]');
  withExamples(secret, '');
  subCommandRun(secret);
  generator(
    secret,
    app,
    { name: 'generic', summary: 'Create a secret from a local file, directory, or literal value' },
    (c) => {
      dataFlags(c);
      c.option('--type <type>', 'The type of secret to create');
    },
    (name, o) => ({ kind: 'secret-generic', name, sources: sources(o), type: str(o.type), appendHash: !!o.appendHash }),
  );
  generator(
    secret,
    app,
    { name: 'tls', summary: 'Create a TLS secret' },
    (c) => {
      c.option('--cert <path>', 'Path to PEM encoded public key certificate.');
      c.option('--key <path>', 'Path to private key associated with given certificate.');
      c.option('--append-hash', 'Append a hash of the secret to its name.');
    },
    (name, o) => {
      if (!o.cert || !o.key) throw new KtlError('key and cert must be specified');
      return { kind: 'secret-tls', name, cert: String(o.cert), key: String(o.key), appendHash: !!o.appendHash };
    },
  );
  generator(
    secret,
    app,
    { name: 'docker-registry', summary: 'Create a secret for use with a Docker registry' },
    (c) => {
      c.option('--docker-server <server>', 'Server location for Docker registry');
      c.option('--docker-username <user>', 'Username for Docker registry authentication');
      c.option('--docker-password <password>', 'Password for Docker registry authentication');
      c.option('--docker-email <email>', 'Email for Docker registry');
      c.option('--from-file <source>', 'Key files can be specified using their file path, in which case a default name of .dockerconfigjson will be given to them, or optionally with a name and file path, in which case the given name will be used. Specifying a directory will iterate each named file in the directory that is a valid secret key. For this command, the key should always be .dockerconfigjson.', stringSlice('--from-file'));
      c.option('--append-hash', 'Append a hash of the secret to its name.');
    },
    (name, o) => {
      // a file without a key name is the .dockerconfigjson itself
      const files = strs(o.fromFile).map((f) => (f.includes('=') ? f : `.dockerconfigjson=${f}`));
      const appendHash = !!o.appendHash;
      if (files.length) return { kind: 'secret-docker-registry', name, files, appendHash };
      if (!o.dockerUsername || !o.dockerPassword) {
        throw new KtlError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
      }
      const login = { server: str(o.dockerServer, 'https://index.docker.io/v1/'), username: String(o.dockerUsername), password: String(o.dockerPassword), email: str(o.dockerEmail) };
      return { kind: 'secret-docker-registry', name, login, appendHash };
    },
  );

  const service = create.command('service').alias('svc').summary('Create a service using a specified subcommand').description('Create a service using a specified subcommand.').usage('[flags] [options]');
  withExamples(service, '');
  subCommandRun(service);
  const svc = (name: string, type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName', extra: (c: Command) => void) =>
    generator(
      service,
      app,
      { name, summary: `Create ${type === 'ExternalName' ? 'an' : 'a'} ${type} service`, required: type === 'ExternalName' ? ['external-name'] : [] },
      (c) => {
        // externalname takes --tcp too: the ports go into the object as for the other types
        c.option('--tcp <port:targetPort>', 'Port pairs can be specified as \'<port>:<targetPort>\'.', stringSlice('--tcp'));
        extra(c);
      },
      (svcName, o) => ({
        kind: 'service',
        name: svcName,
        type,
        tcp: strs(o.tcp),
        clusterIP: str(o.clusterip),
        nodePort: intFlag(o.nodePort, '--node-port', 0),
        externalName: type === 'ExternalName' ? required(o.externalName, 'external-name') : '',
      }),
    );
  svc('clusterip', 'ClusterIP', (c) => void c.option('--clusterip <ip>', 'Assign your own ClusterIP or set to \'None\' for a \'headless\' service (no loadbalancing).'));
  svc('nodeport', 'NodePort', (c) => void c.option('--node-port <port>', 'Port used to expose the service on each node in a cluster.', intValue('--node-port')));
  svc('loadbalancer', 'LoadBalancer', () => {});
  svc('externalname', 'ExternalName', (c) => void c.option('--external-name <name>', 'External name of service'));

  generator(create, app, { name: 'serviceaccount', aliases: ['sa'], summary: 'Create a service account with the specified name' }, () => {}, (name) => ({ kind: 'serviceaccount', name }));

  generator(
    create,
    app,
    { name: 'job', summary: 'Create a job with the specified name' },
    (c) => {
      c.option('--image <image>', 'Image name to run.');
      c.option('--from <resource>', 'The name of the resource to create a Job from (only cronjob is supported).');
    },
    (name, o, rest) => {
      const image = str(o.image);
      const from = str(o.from);
      if ((image === '') === (from === '')) throw new KtlError('either --image or --from must be specified');
      if (from && rest.length) throw new KtlError('cannot specify --from and command');
      return { kind: 'job', name, image, from, command: rest };
    },
  );

  generator(
    create,
    app,
    { name: 'cronjob', aliases: ['cj'], summary: 'Create a cron job with the specified name', required: ['image', 'schedule'] },
    (c) => {
      c.option('--image <image>', 'Image name to run.');
      c.option('--schedule <schedule>', 'A schedule in the Cron format the job should be run with.');
      c.option('--restart <policy>', 'job\'s restart policy. supported values: OnFailure, Never');
    },
    (name, o, rest) => ({ kind: 'cronjob', name, image: required(o.image, 'image'), schedule: required(o.schedule, 'schedule'), restart: str(o.restart), command: rest }),
  );

  for (const kind of ['role', 'clusterrole'] as const) {
    generator(
      create,
      app,
      { name: kind, summary: kind === 'role' ? 'Create a role with single rule' : 'Create a cluster role' },
      (c) => {
        c.option('--verb <verb>', 'Verb that applies to the resources contained in the rule', stringSlice('--verb'));
        c.option('--resource <resource>', 'Resource that the rule applies to', stringSlice('--resource'));
        c.option('--resource-name <name>', 'Resource in the white list that the rule applies to, repeat this flag for multiple items', collectRaw);
        if (kind === 'clusterrole') {
          c.option('--non-resource-url <url>', 'A partial url that user should have access to.', stringSlice('--non-resource-url'));
          c.addOption(new Option('--aggregation-rule <key=value>', 'An aggregation label selector for combining ClusterRoles.').argParser(mapStringString('--aggregation-rule')).default(undefined, ''));
        }
      },
      (name, o) => ({
        kind,
        name,
        verbs: strs(o.verb),
        resources: strs(o.resource),
        resourceNames: strs(o.resourceName),
        nonResourceURLs: strs(o.nonResourceUrl),
        aggregationRule: isStringMap(o.aggregationRule) ? o.aggregationRule : {},
      }),
    );
  }

  for (const kind of ['rolebinding', 'clusterrolebinding'] as const) {
    generator(
      create,
      app,
      { localUser: true, name: kind, summary: kind === 'rolebinding' ? 'Create a role binding for a particular role or cluster role' : 'Create a cluster role binding for a particular cluster role' },
      (c) => {
        if (kind === 'rolebinding') c.option('--role <role>', 'Role this RoleBinding should reference');
        c.option('--clusterrole <role>', 'ClusterRole this ClusterRoleBinding should reference');
        c.option('--user <user>', 'Usernames to bind to the clusterrole. The flag can be repeated to add multiple users.', collectRaw);
        c.option('--group <group>', 'Groups to bind to the clusterrole. The flag can be repeated to add multiple groups.', collectRaw);
        c.option('--serviceaccount <sa>', 'Service accounts to bind to the clusterrole, in the format <namespace>:<name>. The flag can be repeated to add multiple service accounts.', collectRaw);
      },
      (name, o) => ({
        kind,
        name,
        role: str(o.role),
        clusterRole: kind === 'clusterrolebinding' ? required(o.clusterrole, 'clusterrole') : str(o.clusterrole),
        subjects: { users: strs(o.user), groups: strs(o.group), serviceAccounts: strs(o.serviceaccount) },
      }),
    );
  }

  generator(
    create,
    app,
    { name: 'quota', aliases: ['resourcequota'], summary: 'Create a quota with the specified name' },
    (c) => {
      c.option('--hard <limits>', 'A comma-delimited set of resource=quantity pairs that define a hard limit.');
      c.option('--scopes <scopes>', 'A comma-delimited set of quota scopes that must all match each object tracked by the quota.');
    },
    (name, o) => ({ kind: 'quota', name, hard: str(o.hard), scopes: str(o.scopes) }),
  );

  generator(
    create,
    app,
    {
      name: 'ingress',
      aliases: ['ing'],
      summary: 'Create an ingress with the specified name',
    },
    (c) => {
      c.option('--class <name>', 'Ingress Class to be used');
      c.addOption(new Option('--rule <rule>', "Rule in format host/path=service:port[,tls=secretname]. Paths containing the leading character '*' are considered pathType=Prefix. tls argument is optional.").argParser(collectRaw).default(undefined, '[]'));
      c.option('--default-backend <service:port>', 'Default service for backend, in format of svcname:port');
      c.addOption(new Option('--annotation <key=value>', 'Annotation to insert in the ingress object, in the format annotation=value').argParser(collectRaw).default(undefined, '[]'));
    },
    (name, o) => {
      const rules = strs(o.rule);
      const annotations = strs(o.annotation);
      const defaultBackend = str(o.defaultBackend);
      if (!defaultBackend && rules.length === 0) {
        throw new KtlError('not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
      }
      for (const r of rules) {
        if (!INGRESS_RULE.test(r)) throw new KtlError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
      }
      for (const a of annotations) {
        if (!a.includes('=')) throw new KtlError(`annotation ${a} is invalid and should be in format key=[value]`);
      }
      if (defaultBackend && defaultBackend.split(':').length !== 2) throw new KtlError('default-backend should be in format servicename:serviceport');
      return { kind: 'ingress', name, ingressClass: str(o.class), rules, annotations, defaultBackend };
    },
  );

  generator(
    create,
    app,
    {
      name: 'poddisruptionbudget',
      aliases: ['pdb'],
      summary: 'Create a pod disruption budget with the specified name',
    },
    (c) => {
      c.option('--min-available <n>', 'The minimum number or percentage of available pods this budget requires.');
      c.option('--max-unavailable <n>', 'The maximum number or percentage of unavailable pods this budget requires.');
      c.option('--selector <selector>', 'A label selector to use for this budget. Only equality-based selector requirements are supported.');
    },
    (name, o) => {
      const selector = str(o.selector);
      const minAvailable = str(o.minAvailable);
      const maxUnavailable = str(o.maxUnavailable);
      if (!selector) throw new KtlError('a selector must be specified');
      if (!minAvailable && !maxUnavailable) throw new KtlError('one of min-available or max-unavailable must be specified');
      if (minAvailable && maxUnavailable) throw new KtlError('min-available and max-unavailable cannot be both specified');
      if (minAvailable && !/^[0-9]+%?$/.test(minAvailable)) throw new KtlError('invalid format specified for min-available');
      if (maxUnavailable && !/^[0-9]+%?$/.test(maxUnavailable)) throw new KtlError('invalid format specified for max-unavailable');
      return { kind: 'poddisruptionbudget', name, selector, minAvailable, maxUnavailable };
    },
  );

  const token = create
    .command('token')
    .summary('Request a service account token')
    .description('Request a service account token.')
    .usage('SERVICE_ACCOUNT_NAME [options]')
    .argument('[args...]')
    .addOption(new Option('--audience <audience>', 'Audience of the requested token. If unset, defaults to requesting a token for use with the Kubernetes API server. May be repeated to request a token valid for multiple audiences.').argParser(collectRaw).default(undefined, '[]'))
    .option('--bound-object-kind <kind>', 'Kind of an object to bind the token to. Supported kinds are Node, Pod, Secret. If set, --bound-object-name must be provided.')
    .option('--bound-object-name <name>', 'Name of an object to bind the token to. The token will expire when the object is deleted. Requires --bound-object-kind.')
    .option('--bound-object-uid <uid>', 'UID of an object to bind the token to. Requires --bound-object-kind and --bound-object-name. If unset, the UID of the existing object is used.')
    .addOption(new Option('--duration <duration>', 'Requested lifetime of the issued token. If not set or if set to 0, the lifetime will be determined by the server automatically. The server may return a token with a longer or shorter lifetime.').default(undefined, '0s'));
  addObjectPrintFlags(token);
  token.action(
    action(async (args: string[], opts: Flags, c: Command) => {
      // create's flags (--dry-run, --save-config ...) are not create token's
      rejectForeignFlags(c);
      const name = oneName(args, c);
      const all = { ...c.optsWithGlobals(), ...definedOnly(opts) };
      const { runToken, validateToken } = await import('../../create/token.js');
      const { parseDurationFlag } = await import('../../mutate/flags.js');
      const input = {
        name,
        audiences: strs(all.audience),
        durationMs: parseDurationFlag(all.duration, '--duration', 0),
        boundObjectKind: str(all.boundObjectKind),
        boundObjectName: str(all.boundObjectName),
        boundObjectUid: str(all.boundObjectUid),
      };
      const print = objectPrintOptions(all);
      validateToken(input);
      return runToken({ ...input, ctx: app.ctx, factory: app.factory(c), print, outputSet: typeof all.output === 'string' });
    }),
  );
  withExamples(
    token,
    `  # Request a token to authenticate to the kube-apiserver as the service account "myapp" in the current namespace
  ktl create token myapp

  # Request a token for a service account in a custom namespace
  ktl create token myapp --namespace myns

  # Request a token with a custom expiration
  ktl create token myapp --duration 10m

  # Request a token with a custom audience
  ktl create token myapp --audience https://example.com

  # Request a token bound to an instance of a Secret object
  ktl create token myapp --bound-object-kind Secret --bound-object-name mysecret

  # Request a token bound to an instance of a Secret object with a specific UID
  ktl create token myapp --bound-object-kind Secret --bound-object-name mysecret --bound-object-uid 0d4691ed-659b-4935-a832-355f77ee47cc`,
  );

  generator(
    create,
    app,
    { name: 'priorityclass', aliases: ['pc'], summary: 'Create a priority class with the specified name' },
    (c) => {
      c.option('--value <n>', 'the value of this priority class.', intValue('--value'));
      c.option('--global-default', 'global-default specifies whether this PriorityClass should be considered as the default priority.');
      c.option('--description <text>', 'description is an arbitrary string that usually provides guidelines on when this priority class should be used.');
      c.option('--preemption-policy <policy>', 'preemption-policy is the policy for preempting pods with lower priority.');
    },
    (name, o) => ({ kind: 'priorityclass', name, value: intFlag(o.value, '--value', 0), globalDefault: !!o.globalDefault, description: str(o.description), preemptionPolicy: str(o.preemptionPolicy, 'PreemptLowerPriority') }),
  );
}

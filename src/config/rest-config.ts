/**
 * From kubeconfig + global flags to the RestConfig every API command uses,
 * following client-go's DirectClientConfig / DeferredLoadingClientConfig:
 * context, cluster and user selection, flag overrides, kubectl's validation
 * messages, the in-cluster service account and the localhost:8080 fallback.
 */
import { openForReading, readFile, stat } from '../fs-async.js';
import path from 'node:path';
import type { Context } from '../context.js';
import { ConfigError, messageOf, errnoCode } from '../errors.js';
import type { ConfigOverrides } from './overrides.js';
import { parseRequestTimeout } from './duration.js';
import { kubeconfigPaths, loadKubeconfig, resolveLocalPaths } from './loader.js';
import type { AuthInfo, ClusterEntry, ContextEntry, RestConfig } from './types.js';

export const DEFAULT_SERVER = 'http://localhost:8080';
export const IN_CLUSTER_ROOT = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface RestConfigOptions {
  /** where the service account token, ca.crt and namespace live (tests point this elsewhere) */
  inClusterRoot?: string;
  /** ask for a username and password as kubectl does (src/config/prompt.ts); the library never asks */
  prompt?: boolean;
}

/** The runs (by their Context) that have loaded a RestConfig without a fault. */
const loadedOnce = new WeakSet<Context>();

/** This run has loaded a working kubeconfig: a later failure is not the kubeconfig's. */
export function kubeconfigLoaded(ctx: Context): boolean {
  return loadedOnce.has(ctx);
}

export async function loadRestConfig(ctx: Context, flags: ConfigOverrides, opts: RestConfigOptions = {}): Promise<RestConfig> {
  const loaded = await loadKubeconfig(kubeconfigPaths(ctx, flags.kubeconfig));
  const cfg = resolveLocalPaths(loaded, ctx.cwd);
  const inClusterRoot = opts.inClusterRoot ?? IN_CLUSTER_ROOT;

  const contextName = flags.context || cfg.currentContext;
  const context: ContextEntry = cfg.contexts.get(contextName) ?? { cluster: '', user: '' };
  const userName = flags.user || context.user;
  const clusterName = flags.cluster || context.cluster;
  const fileCluster = cfg.clusters.get(clusterName);
  const defaultServer = ctx.env.KUBERNETES_MASTER || DEFAULT_SERVER;

  const cluster = overrideCluster(
    flags.cluster && !fileCluster ? { server: '' } : { server: defaultServer, ...stripEmpty(fileCluster ?? {}) },
    flags,
    ctx.cwd,
  );
  const user = overrideUser(structuredClone(cfg.users.get(userName) ?? {}), flags, ctx.cwd);

  // ConfirmUsable: every problem at once, in kubectl's words
  const problems: Array<{ msg: string; contextNotFound?: boolean }> = [];
  if (contextName && !cfg.contexts.has(contextName)) {
    problems.push({ msg: `context was not found for specified context: ${contextName}`, contextNotFound: true });
  }
  for (const msg of await validateAuthInfo(userName, user)) problems.push({ msg });
  // a --cluster that names nothing is validated empty, whatever --server says (client-go's getCluster gives up before the overrides)
  for (const msg of await validateCluster(clusterName, flags.cluster && !fileCluster ? { server: '' } : cluster)) problems.push({ msg });
  // ClientConfig's first checks: a --user, --context or --cluster that names nothing, in that order
  const missing =
    flags.user && !cfg.users.has(flags.user)
      ? `auth info "${flags.user}" does not exist`
      : flags.context && !cfg.contexts.has(flags.context)
        ? `context "${flags.context}" does not exist`
        : flags.cluster && !cfg.clusters.has(flags.cluster)
          ? `cluster "${flags.cluster}" does not exist`
          : undefined;
  if (problems.length > 0) {
    const err =
      problems.length === 1
        ? new ConfigError(problems[0]!.msg, !!problems[0]!.contextNotFound)
        : new ConfigError(`\n* ${problems.map((p) => p.msg).join('\n* ')}`, true);
    if (missing) err.forms = { client: new ConfigError(missing), both: bothForm(missing, problems) };
    throw err;
  }
  if (missing) throw new ConfigError(missing);

  const requestTimeoutMs = parseRequestTimeout(flags.requestTimeout);
  const verbosity = Number(flags.v ?? 0) || 0;
  const cacheDir = flags.cacheDir || ctx.env.KUBECACHEDIR || path.join(ctx.homeDir, '.kube', 'cache');

  const inClusterPossible = await inClusterAvailable(ctx, inClusterRoot);
  const impersonate = impersonation(user);
  let rest: RestConfig = {
    contextName: contextName && cfg.contexts.has(contextName) ? contextName : '',
    clusterName,
    userName,
    namespace: flags.namespace || context.namespace || 'default',
    namespaceFromFlag: !!flags.namespace,
    cluster,
    user,
    ...(impersonate ? { impersonate } : {}),
    requestTimeoutMs,
    inCluster: false,
    verbosity,
    cacheDir,
  };

  if (inClusterPossible && isDefaultConfig(rest, defaultServer)) {
    rest = await inClusterConfig(ctx, rest, inClusterRoot, flags);
  } else if (inClusterPossible && !flags.namespace && !context.namespace) {
    // kubectl uses the service account's namespace when the kubeconfig names none
    rest.namespace = await inClusterNamespace(ctx, inClusterRoot);
  }

  // client-go reads credentials only when the transport is TLS
  if (!isHttps(rest.cluster.server)) rest.user = {};
  else if (opts.prompt !== false && !rest.inCluster) await promptIfAnonymous(ctx, rest.user);
  loadedOnce.add(ctx);
  return rest;
}

/** client-go's canIdentifyUser, on the merged user (a token file counts when it holds a token). */
function canIdentifyUser(u: AuthInfo, tokenFromFile: string): boolean {
  return !!(u.username || u['client-certificate'] || u['client-certificate-data'] || u.token || tokenFromFile || u['auth-provider'] || u.exec);
}

/** kubectl's prompt for a user the configuration does not identify (TLS only). */
async function promptIfAnonymous(ctx: Context, user: AuthInfo): Promise<void> {
  let fromFile = '';
  if (!user.token && user.tokenFile) {
    try {
      fromFile = await readFile(user.tokenFile, 'utf8');
    } catch {
      return; // the client reports the unreadable file, before any prompt, as client-go does
    }
  }
  if (canIdentifyUser(user, fromFile)) return;
  // the prompt's code is read only when it asks (not on every start of a TLS command)
  const answer = await (await import('./prompt.js')).promptForCredentials(ctx);
  user.username = answer.username;
  // a password given in the configuration stays (client-go merges the prompt's answer under it)
  if (!user.password) user.password = answer.password;
}

/**
 * The fault as a command sees it that asks for the client configuration and
 * the namespace together (set selector): both errors, the lookup's first;
 * worded as kubectl's error handler words a list that does or does not hold
 * a context that was not found.
 */
function bothForm(missing: string, problems: Array<{ msg: string; contextNotFound?: boolean }>): ConfigError {
  if (problems.some((p) => p.contextNotFound)) return new ConfigError(`\n* ${[missing, ...problems.map((p) => p.msg)].join('\n* ')}`, true);
  const usable = problems.length === 1 ? problems[0]!.msg : `[${problems.map((p) => p.msg).join(', ')}]`;
  return new ConfigError(`${missing}\ninvalid configuration: ${usable}`, false, true);
}

/** A copy without the fields that are empty strings, false or undefined. */
function stripEmpty<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = { ...o };
  // the copy is a plain object: for-in sees exactly its own keys
  for (const k in out) {
    const v = out[k];
    if (v === '' || v === undefined || v === false) delete out[k];
  }
  return out;
}

function overrideCluster(base: ClusterEntry & { server: string }, flags: ConfigOverrides, cwd: string): ClusterEntry & { server: string } {
  const c = { ...base };
  if (flags.server) c.server = flags.server;
  const ca = flags.certificateAuthority ? path.resolve(cwd, flags.certificateAuthority) : '';
  // an explicit CA or --insecure-skip-tls-verify replaces the kubeconfig's TLS trust settings
  if (flags.insecureSkipTlsVerify || ca) {
    delete c['certificate-authority'];
    delete c['certificate-authority-data'];
    delete c['insecure-skip-tls-verify'];
    if (ca) c['certificate-authority'] = ca;
    if (flags.insecureSkipTlsVerify) c['insecure-skip-tls-verify'] = true;
  }
  // --server also clears the kubeconfig's tls-server-name unless one is given
  if (flags.tlsServerName || flags.server) {
    if (flags.tlsServerName) c['tls-server-name'] = flags.tlsServerName;
    else delete c['tls-server-name'];
  }
  if (flags.disableCompression) c['disable-compression'] = true;
  return c;
}

function overrideUser(u: AuthInfo, flags: ConfigOverrides, cwd: string): AuthInfo {
  if (flags.token) u.token = flags.token;
  if (flags.clientCertificate) u['client-certificate'] = path.resolve(cwd, flags.clientCertificate);
  if (flags.clientKey) u['client-key'] = path.resolve(cwd, flags.clientKey);
  if (flags.username) u.username = flags.username;
  if (flags.password) u.password = flags.password;
  if (flags.as) u.as = flags.as;
  if (flags.asGroup?.length) u['as-groups'] = flags.asGroup;
  if (flags.asUid) u['as-uid'] = flags.asUid;
  return u;
}

function impersonation(u: AuthInfo): RestConfig['impersonate'] {
  if (!u.as) return undefined;
  const out: NonNullable<RestConfig['impersonate']> = { user: u.as };
  if (u['as-groups']?.length) out.groups = u['as-groups'];
  if (u['as-uid']) out.uid = u['as-uid'];
  const extra = u['as-user-extra'];
  // a nil list (`key: null` in the file) impersonates with no values, as Go's nil slice
  if (extra && Object.keys(extra).length) out.extra = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v ?? []]));
  return out;
}

async function canOpen(file: string): Promise<string | undefined> {
  try {
    const h = await openForReading(file);
    await h.close();
    return undefined;
  } catch (e) {
    const code = errnoCode(e);
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : messageOf(e);
    return `open ${file}: ${why}`;
  }
}

/** client-go validateAuthInfo. */
export async function validateAuthInfo(name: string, u: AuthInfo): Promise<string[]> {
  const errs: string[] = [];
  const methods: string[] = [];
  if (u.token) methods.push('token');
  if (u.username || u.password) methods.push('basicAuth');
  if (u['client-certificate'] || u['client-certificate-data']) {
    if (u['client-certificate'] && u['client-certificate-data']) {
      errs.push(`client-cert-data and client-cert are both specified for ${name}. client-cert-data will override.`);
    }
    if (u['client-key'] && u['client-key-data']) {
      errs.push(`client-key-data and client-key are both specified for ${name}; client-key-data will override`);
    }
    if (!u['client-key'] && !u['client-key-data']) {
      errs.push(`client-key-data or client-key must be specified for ${name} to use the clientCert authentication method.`);
    }
    if (u['client-certificate']) {
      const err = await canOpen(u['client-certificate']);
      if (err) errs.push(`unable to read client-cert ${u['client-certificate']} for ${name} due to ${err}`);
    }
    if (u['client-key']) {
      const err = await canOpen(u['client-key']);
      if (err) errs.push(`unable to read client-key ${u['client-key']} for ${name} due to ${err}`);
    }
  }
  if (u.exec) {
    if (u['auth-provider']) errs.push(`authProvider cannot be provided in combination with an exec plugin for ${name}`);
    if (!u.exec.command) errs.push(`command must be specified for ${name} to use exec authentication plugin`);
    if (!u.exec.apiVersion) errs.push(`apiVersion must be specified for ${name} to use exec authentication plugin`);
    for (const v of u.exec.env ?? []) {
      if (!v.name) errs.push(`env variable name must be specified for ${name} to use exec authentication plugin`);
    }
    const mode = u.exec.interactiveMode ?? '';
    if (mode === '') errs.push(`interactiveMode must be specified for ${name} to use exec authentication plugin`);
    else if (!['Never', 'IfAvailable', 'Always'].includes(mode)) errs.push(`invalid interactiveMode for ${name}: "${mode}"`);
  }
  if (methods.length > 1) {
    errs.push(`more than one authentication method found for ${name}; found [${methods.join(' ')}], only one is allowed`);
  }
  if ((u['as-uid'] || u['as-groups']?.length || (u['as-user-extra'] && Object.keys(u['as-user-extra']).length)) && !u.as) {
    errs.push(`requesting uid, groups or user-extra for ${name} without impersonating a user`);
  }
  return errs;
}

/** client-go validateClusterInfo. */
export async function validateCluster(name: string, c: ClusterEntry): Promise<string[]> {
  const errs: string[] = [];
  if (!c.server) errs.push(name ? `no server found for cluster "${name}"` : 'default cluster has no server defined');
  if (c['proxy-url']) {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(c['proxy-url'])?.[1]?.toLowerCase() ?? '';
    if (!['http', 'https', 'socks5'].includes(scheme)) {
      errs.push(
        `invalid 'proxy-url' "${c['proxy-url']}" for cluster "${name}": unsupported scheme "${scheme}", must be http, https, or socks5`,
      );
    }
  }
  if (c['certificate-authority'] && c['certificate-authority-data']) {
    errs.push(`certificate-authority-data and certificate-authority are both specified for ${name}. certificate-authority-data will override.`);
  }
  if (c['certificate-authority']) {
    const err = await canOpen(c['certificate-authority']);
    if (err) errs.push(`unable to read certificate-authority ${c['certificate-authority']} for ${name} due to ${err}`);
  }
  return errs;
}

/**
 * client-go decides before any TLS settings are applied, so a server without
 * a scheme counts as plain http.
 */
export function isHttps(server: string): boolean {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/[^/]/.exec(server);
  return !!m && m[1]!.toLowerCase() === 'https';
}

function isDefaultConfig(r: RestConfig, defaultServer: string): boolean {
  const c = r.cluster;
  const u = r.user;
  return (
    c.server === defaultServer &&
    !c['certificate-authority'] &&
    !c['certificate-authority-data'] &&
    !c['insecure-skip-tls-verify'] &&
    !c['tls-server-name'] &&
    !c['proxy-url'] &&
    Object.keys(stripEmpty(u)).length === 0 &&
    !r.impersonate
  );
}

async function inClusterAvailable(ctx: Context, root: string): Promise<boolean> {
  if (!ctx.env.KUBERNETES_SERVICE_HOST || !ctx.env.KUBERNETES_SERVICE_PORT) return false;
  try {
    return !(await stat(path.join(root, 'token'))).isDirectory();
  } catch {
    return false;
  }
}

async function inClusterNamespace(ctx: Context, root: string): Promise<string> {
  if (ctx.env.POD_NAMESPACE) return ctx.env.POD_NAMESPACE;
  try {
    const ns = (await readFile(path.join(root, 'namespace'), 'utf8')).trim();
    if (ns) return ns;
  } catch {
    /* fall through */
  }
  return 'default';
}

/** rest.InClusterConfig plus kubectl's overrides of it. */
async function inClusterConfig(ctx: Context, base: RestConfig, root: string, flags: ConfigOverrides): Promise<RestConfig> {
  const host = ctx.env.KUBERNETES_SERVICE_HOST!;
  const port = ctx.env.KUBERNETES_SERVICE_PORT!;
  const hostPort = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const tokenFile = path.join(root, 'token');
  let token: string;
  try {
    token = await readFile(tokenFile, 'utf8');
  } catch (e) {
    throw new ConfigError(`open ${tokenFile}: ${errnoCode(e) === 'EACCES' ? 'permission denied' : 'no such file or directory'}`);
  }
  const caFile = path.join(root, 'ca.crt');
  const cluster: ClusterEntry & { server: string } = { server: flags.server || `https://${hostPort}` };
  try {
    await stat(caFile);
    cluster['certificate-authority'] = caFile;
  } catch {
    /* client-go logs and goes on without a CA */
  }
  if (flags.certificateAuthority) cluster['certificate-authority'] = path.resolve(ctx.cwd, flags.certificateAuthority);
  const user: AuthInfo = flags.token ? { token: flags.token } : { token, tokenFile };
  return {
    ...base,
    contextName: '',
    clusterName: '',
    userName: '',
    namespace: flags.namespace || (await inClusterNamespace(ctx, root)),
    cluster,
    user,
    inCluster: true,
  };
}

/**
 * ktl as a library (a ktl extension; kubectl has none):
 *
 *   import { connect } from 'ktl';
 *   const k = await connect({ context: 'prod', namespace: 'web' });
 *   await k.apply(manifestYaml);
 *   await k.rolloutStatus('deployment', 'web', { timeout: '5m' });
 *   console.log(await k.format(await k.list('pods'), 'table'));
 *   k.close();
 *
 * Nothing here loads the CLI (Commander, the command registry), writes to
 * stdout or stderr, or reads process.env except as the documented default of
 * ConnectOptions.env. The modules behind each call are loaded on first use.
 */
import type { KubeClient } from './client.js';
import { typedError } from './errors.js';
import type { ConnectOptions, FormatOptions, KubeObject, OutputFormat } from './types.js';

export type { KubeClient } from './client.js';
export type * from './types.js';
export {
  KtlError,
  ApiError,
  ConfigError,
  ConnectionError,
  TimeoutError,
  RequestTimeoutError,
  UnknownResourceError,
  BadRequestError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  MethodNotAllowedError,
  AlreadyExistsError,
  ConflictError,
  GoneError,
  InvalidError,
  TooManyRequestsError,
  InternalServerError,
  ServiceUnavailableError,
  ServerTimeoutError,
  MultipleErrors,
  type ApiStatus,
} from './errors.js';

/**
 * Loads the kubeconfig (kubectl's rules, the options as the matching
 * flags) and returns a client for that cluster. Nothing is sent until the
 * first call; close() releases the connections.
 */
export async function connect(options: ConnectOptions = {}): Promise<KubeClient> {
  try {
    // one after the other: jest's ESM loader races on parallel dynamic imports
    const { libraryContext } = await import('./context.js');
    const { loadRestConfig } = await import('../config/rest-config.js');
    const { createClients } = await import('../client/index.js');
    const { KubeClient } = await import('./client.js');
    const os = await import('node:os');
    const ctx = libraryContext({
      env: options.env ?? process.env,
      cwd: options.cwd ?? process.cwd(),
      homeDir: options.homeDir ?? os.homedir(),
      onWarning: options.onWarning,
    });
    const rt = options.requestTimeout;
    const config = await loadRestConfig(
      ctx,
      {
        kubeconfig: options.kubeconfig,
        context: options.context,
        namespace: options.namespace,
        cluster: options.cluster,
        user: options.user,
        server: options.server,
        token: options.token,
        insecureSkipTlsVerify: options.insecureSkipTlsVerify,
        tlsServerName: options.tlsServerName,
        as: options.as,
        asGroup: options.asGroup,
        asUid: options.asUid,
        cacheDir: options.cacheDir,
        requestTimeout: rt === undefined ? undefined : typeof rt === 'number' ? `${rt}ms` : rt,
      },
      { prompt: false },
    );
    const clients = createClients(ctx, config);
    await clients.transport.prepare();
    return new KubeClient(ctx, config, clients);
  } catch (err) {
    throw typedError(err);
  }
}

/**
 * The objects as `ktl get -o FORMAT` prints them, without a connection:
 * yaml, json, name, jsonpath=..., jsonpath-as-json=..., custom-columns=...,
 * go-template=... (the -file variants read their file). One object prints as
 * itself, an array as get prints a list. For "table" and "wide" use
 * format() of a connected client.
 */
export async function format(objects: KubeObject | KubeObject[], output: OutputFormat, options: FormatOptions = {}): Promise<string> {
  const { formatObjects } = await import('./format.js');
  return formatObjects(objects, output, options, { cwd: process.cwd(), now: () => new Date() });
}

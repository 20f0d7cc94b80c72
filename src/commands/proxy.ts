/**
 * `ktl proxy`: kubectl proxy's local gateway to the API server (see
 * src/proxy/server.ts), with kubectl 1.33's flags, defaults, filter and
 * "Starting to serve on ..." line. Runs until interrupted.
 */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { action, withExamples, Option, type App } from './kit.js';
import { write } from '../context.js';
import { KtlError, messageOf, PreConfigError } from '../errors.js';
import { parseDurationFlag, parseIntFlag } from '../mutate/flags.js';

const EXAMPLES = (bin: string) => `  # To proxy all of the Kubernetes API and nothing else
  ${bin} proxy --api-prefix=/
  
  # To proxy only part of the Kubernetes API and also some static files
  # You can get pods info with 'curl localhost:8001/api/v1/pods'
  ${bin} proxy --www=/my/files --www-prefix=/static/ --api-prefix=/api/
  
  # To proxy the entire Kubernetes API at a different root
  # You can get pods info with 'curl localhost:8001/custom/api/v1/pods'
  ${bin} proxy --api-prefix=/custom/
  
  # Run a proxy to the Kubernetes API server on port 8011, serving static content from ./local/www/
  ${bin} proxy --port=8011 --www=./local/www/
  
  # Run a proxy to the Kubernetes API server on an arbitrary local port
  # The chosen port for the server will be output to stdout
  ${bin} proxy --port=0
  
  # Run a proxy to the Kubernetes API server, changing the API prefix to k8s-api
  # This makes e.g. the pods API available at localhost:8001/k8s-api/v1/pods/
  ${bin} proxy --api-prefix=/k8s-api`;

const DEFAULT_PORT = 8001;
const ACCEPT_HOSTS = '^localhost$,^127\\.0\\.0\\.1$,^\\[::1\\]$';
const REJECT_PATHS = '^/api/.*/pods/.*/exec,^/api/.*/pods/.*/attach';

const str = (name: string, desc: string, dflt: string) => new Option(`${name} <value>`, desc).default(dflt, `'${dflt}'`);

export function registerProxy(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('proxy')
    .summary('Run a proxy to the Kubernetes API server')
    .description(
      'Creates a proxy server or application-level gateway between localhost and the Kubernetes API server. It also allows serving static content over specified HTTP path. All incoming data enters through one port and gets forwarded to the remote Kubernetes API server port, except for the path matching the static content path.',
    )
    .usage('[--port=PORT] [--www=static-dir] [--www-prefix=prefix] [--api-prefix=prefix] [options]')
    .argument('[args...]')
    .addOption(str('--accept-hosts', 'Regular expression for hosts that the proxy should accept.', ACCEPT_HOSTS))
    .addOption(str('--accept-paths', 'Regular expression for paths that the proxy should accept.', '^.*'))
    .addOption(str('--address', 'The IP address on which to serve on.', '127.0.0.1'))
    .addOption(str('--api-prefix', 'Prefix to serve the proxied API under.', '/'))
    .option('--append-server-path', 'If true, enables automatic path appending of the kube context server path to each request.')
    .option(
      '--disable-filter',
      'If true, disable request filtering in the proxy. This is dangerous, and can leave you vulnerable to XSRF attacks, when used with an accessible port.',
    )
    .addOption(
      new Option('--keepalive <duration>', 'keepalive specifies the keep-alive period for an active network connection. Set to 0 to disable keepalive.').default(undefined, '0s'),
    )
    .addOption(new Option('-p, --port <port>', 'The port on which to run the proxy. Set to 0 to pick a random port.').default(undefined, String(DEFAULT_PORT)))
    .addOption(
      str('--reject-methods', "Regular expression for HTTP methods that the proxy should reject (example --reject-methods='POST,PUT,PATCH'). ", '^$'),
    )
    .addOption(
      str(
        '--reject-paths',
        'Regular expression for paths that the proxy should reject. Paths specified here will be rejected even accepted by --accept-paths.',
        REJECT_PATHS,
      ),
    )
    .addOption(str('-u, --unix-socket', 'Unix socket on which to run the proxy.', ''))
    .addOption(str('-w, --www', 'Also serve static files from the given directory under the specified prefix.', ''))
    .addOption(str('-P, --www-prefix', 'Prefix to serve static files under, if static file directory is specified.', '/static/'));
  withExamples(cmd, EXAMPLES(bin));
  cmd.action(
    action(async (_args: string[], opts: Record<string, unknown>, c: Command) => {
      // pflag's parse errors, with cobra's usage footer
      const flag = <T>(parse: () => T): T => {
        try {
          return parse();
        } catch (err) {
          throw new PreConfigError(`${messageOf(err)}\nSee '${bin} proxy --help' for usage.`);
        }
      };
      const port = flag(() => parseIntFlag(opts.port, '-p, --port', DEFAULT_PORT));
      const keepAliveMs = flag(() => parseDurationFlag(opts.keepalive, '--keepalive', 0));
      const f = app.factory(c);
      const clients = await f.clients();
      const log = clients.log;
      let staticPrefix = String(opts.wwwPrefix);
      if (!staticPrefix.endsWith('/')) staticPrefix += '/';
      let apiPrefix = String(opts.apiPrefix);
      if (!apiPrefix.endsWith('/')) apiPrefix += '/';
      const socketPath = String(opts.unixSocket ?? '');
      const appendServerPath = !!opts.appendServerPath;
      if (!appendServerPath) {
        const serverPath = new URL(clients.config.cluster.server).pathname;
        if (serverPath !== '' && serverPath !== '/') {
          log.warning('proxy.go:178', `Your kube context contains a server path ${serverPath}, use --append-server-path to automatically append the path to each request`);
        }
      }
      const { ProxyServer, regexpArray } = await import('../proxy/server.js');
      let filter;
      if (opts.disableFilter) {
        if (socketPath === '') log.warning('proxy.go:186', 'Request filter disabled, your proxy is vulnerable to XSRF attacks, please be cautious');
      } else {
        const compile = (s: unknown) => {
          try {
            return regexpArray(String(s));
          } catch (err) {
            throw new KtlError(`Error compiling re: error parsing regexp: ${messageOf(err)}`);
          }
        };
        filter = {
          acceptPaths: compile(opts.acceptPaths),
          rejectPaths: compile(opts.rejectPaths),
          acceptHosts: compile(opts.acceptHosts),
          rejectMethods: compile(opts.rejectMethods),
        };
      }
      if (port !== DEFAULT_PORT && socketPath !== '') throw new KtlError('cannot set --unix-socket and --port at the same time');
      const staticDir = String(opts.www ?? '');
      if (staticDir !== '') {
        try {
          if (!(await stat(staticDir)).isDirectory()) log.warning('proxy.go:160', `Static file directory ${staticDir} is not a directory`);
        } catch (err) {
          log.warning('proxy.go:158', `Failed to stat static file directory ${staticDir}: stat ${staticDir}: no such file or directory`);
          void err;
        }
      }
      const proxy = new ProxyServer({
        transport: clients.transport,
        apiPrefix,
        staticPrefix,
        staticDir,
        filter,
        appendServerPath,
        keepAliveMs,
        onError: (m) => log.error('proxy_server.go:147', `Error while proxying request: ${m}`),
      });
      const server = proxy.server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        if (socketPath) server.listen(socketPath, () => resolve());
        else server.listen(port, String(opts.address), () => resolve());
      }).catch((err: NodeJS.ErrnoException) => {
        const where = socketPath || `${String(opts.address).includes(':') ? `[${String(opts.address)}]` : String(opts.address)}:${port}`;
        if (err.code === 'EADDRINUSE') throw new KtlError(`listen ${socketPath ? 'unix' : 'tcp'} ${where}: bind: address already in use`);
        if (err.code === 'EADDRNOTAVAIL') throw new KtlError(`listen tcp ${where}: bind: cannot assign requested address`);
        if (err.code === 'EACCES') throw new KtlError(`listen ${socketPath ? 'unix' : 'tcp'} ${where}: bind: permission denied`);
        throw new KtlError(`listen ${socketPath ? 'unix' : 'tcp'} ${where}: ${err.message}`);
      });
      const addr = server.address();
      const shown = typeof addr === 'string' ? addr : addr ? `${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}` : '';
      await write(app.ctx.io.out, `Starting to serve on ${shown}\n`);
      // serves until a signal ends it: kubectl installs no handler, so ^C ends it as SIGINT ends a program
      await new Promise<never>(() => undefined);
      return 0;
    }),
  );
}

/**
 * The factory (kubectl's cmdutil.Factory): built once per run from the
 * connection flags, it is all a command needs from its surroundings — the
 * streams, the request namespace, the API clients, a resource builder and
 * printers. Commands get one from `app.factory(cmd)` (src/cli.ts) and never
 * see the global flags; the clients are opened on first use and closed by
 * the program when the command ends (close() may be called earlier).
 */
import type { Clients, ClientOptions } from './client/index.js';
import type { ConfigOverrides } from './config/overrides.js';
import type { RestConfig } from './config/types.js';
import type { Context, IO } from './context.js';
import type { PrintOptions } from './flags/print.js';
import type { PrinterContext, ResourcePrinter } from './printers/resource-printer.js';
import { ResourceBuilder } from './resource/builder.js';

export interface Factory {
  readonly ctx: Context;
  readonly io: IO;
  /** -n, else the context's namespace, else "default"; `enforce`: it came from -n */
  namespace(): Promise<{ namespace: string; enforce: boolean }>;
  /** the loaded kubeconfig for the flags (kubectl's ToRESTConfig) */
  restConfig(): Promise<RestConfig>;
  /** transport, REST, discovery and mapper for the server; opened once, on first use */
  clients(): Promise<Clients>;
  /** a fresh resource builder over these clients and this namespace */
  builder(): ResourceBuilder;
  /** the printer for -o (json, yaml, name, jsonpath*, go-template*, custom-columns*) */
  printer(p: PrintOptions, o?: Omit<PrinterContext, 'cwd'>): Promise<ResourcePrinter>;
  /** releases the clients' sockets; safe to call more than once */
  close(): void;
}

export interface FactoryOptions {
  /** the Kubectl-Command header, e.g. "ktl rollout status" */
  command?: string;
  /** connection settings that replace the flags' (create rolebinding's --user is not the kubeconfig user) */
  overrides?: Partial<ConfigOverrides>;
  /** client knobs for tests (retries, sleep) */
  client?: Omit<ClientOptions, 'command'>;
}

export function createFactory(ctx: Context, flags: ConfigOverrides, o: FactoryOptions = {}): Factory {
  const overrides = { ...flags, ...o.overrides };
  let config: Promise<RestConfig> | undefined;
  let clients: Promise<Clients> | undefined;
  let opened: Clients | undefined;
  let closed = false;
  const restConfig = (): Promise<RestConfig> => {
    config ??= import('./config/rest-config.js').then((m) => m.loadRestConfig(ctx, overrides));
    return config;
  };
  const f: Factory = {
    ctx,
    io: ctx.io,
    async namespace() {
      const c = await restConfig();
      return { namespace: c.namespace, enforce: c.namespaceFromFlag };
    },
    restConfig,
    clients() {
      clients ??= (async () => {
        const { createClients } = await import('./client/index.js');
        const c = createClients(ctx, await restConfig(), { ...o.client, command: o.command });
        // a bad CA, certificate or key fails here, as when kubectl builds its client
        await c.transport.prepare();
        if (overrides.matchServerVersion) {
          try {
            await (await import('./client/match-version.js')).matchServerVersion(c);
          } catch (err) {
            c.close();
            throw err;
          }
        }
        if (closed) c.close();
        else opened = c;
        return c;
      })();
      return clients;
    },
    builder: () => new ResourceBuilder({ ctx, clients: f.clients, defaultNamespace: f.namespace }),
    async printer(p, pc = {}) {
      const { createPrinter } = await import('./printers/resource-printer.js');
      return createPrinter(p, { ...pc, cwd: ctx.cwd });
    },
    close() {
      closed = true;
      opened?.close();
      opened = undefined;
    },
  };
  return f;
}

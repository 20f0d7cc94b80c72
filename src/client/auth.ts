/**
 * TLS material and credentials for one RestConfig. Static material (CA, client
 * certificate, token, token file, basic auth) is read directly; exec plugins
 * are run by exec-plugin.ts; auth-providers go through @kubernetes/client-node's
 * KubeConfig, loaded only when such a user is configured.
 */
import { readFile } from 'node:fs/promises';
import type { RestConfig } from '../config/types.js';
import { ConfigError, ConnectionError } from '../errors.js';
import { checkExecConfig, ExecPlugin, type ExecIO } from './exec-plugin.js';

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
}

export interface Credentials {
  /** value of the Authorization header, if any */
  authorization?: string;
  /** client certificate and key from an exec plugin (override static ones) */
  cert?: Buffer;
  key?: Buffer;
}

async function fileOrData(file: string | undefined, data: string | undefined, what: string): Promise<Buffer | undefined> {
  if (file) {
    try {
      return await readFile(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file or directory' : (err as Error).message;
      throw new ConfigError(`unable to read ${what} ${file}: open ${file}: ${reason}`);
    }
  }
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

export async function loadTlsMaterial(config: RestConfig): Promise<TlsMaterial> {
  const c = config.cluster;
  const u = config.user;
  const insecure = !!c['insecure-skip-tls-verify'];
  return {
    ca: insecure ? undefined : await fileOrData(c['certificate-authority'], c['certificate-authority-data'], 'certificate-authority'),
    cert: await fileOrData(u['client-certificate'], u['client-certificate-data'], 'client-certificate'),
    key: await fileOrData(u['client-key'], u['client-key-data'], 'client-key'),
    rejectUnauthorized: !insecure,
    servername: c['tls-server-name'] || undefined,
  };
}

/** True when credentials come from a plugin and may change (refresh on 401). */
export function hasDynamicCredentials(config: RestConfig): boolean {
  return !!(config.user.exec || config.user['auth-provider']);
}

/**
 * Resolves the credentials to send. Exec plugins run with the parent
 * environment plus KUBERNETES_EXEC_INFO, as kubectl runs them.
 */
export class CredentialSource {
  private staticCreds?: Credentials;
  private kubeConfig?: Promise<unknown>;
  private readonly plugin?: ExecPlugin;

  constructor(
    private readonly config: RestConfig,
    private readonly env: Readonly<Record<string, string | undefined>>,
    io?: ExecIO,
  ) {
    const exec = config.user.exec;
    if (exec) {
      checkExecConfig(exec, config.userName || 'user');
      this.plugin = new ExecPlugin(exec, config.cluster, env, io);
    }
  }

  async get(): Promise<Credentials> {
    if (this.plugin) {
      const c = await this.plugin.get();
      return { authorization: c.token ? `Bearer ${c.token}` : undefined, cert: c.cert, key: c.key };
    }
    if (hasDynamicCredentials(this.config)) return this.fromClientNode();
    if (!this.staticCreds) this.staticCreds = await this.fromStatic();
    return this.staticCreds;
  }

  /** Forget plugin credentials (after a 401) so the next get() asks again. */
  reset(): void {
    this.kubeConfig = undefined;
    this.plugin?.reset();
  }

  private async fromStatic(): Promise<Credentials> {
    const u = this.config.user;
    if (u.token) return { authorization: `Bearer ${u.token.trim()}` };
    if (u.tokenFile) {
      try {
        const token = (await readFile(u.tokenFile, 'utf8')).trim();
        if (token) return { authorization: `Bearer ${token}` };
      } catch (err) {
        throw new ConfigError(`open ${u.tokenFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
      }
    }
    if (u.username || u.password) {
      return { authorization: `Basic ${Buffer.from(`${u.username ?? ''}:${u.password ?? ''}`).toString('base64')}` };
    }
    return {};
  }

  /** auth-provider users (oidc ...) go through client-node, loaded only for them. */
  private async fromClientNode(): Promise<Credentials> {
    if (!this.kubeConfig) this.kubeConfig = this.buildKubeConfig();
    const kc = (await this.kubeConfig) as {
      applyToHTTPSOptions(o: Record<string, unknown>): Promise<void>;
    };
    const opts: { headers: Record<string, string> } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new ConnectionError((err as Error)?.message ?? String(err), 'other', '');
    }
    return opts.headers.Authorization ? { authorization: opts.headers.Authorization } : {};
  }

  private async buildKubeConfig(): Promise<unknown> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const c = this.config.cluster;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      // TLS is ours; client-node only supplies credentials here
      clusters: [{ name: 'cluster', server: c.server, skipTLSVerify: !!c['insecure-skip-tls-verify'] }],
      users: [{ name: this.config.userName || 'user', authProvider: this.config.user['auth-provider'] }],
      contexts: [{ name: 'ctx', cluster: 'cluster', user: this.config.userName || 'user' }],
      currentContext: 'ctx',
    });
    return kc;
  }
}

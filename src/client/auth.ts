/**
 * TLS material and credentials for one RestConfig. Static material (CA, client
 * certificate, token, token file, basic auth) is read directly; exec plugins
 * and auth-providers go through @kubernetes/client-node's KubeConfig, loaded
 * only when such a user is configured so plain commands start fast.
 */
import { readFile } from 'node:fs/promises';
import type { RestConfig } from '../config/types.js';
import { ConfigError, ConnectionError } from '../errors.js';

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

  constructor(
    private readonly config: RestConfig,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  async get(): Promise<Credentials> {
    if (hasDynamicCredentials(this.config)) return this.fromClientNode();
    if (!this.staticCreds) this.staticCreds = await this.fromStatic();
    return this.staticCreds;
  }

  /** Forget plugin credentials (after a 401) so the next get() asks again. */
  reset(): void {
    this.kubeConfig = undefined;
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

  private async fromClientNode(): Promise<Credentials> {
    if (!this.kubeConfig) this.kubeConfig = this.buildKubeConfig();
    const kc = (await this.kubeConfig) as {
      applyToHTTPSOptions(o: Record<string, unknown>): Promise<void>;
    };
    const opts: { headers: Record<string, string>; cert?: Buffer | string; key?: Buffer | string } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw this.credentialError(err);
    }
    const out: Credentials = {};
    if (opts.headers.Authorization) out.authorization = opts.headers.Authorization;
    // exec plugins may return client certificates (PEM strings)
    if (this.config.user.exec && opts.cert && typeof opts.cert === 'string') out.cert = Buffer.from(opts.cert);
    if (this.config.user.exec && opts.key && typeof opts.key === 'string') out.key = Buffer.from(opts.key);
    return out;
  }

  private async buildKubeConfig(): Promise<unknown> {
    const { KubeConfig } = await import('@kubernetes/client-node');
    const c = this.config.cluster;
    const u = this.config.user;
    let exec = u.exec as (Record<string, unknown> & { env?: Array<{ name: string; value: string }> | null }) | undefined;
    if (exec) {
      const execInfo = {
        apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1beta1',
        kind: 'ExecCredential',
        spec: { interactive: false },
      };
      // client-node starts plugins with process.env + exec.env; give it ours instead.
      const env = Object.entries(this.env)
        .filter((e): e is [string, string] => e[1] !== undefined)
        .map(([name, value]) => ({ name, value }));
      exec = {
        ...exec,
        env: [...env, ...(exec.env ?? []), { name: 'KUBERNETES_EXEC_INFO', value: JSON.stringify(execInfo) }],
      };
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'cluster',
          server: c.server,
          skipTLSVerify: !!c['insecure-skip-tls-verify'],
          // TLS is ours; client-node only supplies credentials here
        },
      ],
      users: [
        {
          name: this.config.userName || 'user',
          exec,
          authProvider: u['auth-provider'],
        },
      ],
      contexts: [{ name: 'ctx', cluster: 'cluster', user: this.config.userName || 'user' }],
      currentContext: 'ctx',
    });
    return kc;
  }

  private credentialError(err: unknown): Error {
    const e = err as NodeJS.ErrnoException;
    const exec = this.config.user.exec;
    if (exec && e?.code === 'ENOENT') {
      let msg = `getting credentials: exec: executable ${exec.command} not found`;
      msg +=
        '\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\n' +
        'To learn more about this feature, consult the documentation available at:\n' +
        '      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';
      if (exec.installHint) msg += `\n\n${exec.installHint}`;
      return new ConnectionError(msg, 'other', '');
    }
    if (exec) {
      const detail = (e?.message ?? String(err)).trim();
      return new ConnectionError(`getting credentials: exec: executable ${exec.command} failed${detail ? `: ${detail}` : ''}`, 'other', '');
    }
    return new ConnectionError(e?.message ?? String(err), 'other', '');
  }
}

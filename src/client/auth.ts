/**
 * TLS material and credentials for one RestConfig. Static material (CA, client
 * certificate, token, token file, basic auth) is read directly; exec plugins
 * are run by exec-plugin.ts; auth-providers go through @kubernetes/client-node's
 * KubeConfig, loaded only when such a user is configured.
 */
import { importClientNode } from './client-node.js';
import { readFile } from '../fs-async.js';
import type { KubeConfig } from '@kubernetes/client-node';
import type { RestConfig } from '../config/types.js';
import { ConfigError, ConnectionError, messageOf, errnoCode } from '../errors.js';
import { checkExecConfig, ExecPlugin, type ExecIO } from './exec-plugin.js';
import { rootCertificates, TlsMaterialError, x509KeyPair } from './tls-material.js';

export interface TlsMaterial {
  /** the trusted roots, as PEM (undefined: the system's) */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
  servername?: string;
  /**
   * set when the client certificate and key come from files and do not make
   * a pair: client-go then loads them again at each handshake (its
   * certificate rotation), logs the failure and fails every connection with
   * it rather than failing up front
   */
  clientCertError?: string;
}

export interface Credentials {
  /** value of the Authorization header, if any */
  authorization?: string;
  /** client certificate and key from an exec plugin (override static ones) */
  cert?: Buffer;
  key?: Buffer;
}

/** os.ReadFile's error text. */
function goReadError(file: string, err: unknown): string {
  const why: Record<string, [string, string]> = {
    ENOENT: ['open', 'no such file or directory'],
    EACCES: ['open', 'permission denied'],
    EPERM: ['open', 'operation not permitted'],
    ENOTDIR: ['open', 'not a directory'],
    ELOOP: ['open', 'too many levels of symbolic links'],
    ENAMETOOLONG: ['open', 'file name too long'],
    EISDIR: ['read', 'is a directory'],
    EIO: ['read', 'input/output error'],
  };
  const known = why[errnoCode(err) ?? ''];
  return known ? `${known[0]} ${file}: ${known[1]}` : `open ${file}: ${messageOf(err)}`;
}

/** client-go's dataFromSliceOrFile: inline data wins over the file. */
async function dataOrFile(data: string | undefined, file: string | undefined): Promise<Buffer | undefined> {
  if (data) {
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length > 0) return bytes;
  }
  if (file) {
    try {
      return await readFile(file);
    } catch (err) {
      throw new ConfigError(goReadError(file, err));
    }
  }
  return undefined;
}

/**
 * client-go's loadTLSFiles and TLSConfigFor, in their order: the insecure
 * flag with a CA, the files read (CA, certificate, key), the CA bundle
 * parsed, the certificate and key checked as a pair. Failures are kubectl's
 * one-line errors (ConfigError), raised before anything is sent.
 */
export async function loadTlsMaterial(config: RestConfig): Promise<TlsMaterial> {
  const c = config.cluster;
  const u = config.user;
  const insecure = !!c['insecure-skip-tls-verify'];
  if (insecure && (c['certificate-authority'] || c['certificate-authority-data'])) {
    throw new ConfigError('specifying a root certificates file with the insecure flag is not allowed');
  }
  const caData = await dataOrFile(c['certificate-authority-data'], c['certificate-authority']);
  const fromFilesOnly =
    !!u['client-certificate'] && !u['client-certificate-data'] && !!u['client-key'] && !u['client-key-data'];
  const certData = await dataOrFile(u['client-certificate-data'], u['client-certificate']);
  const keyData = await dataOrFile(u['client-key-data'], u['client-key']);

  const material: TlsMaterial = { rejectUnauthorized: !insecure, servername: c['tls-server-name'] || undefined };
  if (caData) {
    try {
      const roots = rootCertificates(caData);
      if (roots) material.ca = Buffer.from(roots.join(''));
    } catch (e) {
      throw e instanceof TlsMaterialError ? new ConfigError(e.message) : e;
    }
  }
  const hasCertAuth = (u['client-certificate'] || u['client-certificate-data']) && (u['client-key'] || u['client-key-data']);
  if (hasCertAuth) {
    try {
      const pair = x509KeyPair(certData ?? Buffer.alloc(0), keyData ?? Buffer.alloc(0));
      material.cert = Buffer.from(pair.cert);
      material.key = Buffer.from(pair.key);
    } catch (e) {
      if (!(e instanceof TlsMaterialError)) throw e;
      if (!fromFilesOnly) throw new ConfigError(e.message);
      material.clientCertError = e.message;
    }
  }
  return material;
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
  private kubeConfig?: Promise<KubeConfig>;
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
        throw new ConfigError(`open ${u.tokenFile}: ${errnoCode(err) === 'ENOENT' ? 'no such file or directory' : messageOf(err)}`);
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
    const kc = await this.kubeConfig;
    const opts: { headers: Record<string, string> } = { headers: {} };
    try {
      await kc.applyToHTTPSOptions(opts);
    } catch (err) {
      throw new ConnectionError(messageOf(err), 'other', '');
    }
    return opts.headers.Authorization ? { authorization: opts.headers.Authorization } : {};
  }

  private async buildKubeConfig(): Promise<KubeConfig> {
    const { KubeConfig } = await importClientNode();
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

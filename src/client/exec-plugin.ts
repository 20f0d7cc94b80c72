/**
 * client-go credential plugins (users[].user.exec), run the way kubectl runs
 * them: the parent environment plus the configured env and
 * KUBERNETES_EXEC_INFO, the plugin's stderr passed through to ours, stdin
 * only in interactive mode, the ExecCredential on stdout checked (API version,
 * token or certificate pair), and the result reused until it expires.
 */
import type { StdioOptions } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { ClusterEntry, ExecConfig } from '../config/types.js';
import { fdOf, stdinInUse } from '../context.js';
import { ConnectionError, KtlError, messageOf } from '../errors.js';
import { checkAliasing } from '../codec/aliases.js';
import { TlsMaterialError, x509KeyPair } from './tls-material.js';
import { depthLimited } from '../codec/depth.js';
import { mapsAt } from '../codec/value.js';

export interface ExecCredentials {
  token?: string;
  cert?: Buffer;
  key?: Buffer;
}

export interface ExecIO {
  in: Readable;
  errOut: Writable;
}

const NOT_INSTALLED =
  '\n\nIt looks like you are trying to use a client-go credential plugin that is not installed.\n\n' +
  'To learn more about this feature, consult the documentation available at:\n' +
  '      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins';

const V1 = 'client.authentication.k8s.io/v1';

/** kubectl's config check: v1 plugins must say how they may interact. */
export function checkExecConfig(exec: ExecConfig, userName: string): void {
  if ((exec.apiVersion ?? '') === V1 && !exec.interactiveMode) {
    throw new KtlError(`interactiveMode must be specified for ${userName} to use exec authentication plugin`);
  }
}

/** Go's name for a JSON value's type, for decode errors. */
const goType = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string');

export class ExecPlugin {
  private cached?: { creds: ExecCredentials; expiresAt?: number };

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: ClusterEntry & { server: string },
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly io: ExecIO | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  reset(): void {
    this.cached = undefined;
  }

  async get(): Promise<ExecCredentials> {
    const c = this.cached;
    if (c && (c.expiresAt === undefined || c.expiresAt > this.now())) return c.creds;
    const fresh = await this.run();
    this.cached = fresh;
    return fresh.creds;
  }

  private interactive(): boolean {
    const mode = this.exec.interactiveMode ?? 'IfAvailable';
    const input = this.io?.in;
    const tty = !!input && 'isTTY' in input && !!input.isTTY;
    if (mode === 'Never') return false;
    const unavailable = stdinInUse(input);
    if (mode === 'Always') {
      if (!tty) throw this.fail('exec plugin cannot support interactive mode: standard input is not a terminal');
      if (unavailable) throw this.fail('exec plugin cannot support interactive mode: standard input is unavailable: used by stdin resource manifest reader');
    }
    return tty && !unavailable;
  }

  /** KUBERNETES_EXEC_INFO, fields in client-go's order. */
  private execInfo(interactive: boolean): string {
    const spec: Record<string, unknown> = {};
    if (this.exec.provideClusterInfo) {
      const c = this.cluster;
      const cluster: Record<string, unknown> = { server: c.server };
      if (c['tls-server-name']) cluster['tls-server-name'] = c['tls-server-name'];
      if (c['insecure-skip-tls-verify']) cluster['insecure-skip-tls-verify'] = true;
      if (c['certificate-authority-data']) cluster['certificate-authority-data'] = c['certificate-authority-data'];
      if (c['proxy-url']) cluster['proxy-url'] = c['proxy-url'];
      if (c['disable-compression']) cluster['disable-compression'] = true;
      const ext = mapsAt(c, 'extensions').find((e) => e.name === 'client.authentication.k8s.io/exec');
      cluster.config = ext?.extension ?? null;
      spec.cluster = cluster;
    }
    spec.interactive = interactive;
    return JSON.stringify({ kind: 'ExecCredential', apiVersion: this.exec.apiVersion ?? '', spec });
  }

  private fail(message: string): ConnectionError {
    return new ConnectionError(`getting credentials: ${message}`, 'other', '');
  }

  private async run(): Promise<{ creds: ExecCredentials; expiresAt?: number }> {
    const interactive = this.interactive();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) env[k] = v;
    for (const e of this.exec.env ?? []) env[e.name] = e.value;
    env.KUBERNETES_EXEC_INFO = this.execInfo(interactive);

    const errOut = this.io?.errOut;
    const stdio: StdioOptions = [
      interactive && this.io && fdOf(this.io.in) !== undefined ? fdOf(this.io.in)! : 'ignore',
      'pipe',
      errOut && fdOf(errOut) !== undefined ? fdOf(errOut)! : 'pipe',
    ];
    const command = this.exec.command;
    // loaded here: every run that builds a client has this module, few run a plugin
    const { spawn } = await import('node:child_process');
    const { stdout, code, spawnError } = await new Promise<{ stdout: string; code: number | null; spawnError?: NodeJS.ErrnoException }>((resolve) => {
      const chunks: Buffer[] = [];
      const child = spawn(command, this.exec.args ?? [], { env, stdio });
      child.stdout?.on('data', (d: Buffer) => chunks.push(d));
      child.stderr?.on('data', (d: Buffer) => errOut?.write(d));
      child.on('error', (err: NodeJS.ErrnoException) => resolve({ stdout: '', code: null, spawnError: err }));
      child.on('close', (c) => resolve({ stdout: Buffer.concat(chunks).toString('utf8'), code: c }));
    });
    if (spawnError) {
      if (spawnError.code === 'ENOENT' && !command.includes('/')) {
        throw this.fail(`exec: executable ${command} not found${NOT_INSTALLED}${this.exec.installHint ? `\n\n${this.exec.installHint}` : ''}`);
      }
      const reason = spawnError.code === 'ENOENT' ? 'no such file or directory' : spawnError.code === 'EACCES' ? 'permission denied' : spawnError.message;
      throw this.fail(`exec: fork/exec ${command}: ${reason}`);
    }
    if (code !== 0) throw this.fail(`exec: executable ${command} failed with exit code ${code ?? 1}`);

    let cred: { apiVersion?: string; kind?: string; status?: Record<string, string | undefined> };
    try {
      const yaml = (await import('js-yaml')).default;
      const v: unknown = yaml.load(stdout, depthLimited({ schema: yaml.CORE_SCHEMA, json: true }));
      checkAliasing(v);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        throw new Error(
          `couldn't get version/kind; json parse error: json: cannot unmarshal ${goType(v)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
        );
      }
      cred = v;
    } catch (err) {
      throw this.fail(`decoding stdout: ${messageOf(err)}`);
    }
    const want = this.exec.apiVersion ?? '';
    if (cred.apiVersion !== want) {
      throw this.fail(`exec plugin is configured to use API version ${want}, plugin returned version ${cred.apiVersion ?? ''}`);
    }
    const s = cred.status ?? {};
    const hasCert = !!s.clientCertificateData;
    const hasKey = !!s.clientKeyData;
    if (hasCert !== hasKey) throw this.fail('exec plugin returned only certificate or key, not both');
    if (!s.token && !hasCert) throw this.fail("exec plugin didn't return a token or cert/key pair");
    const creds: ExecCredentials = {};
    if (s.token) creds.token = s.token;
    if (hasCert) {
      try {
        const pair = x509KeyPair(Buffer.from(s.clientCertificateData!), Buffer.from(s.clientKeyData!));
        creds.cert = Buffer.from(pair.cert);
        creds.key = Buffer.from(pair.key);
      } catch (err) {
        if (!(err instanceof TlsMaterialError)) throw err;
        throw this.fail(`failed parsing client key/certificate: ${err.message}`);
      }
    }
    const expiresAt = s.expirationTimestamp ? Date.parse(s.expirationTimestamp) : undefined;
    return { creds, expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt };
  }
}

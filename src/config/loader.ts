/**
 * kubectl's kubeconfig loading rules (client-go clientcmd loader.go):
 * --kubeconfig alone, else the KUBECONFIG list merged first-file-wins, else
 * ~/.kube/config. Paths only ever come from ctx (env, cwd, homeDir).
 */
import { stat } from '../fs-async.js';
import path from 'node:path';
import type { Context } from '../context.js';
import { ConfigError, ErrorList, messageOf, errnoCode } from '../errors.js';
import { readPlainYaml } from '../codec/yaml-plain.js';
import { DecodeError, decodeKubeconfigDocument, emptyKubeconfig } from './codec.js';
import type { AuthInfo, ClusterEntry, Kubeconfig, KubeconfigOrigins, LoadedKubeconfig } from './types.js';
import { InputTooLargeError, readFileCapped } from '../read-capped.js';

/** Where kubeconfig files are looked for (kubectl's PathOptions). */
export interface KubeconfigPaths {
  explicitPath?: string;
  /** KUBECONFIG split on ':' (not deduplicated, as kubectl's GetEnvVarFiles) */
  envVarFiles: string[];
  /** ~/.kube/config */
  globalFile: string;
  cwd: string;
}

export function kubeconfigPaths(ctx: Pick<Context, 'env' | 'homeDir' | 'cwd'>, explicitPath?: string): KubeconfigPaths {
  const env = ctx.env.KUBECONFIG;
  return {
    explicitPath: explicitPath || undefined,
    envVarFiles: env ? env.split(path.delimiter) : [],
    globalFile: path.join(ctx.homeDir, '.kube', 'config'),
    cwd: ctx.cwd,
  };
}

/** The files to load, in order: duplicates removed (kubectl's Precedence). */
export function loadingPrecedence(p: KubeconfigPaths): string[] {
  if (p.explicitPath) return [p.explicitPath];
  if (p.envVarFiles.length > 0) return [...new Set(p.envVarFiles)];
  return [p.globalFile];
}

/** kubectl's GetDefaultFilename: where new stanzas go. */
export async function defaultFilename(p: KubeconfigPaths): Promise<string> {
  if (p.explicitPath) return p.explicitPath;
  if (p.envVarFiles.length > 0) {
    if (p.envVarFiles.length === 1) return p.envVarFiles[0]!;
    for (const f of p.envVarFiles) {
      if (f && (await exists(abs(p.cwd, f)))) return f;
    }
    return p.envVarFiles[p.envVarFiles.length - 1]!;
  }
  return p.globalFile;
}

export function abs(cwd: string, file: string): string {
  return path.resolve(cwd, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

function isNotExist(e: unknown): boolean {
  const code = errnoCode(e);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Go's wording of an fs error: "open <file>: no such file or directory". */
export function goFsError(op: string, file: string, e: unknown): string {
  const code = errnoCode(e);
  const text: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    EEXIST: 'file exists',
    EPERM: 'operation not permitted',
  };
  return `${op} ${file}: ${(code && text[code]) ?? messageOf(e)}`;
}

/**
 * Reads one kubeconfig file; undefined when it does not exist. The file name
 * in errors is shown as given.
 */
export async function loadKubeconfigFile(file: string, cwd: string): Promise<Kubeconfig | undefined> {
  let text: string;
  try {
    text = (await readFileCapped(abs(cwd, file), file)).toString('utf8');
  } catch (e) {
    if (isNotExist(e)) return undefined;
    if (e instanceof InputTooLargeError) throw new ConfigError(`error loading config file "${file}": ${e.message}`);
    if (errnoCode(e) === 'EISDIR') {
      throw new ConfigError(`error loading config file "${file}": read ${file}: is a directory`);
    }
    throw new ConfigError(`error loading config file "${file}": ${goFsError('open', file, e)}`);
  }
  try {
    // a plain kubeconfig is read without loading the full YAML reader
    if (text.length === 0) return emptyKubeconfig();
    const plain = readPlainYaml(text);
    if (plain !== undefined) return decodeKubeconfigDocument(plain, text);
    return (await import('./decode-text.js')).decodeKubeconfig(text);
  } catch (e) {
    if (e instanceof DecodeError) throw new ConfigError(`error loading config file "${file}": ${e.message}`);
    throw e;
  }
}

export interface LoadOptions {
  /**
   * kubectl's config commands (GetStartingConfig) treat a missing
   * --kubeconfig file as an empty config; API commands fail with "stat ...".
   */
  missingExplicitIsEmpty?: boolean;
}

/** Loads and merges the kubeconfig files; stanza paths are left as written. */
export async function loadKubeconfig(p: KubeconfigPaths, opts: LoadOptions = {}): Promise<LoadedKubeconfig> {
  const precedence = loadingPrecedence(p);
  const origins: KubeconfigOrigins = { clusters: new Map(), users: new Map(), contexts: new Map() };
  const loaded: Array<{ file: string; cfg: Kubeconfig }> = [];
  if (p.explicitPath && !(await exists(abs(p.cwd, p.explicitPath)))) {
    if (!opts.missingExplicitIsEmpty) {
      throw new ConfigError(`stat ${p.explicitPath}: no such file or directory`);
    }
  } else {
    const errors: string[] = [];
    for (const file of precedence) {
      if (!file) continue;
      try {
        const cfg = await loadKubeconfigFile(file, p.cwd);
        if (cfg) loaded.push({ file, cfg });
      } catch (e) {
        if (e instanceof ConfigError) errors.push(e.message);
        else throw e;
      }
    }
    if (errors.length === 1) throw new ConfigError(errors[0]!);
    // several: kubectl prints one line per file, without "error: "
    if (errors.length > 1) throw new ErrorList(errors.map((m) => new ConfigError(m)), 'bare');
  }
  const config = mergeKubeconfigs(loaded, origins);
  return {
    config,
    origins,
    precedence,
    explicitPath: p.explicitPath,
    defaultFilename: await defaultFilename(p),
  };
}

/**
 * kubectl's merge: the first file to define a stanza name wins it whole, the
 * first file to set current-context wins, preferences merge field by field.
 */
export function mergeKubeconfigs(
  files: Array<{ file: string; cfg: Kubeconfig }>,
  origins?: KubeconfigOrigins,
): Kubeconfig {
  const out = emptyKubeconfig();
  const prefExt = new Map<string, unknown>();
  const topExt = new Map<string, unknown>();
  for (const { file, cfg } of files) {
    for (const [name, c] of cfg.clusters) {
      if (out.clusters.has(name)) continue;
      out.clusters.set(name, c);
      origins?.clusters.set(name, file);
    }
    for (const [name, u] of cfg.users) {
      if (out.users.has(name)) continue;
      out.users.set(name, u);
      origins?.users.set(name, file);
    }
    for (const [name, c] of cfg.contexts) {
      if (out.contexts.has(name)) continue;
      out.contexts.set(name, c);
      origins?.contexts.set(name, file);
    }
    if (!out.currentContext && cfg.currentContext) out.currentContext = cfg.currentContext;
    if (cfg.preferences.colors) out.preferences.colors = true;
    for (const e of cfg.preferences.extensions ?? []) if (!prefExt.has(e.name)) prefExt.set(e.name, e.extension);
    for (const e of cfg.extensions) if (!topExt.has(e.name)) topExt.set(e.name, e.extension);
  }
  if (prefExt.size) out.preferences.extensions = [...prefExt].map(([name, extension]) => ({ name, extension }));
  if (topExt.size) out.extensions = [...topExt].map(([name, extension]) => ({ name, extension }));
  return out;
}

/** Makes the file references of every stanza absolute, against the directory of the file it came from. */
export function resolveLocalPaths(loaded: LoadedKubeconfig, cwd: string): Kubeconfig {
  const cfg = cloneKubeconfig(loaded.config);
  for (const [name, cluster] of cfg.clusters) {
    const origin = loaded.origins.clusters.get(name);
    if (origin) resolveClusterPaths(cluster, path.dirname(abs(cwd, origin)));
  }
  for (const [name, user] of cfg.users) {
    const origin = loaded.origins.users.get(name);
    if (origin) resolveUserPaths(user, path.dirname(abs(cwd, origin)));
  }
  return cfg;
}

const resolveRef = (p: string | undefined, base: string): string | undefined =>
  p && !path.isAbsolute(p) ? path.join(base, p) : p;

export function resolveClusterPaths(c: ClusterEntry, base: string): void {
  if (c['certificate-authority']) c['certificate-authority'] = resolveRef(c['certificate-authority'], base);
}

export function resolveUserPaths(u: AuthInfo, base: string): void {
  if (u['client-certificate']) u['client-certificate'] = resolveRef(u['client-certificate'], base);
  if (u['client-key']) u['client-key'] = resolveRef(u['client-key'], base);
  if (u.tokenFile) u.tokenFile = resolveRef(u.tokenFile, base);
  // only commands given as a path are resolved; bare names are looked up on PATH
  if (u.exec?.command && u.exec.command.includes(path.sep)) u.exec.command = resolveRef(u.exec.command, base)!;
}

export function cloneKubeconfig(cfg: Kubeconfig): Kubeconfig {
  const clone = <T>(v: T): T => structuredClone(v);
  return {
    preferences: clone(cfg.preferences),
    clusters: new Map([...cfg.clusters].map(([k, v]) => [k, clone(v)])),
    users: new Map([...cfg.users].map(([k, v]) => [k, clone(v)])),
    contexts: new Map([...cfg.contexts].map(([k, v]) => [k, clone(v)])),
    currentContext: cfg.currentContext,
    extensions: clone(cfg.extensions),
  };
}

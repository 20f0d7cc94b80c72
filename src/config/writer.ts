/**
 * Safe write-back of kubeconfig changes, with kubectl's ModifyConfig rules: a
 * changed stanza is rewritten in the file that defined it, new stanzas,
 * current-context and preferences go to the default file (the first existing
 * file of the list, else the last one). Each file is re-read just before it is
 * changed, written atomically (temp file + rename, mode kept or 0600) and the
 * files are locked with kubectl's "<file>.lock" convention meanwhile.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { emptyKubeconfig } from './codec.js';
import {
  abs,
  goFsError,
  loadKubeconfig,
  loadKubeconfigFile,
  resolveClusterPaths,
  resolveUserPaths,
  type KubeconfigPaths,
} from './loader.js';
import { hasNilExtensions } from './property.js';
import type { AuthInfo, ClusterEntry, Kubeconfig, KubeconfigOrigins } from './types.js';

/** A kubeconfig being edited, with the file each stanza came from. */
export interface EditableKubeconfig {
  config: Kubeconfig;
  origins: KubeconfigOrigins;
}

/** Writes a kubeconfig file atomically: temp file in the same directory, then rename. */
export async function writeKubeconfigFile(file: string, cfg: Kubeconfig, cwd: string): Promise<void> {
  const { serializeKubeconfig } = await import('./serialize.js');
  await atomicWrite(abs(cwd, file), serializeKubeconfig(cfg));
}

export async function atomicWrite(file: string, content: string): Promise<void> {
  let target = file;
  let mode = 0o600;
  try {
    // write through symlinks, as os.WriteFile would
    target = await realpath(file);
    mode = (await stat(target)).mode & 0o777;
  } catch {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  }
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, content, { mode, flag: 'wx' });
    await chmod(tmp, mode);
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => {});
    throw new ConfigError(goFsError('open', file, e));
  }
}

/** kubectl's lock: "<file>.lock" created exclusively, for every file that may be written. */
async function lockFiles(files: string[], cwd: string): Promise<() => Promise<void>> {
  const locked: string[] = [];
  const unlock = async () => {
    for (const l of locked) await unlink(l).catch(() => {});
  };
  for (const f of [...new Set(files.filter(Boolean))].sort()) {
    const file = abs(cwd, f);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o755 }).catch(() => {});
    const lock = `${file}.lock`;
    try {
      const h = await open(lock, 'wx', 0o600);
      await h.close();
      locked.push(lock);
    } catch (e) {
      await unlock();
      throw new ConfigError(goFsError('open', `${f}.lock`, e));
    }
  }
  return unlock;
}

async function readForWrite(file: string, cwd: string): Promise<Kubeconfig> {
  return (await loadKubeconfigFile(file, cwd)) ?? emptyKubeconfig();
}

const same = (a: unknown, b: unknown): boolean => stableJson(a) === stableJson(b);

function stableJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val instanceof Map) return Object.fromEntries([...val].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      return Object.fromEntries(Object.entries(val).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return val;
  });
}

export interface ModifyOptions {
  /** make file references relative to the file they are written to (set-cluster, set-credentials ...) */
  relativizePaths: boolean;
}

/**
 * Persists the difference between the kubeconfig on disk and `next`.
 * `next.origins` says where existing stanzas live; stanzas without an origin
 * are new and go to the default file.
 */
export async function modifyKubeconfig(p: KubeconfigPaths, next: EditableKubeconfig, opts: ModifyOptions): Promise<void> {
  const lockList = p.explicitPath ? [p.explicitPath] : p.envVarFiles.length ? p.envVarFiles : [p.globalFile];
  const unlock = await lockFiles(lockList, p.cwd);
  try {
    await applyChanges(p, next, opts);
  } finally {
    await unlock();
  }
}

async function applyChanges(p: KubeconfigPaths, next: EditableKubeconfig, opts: ModifyOptions): Promise<void> {
  const start = await loadKubeconfig(p, { missingExplicitIsEmpty: true });
  const cwd = p.cwd;
  const defaultFile = start.defaultFilename;
  const cfg = next.config;
  const edit = async (file: string, change: (c: Kubeconfig) => void) => {
    const c = await readForWrite(file, cwd);
    change(c);
    await writeKubeconfigFile(file, c, cwd);
  };

  const precedence = p.explicitPath ? [p.explicitPath] : p.envVarFiles.length ? p.envVarFiles : [p.globalFile];
  if (start.config.currentContext !== cfg.currentContext) {
    if (p.explicitPath || cfg.currentContext) {
      await edit(defaultFile, (c) => (c.currentContext = cfg.currentContext));
    } else {
      // clearing: unset it in the first file that sets it
      let done = false;
      for (const file of precedence) {
        const c = file ? await loadKubeconfigFile(file, cwd) : undefined;
        if (c?.currentContext) {
          c.currentContext = '';
          await writeKubeconfigFile(file, c, cwd);
          done = true;
          break;
        }
      }
      if (!done) throw new ConfigError('no config found to write context');
    }
  }
  const nilExt = hasNilExtensions(cfg.preferences);
  if (nilExt || !same(start.config.preferences, cfg.preferences)) {
    // preferences go to the first file whose preferences differ
    const files = p.explicitPath ? [p.explicitPath] : precedence;
    let done = false;
    for (const file of files) {
      const c = await readForWrite(file, cwd);
      if (!nilExt && same(c.preferences, cfg.preferences)) continue;
      c.preferences = cfg.preferences;
      await writeKubeconfigFile(file, c, cwd);
      done = true;
      break;
    }
    if (!done && !p.explicitPath) throw new ConfigError('no config found to write preferences');
  }

  for (const [name, cluster] of cfg.clusters) {
    const before = start.config.clusters.get(name);
    if (before && same(before, cluster)) continue;
    const dest = next.origins.clusters.get(name) || defaultFile;
    await edit(dest, (c) => {
      const copy = structuredClone(cluster);
      if (opts.relativizePaths) relativizeCluster(copy, path.dirname(abs(cwd, dest)));
      c.clusters.set(name, copy);
    });
  }
  for (const [name, context] of cfg.contexts) {
    const before = start.config.contexts.get(name);
    if (before && same(before, context)) continue;
    const dest = next.origins.contexts.get(name) || defaultFile;
    await edit(dest, (c) => c.contexts.set(name, structuredClone(context)));
  }
  for (const [name, user] of cfg.users) {
    const before = start.config.users.get(name);
    if (before && same(before, user)) continue;
    const dest = next.origins.users.get(name) || defaultFile;
    await edit(dest, (c) => {
      const copy = structuredClone(user);
      if (opts.relativizePaths) relativizeUser(copy, path.dirname(abs(cwd, dest)));
      c.users.set(name, copy);
    });
  }

  for (const name of start.config.clusters.keys()) {
    if (cfg.clusters.has(name)) continue;
    await edit(start.origins.clusters.get(name) || defaultFile, (c) => c.clusters.delete(name));
  }
  for (const name of start.config.contexts.keys()) {
    if (cfg.contexts.has(name)) continue;
    await edit(start.origins.contexts.get(name) || defaultFile, (c) => c.contexts.delete(name));
  }
  for (const name of start.config.users.keys()) {
    if (cfg.users.has(name)) continue;
    await edit(start.origins.users.get(name) || defaultFile, (c) => c.users.delete(name));
  }
}

/** client-go RelativizePathWithNoBacksteps: relative to the file's dir unless that needs "../". */
function relativize(ref: string | undefined, base: string): string | undefined {
  if (!ref) return ref;
  const resolved = path.isAbsolute(ref) ? ref : path.join(base, ref);
  const rel = path.relative(base, resolved) || '.';
  if (rel.startsWith('../')) {
    if (path.isAbsolute(resolved)) return resolved;
    throw new ConfigError(`${ref} requires backsteps and is not absolute`);
  }
  return rel;
}

function relativizeCluster(c: ClusterEntry, base: string): void {
  resolveClusterPaths(c, base);
  if (c['certificate-authority']) c['certificate-authority'] = relativize(c['certificate-authority'], base);
}

function relativizeUser(u: AuthInfo, base: string): void {
  resolveUserPaths(u, base);
  for (const key of ['client-certificate', 'client-key', 'tokenFile'] as const) {
    if (u[key]) u[key] = relativize(u[key], base);
  }
  if (u.exec?.command && u.exec.command.includes(path.sep)) u.exec.command = relativize(u.exec.command, base)!;
}

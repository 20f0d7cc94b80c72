/**
 * What `config view` does to a kubeconfig before printing it (client-go's
 * MinifyConfig, FlattenConfig and ShortenConfig).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors.js';
import { abs, goFsError } from './loader.js';
import type { Kubeconfig, KubeconfigOrigins } from './types.js';

export const DATA_OMITTED = 'DATA+OMITTED';
export const REDACTED = 'REDACTED';

/** Keeps only the current context and the cluster and user it names. */
export function minifyKubeconfig(cfg: Kubeconfig): void {
  if (!cfg.currentContext) throw new ConfigError('current-context must exist in order to minify');
  const ctx = cfg.contexts.get(cfg.currentContext);
  if (!ctx) throw new ConfigError(`cannot locate context ${cfg.currentContext}`);
  const clusters = new Map();
  if (ctx.cluster) {
    const c = cfg.clusters.get(ctx.cluster);
    if (!c) throw new ConfigError(`cannot locate cluster ${ctx.cluster}`);
    clusters.set(ctx.cluster, c);
  }
  const users = new Map();
  if (ctx.user) {
    const u = cfg.users.get(ctx.user);
    if (!u) throw new ConfigError(`cannot locate user ${ctx.user}`);
    users.set(ctx.user, u);
  }
  cfg.contexts = new Map([[cfg.currentContext, ctx]]);
  cfg.clusters = clusters;
  cfg.users = users;
}

/** Hides secrets: certificate and key data become DATA+OMITTED, token and password REDACTED. */
export function shortenKubeconfig(cfg: Kubeconfig): void {
  for (const u of cfg.users.values()) {
    if (u['client-key-data']) u['client-key-data'] = DATA_OMITTED;
    if (u['client-certificate-data']) u['client-certificate-data'] = DATA_OMITTED;
    if (u.token) u.token = REDACTED;
    if (u.password) u.password = REDACTED;
  }
  for (const c of cfg.clusters.values()) {
    if (c['certificate-authority-data']) c['certificate-authority-data'] = DATA_OMITTED;
  }
}

/** Inlines certificate and key files as *-data, read relative to the file that named them. */
export async function flattenKubeconfig(cfg: Kubeconfig, origins: KubeconfigOrigins, cwd: string): Promise<void> {
  const inline = async (p: string | undefined, data: string | undefined, base: string) => {
    if (!p) return undefined;
    if (data) throw new ConfigError('cannot have values for both path and contents');
    const file = path.isAbsolute(p) ? p : path.join(base, p);
    try {
      return (await readFile(file)).toString('base64');
    } catch (e) {
      throw new ConfigError(goFsError('open', file, e));
    }
  };
  const baseOf = (origin: string | undefined) => (origin ? path.dirname(abs(cwd, origin)) : cwd);
  for (const name of [...cfg.users.keys()].sort()) {
    const u = cfg.users.get(name)!;
    const base = baseOf(origins.users.get(name));
    const cert = await inline(u['client-certificate'], u['client-certificate-data'], base);
    if (cert !== undefined) {
      u['client-certificate-data'] = cert;
      delete u['client-certificate'];
    }
    const key = await inline(u['client-key'], u['client-key-data'], base);
    if (key !== undefined) {
      u['client-key-data'] = key;
      delete u['client-key'];
    }
  }
  for (const name of [...cfg.clusters.keys()].sort()) {
    const c = cfg.clusters.get(name)!;
    const ca = await inline(c['certificate-authority'], c['certificate-authority-data'], baseOf(origins.clusters.get(name)));
    if (ca !== undefined) {
      c['certificate-authority-data'] = ca;
      delete c['certificate-authority'];
    }
  }
}

/** `config set-cluster NAME [--server ...]`. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { canonicalEntry } from '../../config/codec.js';
import { goFsError, loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import type { ClusterEntry } from '../../config/types.js';
import { flagsOf, goList, goQuote, helpError, parseBoolFlag, pathsOf } from './flags.js';

interface SetClusterOptions {
  name: string;
  /** undefined: flag not given */
  server?: string;
  tlsServerName?: string;
  insecure?: boolean;
  certificateAuthority?: string;
  embed: boolean;
  proxyUrl?: string;
}

export default async function setCluster(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf<{ proxyUrl: string }>(app, cmd);
  const embed = parseBoolFlag(flags.embedCerts, args) ?? false;
  // the global --insecure-skip-tls-verify takes the bare form, ours --flag=bool
  const insecure = parseBoolFlag(cmd.opts<{ insecureSkipTlsVerify?: unknown }>().insecureSkipTlsVerify ?? app.globals(cmd).insecureSkipTlsVerify, args);
  if (args.length !== 1) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const o: SetClusterOptions = {
    name: args[0]!,
    server: flags.server,
    tlsServerName: flags.tlsServerName,
    insecure,
    certificateAuthority: flags.certificateAuthority,
    embed,
    proxyUrl: flags.proxyUrl,
  };
  await validate(o, app.ctx.cwd);
  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  const existing = loaded.config.clusters.get(o.name) ?? { server: '' };
  loaded.config.clusters.set(o.name, canonicalEntry('cluster', await modify(structuredClone(existing), o, app.ctx.cwd)));
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `Cluster ${goQuote(o.name)} set.\n`);
  return 0;
}

async function validate(o: SetClusterOptions, cwd: string): Promise<void> {
  if (!o.name) throw new KtlError('you must specify a non-empty cluster name');
  if (o.insecure && o.certificateAuthority) {
    throw new KtlError('you cannot specify a certificate authority and insecure mode at the same time');
  }
  if (o.embed) {
    const ca = o.certificateAuthority ?? '';
    if (!ca) throw new KtlError('you must specify a --certificate-authority to embed');
    try {
      await stat(path.resolve(cwd, ca));
    } catch (e) {
      throw new KtlError(`could not stat certificate-authority file ${ca}: ${goFsError('stat', ca, e)}`);
    }
  }
}

async function modify(c: ClusterEntry, o: SetClusterOptions, cwd: string): Promise<ClusterEntry> {
  if (o.server !== undefined) {
    c.server = o.server;
    // a new server invalidates the old TLS server name
    delete c['tls-server-name'];
  }
  if (o.tlsServerName !== undefined) c['tls-server-name'] = o.tlsServerName;
  if (o.insecure !== undefined) {
    c['insecure-skip-tls-verify'] = o.insecure;
    if (o.insecure) {
      delete c['certificate-authority'];
      delete c['certificate-authority-data'];
    }
  }
  if (o.certificateAuthority !== undefined) {
    if (o.embed) {
      c['certificate-authority-data'] = (await readFile(path.resolve(cwd, o.certificateAuthority)).catch(() => Buffer.alloc(0))).toString('base64');
      delete c['insecure-skip-tls-verify'];
      delete c['certificate-authority'];
    } else {
      // kubectl stores an absolute path; write-back makes it relative to the kubeconfig when it can
      c['certificate-authority'] = path.resolve(cwd, o.certificateAuthority);
      delete c['insecure-skip-tls-verify'];
      delete c['certificate-authority-data'];
    }
  }
  if (o.proxyUrl !== undefined) c['proxy-url'] = o.proxyUrl;
  return c;
}

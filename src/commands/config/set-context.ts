/** `config set-context [NAME | --current]`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { canonicalEntry } from '../../config/codec.js';
import { loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import { flagsOf, goList, goQuote, helpError, parseBoolFlag, pathsOf } from './flags.js';

interface SetContextOptions {
  name: string;
  current: boolean;
  cluster?: string;
  user?: string;
  namespace?: string;
}

export default async function setContext(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf(app, cmd);
  const current = parseBoolFlag(flags.current, args) ?? false;
  if (args.length > 1) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const o: SetContextOptions = {
    name: args[0] ?? '',
    current,
    cluster: flags.cluster,
    user: flags.user,
    namespace: flags.namespace,
  };
  if (!o.name && !o.current) throw new KtlError('you must specify a non-empty context name or --current');
  if (o.name && o.current) throw new KtlError('you cannot specify both a context name and --current');

  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  let name = o.name;
  if (o.current) {
    if (!loaded.config.currentContext) throw new KtlError('no current context is set');
    name = loaded.config.currentContext;
  }
  const existing = loaded.config.contexts.get(name);
  const context = { ...(existing ?? { cluster: '', user: '' }) };
  if (o.cluster !== undefined) context.cluster = o.cluster;
  if (o.user !== undefined) context.user = o.user;
  if (o.namespace !== undefined) context.namespace = o.namespace;
  loaded.config.contexts.set(name, canonicalEntry('context', context));
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `Context ${goQuote(name)} ${existing ? 'modified' : 'created'}.\n`);
  return 0;
}

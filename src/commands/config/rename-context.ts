/** `config rename-context OLD NEW`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import { goList, goQuote, helpError, pathsOf } from './flags.js';

export default async function renameContext(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 2) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const [from = '', to = ''] = args; // two, checked above
  if (!to) throw new KtlError('You must specify a new non-empty context name');
  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  const file = loaded.explicitPath ?? loaded.defaultFilename;
  const { contexts } = loaded.config;
  const context = contexts.get(from);
  if (!context) throw new KtlError(`cannot rename the context ${goQuote(from)}, it's not in ${file}`);
  if (contexts.has(to)) {
    throw new KtlError(`cannot rename the context ${goQuote(from)}, the context ${goQuote(to)} already exists in ${file}`);
  }
  // the stanza keeps its home file under the new name
  contexts.set(to, context);
  contexts.delete(from);
  const origin = loaded.origins.contexts.get(from);
  if (origin) loaded.origins.contexts.set(to, origin);
  if (loaded.config.currentContext === from) loaded.config.currentContext = to;
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `Context ${goQuote(from)} renamed to ${goQuote(to)}.\n`);
  return 0;
}

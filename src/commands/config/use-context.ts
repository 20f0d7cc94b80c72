/** `config use-context` (alias `use`). */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import { goList, goQuote, helpError, pathsOf } from './flags.js';

export default async function useContext(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 1) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const name = args[0]!;
  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  if (!name) throw new KtlError('empty context names are not allowed');
  if (!loaded.config.contexts.has(name)) throw new KtlError(`no context exists with the name: ${goQuote(name)}`);
  loaded.config.currentContext = name;
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `Switched to context ${goQuote(name)}.\n`);
  return 0;
}

/** `config delete-context`, `delete-cluster`, `delete-user`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { commandPath } from '../kit.js';
import { write } from '../../context.js';
import { KtlError, UsageError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { modifyKubeconfig } from '../../config/writer.js';
import type { LoadedKubeconfig } from '../../config/types.js';
import { pathsOf } from './flags.js';

type Kind = 'context' | 'cluster' | 'user';

async function remove(app: App, cmd: Command, name: string, kind: Kind): Promise<number> {
  const paths = pathsOf(app, cmd);
  const loaded: LoadedKubeconfig = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  // kubectl names the default file here, whichever file held the stanza
  const file = loaded.explicitPath ?? loaded.defaultFilename;
  const map = kind === 'context' ? loaded.config.contexts : kind === 'cluster' ? loaded.config.clusters : loaded.config.users;
  if (!map.has(name)) throw new KtlError(`cannot delete ${kind} ${name}, not in ${file}`);
  if (kind === 'context' && loaded.config.currentContext === name) {
    await write(
      app.ctx.io.errOut,
      `warning: this removed your active context, use "${app.ctx.binName} config use-context" to select a different one\n`,
    );
  }
  map.delete(name);
  await modifyKubeconfig(paths, loaded, { relativizePaths: true });
  await write(app.ctx.io.out, `deleted ${kind} ${name} from ${file}\n`);
  return 0;
}

export async function deleteContext(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 1) {
    cmd.outputHelp();
    return 0;
  }
  return remove(app, cmd, args[0]!, 'context');
}

export async function deleteCluster(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 1) {
    cmd.outputHelp();
    return 0;
  }
  return remove(app, cmd, args[0]!, 'cluster');
}

export async function deleteUser(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('user to delete is required', commandPath(cmd));
  return remove(app, cmd, args[0]!, 'user');
}

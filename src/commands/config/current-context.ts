/** `config current-context`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { pathsOf } from './flags.js';

export default async function currentContext(app: App, cmd: Command): Promise<number> {
  const { config } = await loadKubeconfig(pathsOf(app, cmd), { missingExplicitIsEmpty: true });
  if (!config.currentContext) throw new KtlError('current-context is not set');
  await write(app.ctx.io.out, `${config.currentContext}\n`);
  return 0;
}

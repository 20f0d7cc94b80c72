/** `config set PROPERTY VALUE` and `config unset PROPERTY`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { write } from '../../context.js';
import { KtlError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { modifyProperty } from '../../config/property.js';
import { modifyKubeconfig } from '../../config/writer.js';
import { flagsOf, goList, goQuote, helpError, parseBoolFlag, pathsOf } from './flags.js';

export async function setProperty(app: App, cmd: Command, args: string[]): Promise<number> {
  const rawBytes = parseBoolFlag(flagsOf(app, cmd).setRawBytes, args) ?? false;
  if (args.length !== 2) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const [property = '', value = ''] = args; // two, checked above
  if (!property) throw new KtlError('you must specify a property');
  if (!value) throw new KtlError('you cannot use set to unset a property');
  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  modifyProperty(loaded.config, property, value, rawBytes);
  await modifyKubeconfig(paths, loaded, { relativizePaths: false });
  await write(app.ctx.io.out, `Property ${goQuote(property)} set.\n`);
  return 0;
}

export async function unsetProperty(app: App, cmd: Command, args: string[]): Promise<number> {
  if (args.length !== 1) helpError(cmd, `Unexpected args: ${goList(args)}`);
  const property = args[0]!;
  if (!property) throw new KtlError('you must specify a property');
  const paths = pathsOf(app, cmd);
  const loaded = await loadKubeconfig(paths, { missingExplicitIsEmpty: true });
  modifyProperty(loaded.config, property, undefined);
  await modifyKubeconfig(paths, loaded, { relativizePaths: false });
  await write(app.ctx.io.out, `Property ${goQuote(property)} unset.\n`);
  return 0;
}

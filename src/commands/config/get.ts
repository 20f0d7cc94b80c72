/** `config get-contexts`, `get-clusters`, `get-users`. */
import type { Command } from 'commander';
import type { App } from '../kit.js';
import { commandPath } from '../kit.js';
import { write } from '../../context.js';
import { failIfAny, KtlError } from '../../errors.js';
import { loadKubeconfig } from '../../config/loader.js';
import { byteCompare } from '../../config/codec.js';
import { formatTabbed } from '../../printers/tabwriter.js';
import { flagsOf, pathsOf } from './flags.js';

interface GetContextsOptions {
  app: App;
  cmd: Command;
  names: string[];
  noHeaders: boolean;
  nameOnly: boolean;
}

export async function getContexts(app: App, cmd: Command, args: string[]): Promise<number> {
  const flags = flagsOf<{ output: string }>(app, cmd);
  const output = flags.output ?? '';
  // validate: kubectl only knows the table and -o name here
  if (output !== '' && output !== 'name') {
    throw new KtlError(`--output ${output} is not available in ${commandPath(cmd)}; resetting to default output format`);
  }
  const o: GetContextsOptions = { app, cmd, names: args, noHeaders: flags.headers === false, nameOnly: output === 'name' };
  return runGetContexts(o);
}

async function runGetContexts(o: GetContextsOptions): Promise<number> {
  const { config } = await loadKubeconfig(pathsOf(o.app, o.cmd), { missingExplicitIsEmpty: true });
  const errors: string[] = [];
  let names: string[];
  if (o.names.length === 0) {
    names = [...config.contexts.keys()];
  } else {
    names = [];
    for (const n of o.names) {
      if (config.contexts.has(n)) names.push(n);
      else errors.push(`context ${n} not found`);
    }
  }
  names.sort(byteCompare);
  let text = '';
  if (o.nameOnly) {
    text = names.map((n) => `${n}\n`).join('');
  } else {
    let table = o.noHeaders ? '' : 'CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n';
    for (const n of names) {
      const c = config.contexts.get(n)!;
      const mark = n === config.currentContext ? '*' : '';
      table += `${mark}\t${n}\t${c.cluster}\t${c.user}\t${c.namespace ?? ''}\n`;
    }
    text = formatTabbed(table);
  }
  await write(o.app.ctx.io.out, text);
  failIfAny(errors.map((e) => new KtlError(e)), 'bare');
  return 0;
}

export async function getClusters(app: App, cmd: Command): Promise<number> {
  const { config } = await loadKubeconfig(pathsOf(app, cmd), { missingExplicitIsEmpty: true });
  // kubectl prints these in map order; sorted is one of its orders and stable
  const names = [...config.clusters.keys()].sort(byteCompare);
  await write(app.ctx.io.out, ['NAME', ...names].map((n) => `${n}\n`).join(''));
  return 0;
}

export async function getUsers(app: App, cmd: Command): Promise<number> {
  const { config } = await loadKubeconfig(pathsOf(app, cmd), { missingExplicitIsEmpty: true });
  const names = [...config.users.keys()].sort(byteCompare);
  await write(app.ctx.io.out, ['NAME', ...names].map((n) => `${n}\n`).join(''));
  return 0;
}

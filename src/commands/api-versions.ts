import type { Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { KtlError, UsageError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import { stringAt } from '../codec/value.js';

export interface ApiVersionsOptions {
  ctx: Context;
  flags: GlobalFlags;
  extraArgs: string[];
  path: string;
}

const EXAMPLES = `  # Print the supported API versions
  ktl api-versions`;

export function registerApiVersions(program: Command, app: App): void {
  const cmd = program
    .command('api-versions')
    .description('Print the supported API versions on the server, in the form of "group/version".')
    .summary('Print the supported API versions on the server, in the form of "group/version"')
    .usage('[options]')
    .argument('[args...]')
    .action(
      action(async (args: string[], _opts: unknown, c: Command) => {
        const o: ApiVersionsOptions = { ctx: app.ctx, flags: app.globals(c), extraArgs: args, path: commandPath(c) };
        if (o.extraArgs.length) throw new UsageError(`unexpected arguments: [${o.extraArgs.join(' ')}]`, o.path);
        return run(o);
      }),
    );
  withExamples(cmd, EXAMPLES);
}

async function run(o: ApiVersionsOptions): Promise<number> {
  const { connect } = await import('../client/index.js');
  const { goErrorText } = await import('../client/discovery.js');
  const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} api-versions` });
  let versions: string[];
  try {
    // always fresh, as kubectl does
    const groups = await clients.discovery.serverGroups();
    versions = groups.flatMap((g) => g.versions.map((v) => (g.name ? `${g.name}/${v}` : v)));
  } catch (err) {
    const url = stringAt(err, 'requestUrl') ?? '';
    throw new KtlError(`couldn't get available api versions from server: ${goErrorText(err, url)}`);
  } finally {
    clients.close();
  }
  versions.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  await write(o.ctx.io.out, versions.map((v) => `${v}\n`).join(''));
  return 0;
}

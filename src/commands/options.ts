import type { Command } from 'commander';
import { action, withHelpText, type App } from './kit.js';
import { write } from '../context.js';
import { describeGlobalFlags } from '../flags/global.js';

export function registerOptions(program: Command, app: App): void {
  // kubectl's `options --help` (and `help options`) prints nothing
  const cmd = program.command('options');
  withHelpText(cmd, '');
  cmd
    .description('Print the list of flags inherited by all commands')
    .action(
      action(async () => {
        const cacheDir = app.ctx.env.KUBECACHEDIR || [app.ctx.homeDir, '.kube', 'cache'].join('/');
        await write(app.ctx.io.out, describeGlobalFlags(program, cacheDir) + '\n');
      }),
    );
}

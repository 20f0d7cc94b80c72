/** `ktl plugin` and `ktl plugin list`; the work is in src/plugins/. */
import type { Command } from 'commander';
import { action, subCommandRun, withExamples, type App } from './kit.js';

const DESCRIPTION = `Provides utilities for interacting with plugins.

 Plugins provide extended functionality that is not part of the major command-line distribution. Please refer to the documentation and examples for more information about how write your own plugins.

 The easiest way to discover and install plugins is via the kubernetes sub-project krew: [krew.sigs.k8s.io]. To install krew, visit https://krew.sigs.k8s.io/docs/user-guide/setup/install`;

const LIST_DESCRIPTION = `List all available plugin files on a user's PATH. To see plugins binary names without the full path use --name-only flag.

 Available plugin files are those that are: - executable - anywhere on the user's PATH - begin with "kubectl-"`;

export function registerPlugin(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const examples = `  # List all available plugins
  ${bin} plugin list
  
  # List only binary names of available plugins without paths
  ${bin} plugin list --name-only`;
  const plugin = program
    .command('plugin')
    .summary('Provides utilities for interacting with plugins')
    .description(DESCRIPTION)
    .usage('[flags] [options]');
  subCommandRun(plugin);
  withExamples(plugin, examples);
  const list = plugin
    .command('list')
    .summary("List all visible plugin executables on a user's PATH")
    .description(LIST_DESCRIPTION)
    .usage('[flags] [options]')
    // kubectl takes no arguments here and ignores any given
    .argument('[args...]')
    .option('--name-only', 'If true, display only the binary name of each plugin, rather than its full path')
    .action(
      action(async (_args: string[], opts: { nameOnly?: boolean }) => {
        const { pluginList } = await import('../plugins/list.js');
        // every command registered, so a plugin shadowed by a subcommand is named as kubectl names it
        const root = await app.allCommands();
        return pluginList(app.ctx, root, !!opts.nameOnly);
      }),
    );
  withExamples(list, examples);
}

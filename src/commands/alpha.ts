import { Option, type Command } from 'commander';
import { action, type App } from './kit.js';
import { write } from '../context.js';

/**
 * kubectl's `alpha`: a hidden group that holds no command in 1.33. Whatever
 * follows it (words, --help) it says so on stderr and exits 0; an unknown
 * flag is still pflag's error.
 */
export function registerAlpha(program: Command, app: App): void {
  const cmd = program
    .command('alpha', { hidden: true })
    .summary('Commands for features in alpha')
    .description('These commands correspond to alpha features that are not enabled in Kubernetes clusters by default.')
    .helpOption(false)
    .addOption(new Option('-h, --help', 'help for alpha'))
    .argument('[args...]');
  const say = () => write(app.ctx.io.errOut, 'No alpha commands are available in this version of kubectl\n');
  // kubectl replaces the group's help with the sentence: `help alpha` says it too
  cmd.outputHelp = () => void say();
  cmd.action(
    action(async () => {
      await say();
      return 0;
    }),
  );
}

import type { Command } from 'commander';
import { subCommandRun, withExamples, type App } from '../kit.js';
import { registerSetEnv } from './env.js';
import { registerSetImage } from './image.js';
import { registerSetResources } from './resources.js';
import { registerSetSelector, registerSetServiceAccount, registerSetSubject } from './more.js';

export function registerSet(program: Command, app: App): void {
  const cmd = program
    .command('set')
    .description('Configure application resources.\n\n These commands help you make changes to existing application resources.')
    .summary('Set specific features on objects')
    .usage('SUBCOMMAND [options]');
  subCommandRun(cmd);
  withExamples(cmd, '');
  registerSetEnv(cmd, app);
  registerSetImage(cmd, app);
  registerSetResources(cmd, app);
  registerSetSelector(cmd, app);
  registerSetServiceAccount(cmd, app);
  registerSetSubject(cmd, app);
}

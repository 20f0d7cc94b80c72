import type { Command } from 'commander';
import { subCommandRun, withExamples, type App } from '../kit.js';
import { registerRolloutStatus } from './status.js';
import { registerRolloutHistory } from './history.js';
import { registerRolloutUndo } from './undo.js';
import { registerRolloutMutations } from './mutate.js';

const EXAMPLES = `  # Rollback to the previous deployment
  ktl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  ktl rollout status daemonset/foo
  
  # Restart a deployment
  ktl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  ktl rollout restart deployment --selector=app=nginx`;

export function registerRollout(program: Command, app: App): void {
  const cmd = program
    .command('rollout')
    .description('Manage the rollout of one or many resources.\n        \n Valid resource types include:\n\n  *  deployments\n  *  daemonsets\n  *  statefulsets')
    .summary('Manage the rollout of a resource')
    .usage('SUBCOMMAND [options]');
  subCommandRun(cmd, 'out');
  withExamples(cmd, EXAMPLES);
  registerRolloutHistory(cmd, app);
  registerRolloutMutations(cmd, app);
  registerRolloutStatus(cmd, app);
  registerRolloutUndo(cmd, app);
}

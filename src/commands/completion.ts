/** `ktl completion SHELL`: prints the script; the completing is done by the hidden __complete. */
import type { Command } from 'commander';
import { action, commandPath, withExamples, type App } from './kit.js';
import { write } from '../context.js';
import { UsageError } from '../errors.js';

export function registerCompletion(program: Command, app: App): void {
  const bin = app.ctx.binName;
  const cmd = program
    .command('completion')
    .summary('Output shell completion code for the specified shell (bash, zsh, fish, or powershell)')
    .description(
      `Output shell completion code for the specified shell (bash, zsh, fish, or powershell). The shell code must be evaluated to provide interactive completion of ${bin} commands.  This can be done by sourcing it from the .bash_profile.

 Completion asks ${bin} itself for the candidates (commands, flags, flag values, resource types and names from the cluster) on every TAB.

 Note for zsh users: zsh completions are only supported in versions of zsh >= 5.2.`,
    )
    .usage('SHELL')
    .argument('[shell...]')
    .action(
      action(async (shells: string[], _opts: unknown, c: Command) => {
        const path = commandPath(c);
        if (shells.length === 0) throw new UsageError('Shell not specified.', path);
        if (shells.length > 1) throw new UsageError('Too many arguments. Expected only the shell type.', path);
        const { SHELLS } = await import('../completion/scripts.js');
        const make = SHELLS[shells[0]!];
        if (!make) throw new UsageError(`Unsupported shell type "${shells[0]}".`, path);
        await write(app.ctx.io.out, make(bin));
      }),
    );
  withExamples(
    cmd,
    `  # Load the ${bin} completion code for bash into the current shell
  source <(${bin} completion bash)

  # Load the ${bin} completion code for zsh into the current shell
  source <(${bin} completion zsh)

  # Load the ${bin} completion code for fish into the current shell
  ${bin} completion fish | source

  # Load the ${bin} completion code for powershell into the current shell
  ${bin} completion powershell | Out-String | Invoke-Expression`,
  );
}

import type { Command } from 'commander';
import { action, type App } from '../cli.js';
import { write } from '../context.js';
import { KUBECTL_COMPAT_VERSION } from '../version.js';

// Placeholder until the API client lands: prints the client part only.
export function registerVersion(program: Command, app: App): void {
  program
    .command('version')
    .description('Print the client and server version information')
    .option('--client', 'If true, shows client version only (no server required).')
    .option('-o, --output <format>', "One of 'yaml' or 'json'.")
    .action(
      action(async () => {
        await write(app.ctx.io.out, `Client Version: ${KUBECTL_COMPAT_VERSION.gitVersion}\n`);
      }),
    );
}

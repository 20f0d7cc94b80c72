import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import { JsonBodyError, KtlError } from '../errors.js';
import type { GlobalFlags } from '../flags/global.js';
import { clientVersionInfo, KUSTOMIZE_VERSION, serverVersionInfo, type VersionInfo } from '../version.js';

/**
 * `version`: client and server versions. ktl reports the kubectl release it
 * follows as its client version so skew rules and scripts behave alike. Its
 * built-in kustomize (src/kustomize) follows kustomize v5.6.0, the one inside
 * kubectl 1.33, and is reported as kubectl reports its own.
 */

export interface VersionOptions {
  ctx: Context;
  flags: GlobalFlags;
  clientOnly: boolean;
  output: '' | 'json' | 'yaml';
}

/** Field order of kubectl's version.Info (json keeps it; yaml sorts). */

const EXAMPLES = `  # Print the client and server versions for the current context
  ktl version`;

export function registerVersion(program: Command, app: App): void {
  const cmd = program
    .command('version')
    .description(
      'Print the client and server version information for the current context.',
    )
    .summary('Print the client and server version information')
    .usage('[flags] [options]')
    .option('--client', 'If true, shows client version only (no server required).')
    .option('-o, --output <format>', "One of 'yaml' or 'json'.")
    .action(
      action(async (opts: { client?: boolean; output?: string }, c: Command) => {
        const o = complete(app.ctx, app.globals(c), opts);
        return run(o);
      }),
    );
  withExamples(cmd, EXAMPLES);
}

function complete(ctx: Context, flags: GlobalFlags, opts: { client?: boolean; output?: string }): VersionOptions {
  const output = opts.output ?? '';
  // validate: kubectl's check, done as the flag is read
  if (output !== '' && output !== 'json' && output !== 'yaml') {
    throw new KtlError("--output must be 'yaml' or 'json'");
  }
  return { ctx, flags, clientOnly: !!opts.client, output };
}

export { clientVersionInfo };

async function render(o: VersionOptions, client: VersionInfo, server?: VersionInfo): Promise<string> {
  if (o.output === '') {
    let text = `Client Version: ${client.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`;
    if (server) text += `Server Version: ${server.gitVersion}\n`;
    return text;
  }
  const doc: Record<string, unknown> = { clientVersion: client, kustomizeVersion: KUSTOMIZE_VERSION };
  if (server) doc.serverVersion = server;
  if (o.output === 'json') {
    const { marshalJson } = await import('../codec/json.js');
    return marshalJson(doc, { indent: '  ', sortKeys: false }) + '\n';
  }
  const { marshalYaml } = await import('../printers/yaml.js');
  // kubectl prints the YAML with Println: a blank line ends it
  return marshalYaml(doc) + '\n';
}

/** "v1.34.4" -> [1, 34]; undefined when not a semantic version. */
function majorMinor(gitVersion: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\./.exec(gitVersion);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

async function run(o: VersionOptions): Promise<number> {
  const client = clientVersionInfo();
  if (o.clientOnly) {
    await write(o.ctx.io.out, await render(o, client));
    return 0;
  }
  let server: VersionInfo | undefined;
  let failure: unknown;
  // a kubeconfig or TLS material kubectl cannot use fails before anything is printed
  const { connect } = await import('../client/index.js');
  const clients = await connect(o.ctx, o.flags);
  try {
    try {
      const raw = await clients.rest.getJson<Record<string, unknown>>('/version', {
        defaultTimeoutMs: 32_000,
        decodeStatus: false,
        logSource: 'discovery_client.go:657',
      });
      server = serverVersionInfo(raw);
    } finally {
      clients.close();
    }
  } catch (err) {
    // an answer that is not JSON: client-go's ServerVersion words it so
    failure = err instanceof JsonBodyError ? new KtlError(`unable to parse the server version: ${err.message}`) : err;
  }
  // like kubectl: the client part is printed even when the server is unreachable
  await write(o.ctx.io.out, await render(o, client, server));
  if (failure) throw failure;
  const c = majorMinor(client.gitVersion);
  const s = server && majorMinor(server.gitVersion);
  if (c && s && c[0] === s[0] && Math.abs(c[1] - s[1]) > 1) {
    await write(
      o.ctx.io.errOut,
      `WARNING: version difference between client (${c[0]}.${c[1]}) and server (${s[0]}.${s[1]}) exceeds the supported minor version skew of +/-1\n`,
    );
  }
  return 0;
}

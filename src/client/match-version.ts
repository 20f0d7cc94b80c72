/**
 * --match-server-version: kubectl compares its own version with the server's
 * before its first request (discovery.MatchesServerVersion, run once when the
 * client configuration is made): the git version, commit and tree state must
 * all be equal, else the command fails with both versions in Go's %#v form.
 */
import { KtlError } from '../errors.js';
import { goQuote } from '../printers/go-format.js';
import { clientVersionInfo, serverVersionInfo, type VersionInfo } from '../version.js';
import type { RestClient } from './rest.js';
import type { Transport } from './transport.js';
import { goErrorText } from './discovery.js';

const FIELDS: ReadonlyArray<readonly [keyof VersionInfo, string]> = [
  ['major', 'Major'],
  ['minor', 'Minor'],
  ['emulationMajor', 'EmulationMajor'],
  ['emulationMinor', 'EmulationMinor'],
  ['minCompatibilityMajor', 'MinCompatibilityMajor'],
  ['minCompatibilityMinor', 'MinCompatibilityMinor'],
  ['gitVersion', 'GitVersion'],
  ['gitCommit', 'GitCommit'],
  ['gitTreeState', 'GitTreeState'],
  ['buildDate', 'BuildDate'],
  ['goVersion', 'GoVersion'],
  ['compiler', 'Compiler'],
  ['platform', 'Platform'],
];

/** The check failed: kubectl fails there while it makes its client configuration, before a command's own work. */
export class VersionMatchError extends KtlError {}

/** version.Info as Go's %#v prints it. */
export function versionInfoGoSyntax(v: VersionInfo): string {
  return `version.Info{${FIELDS.map(([k, name]) => `${name}:${goQuote(v[k] ?? '')}`).join(', ')}}`;
}

export async function matchServerVersion(clients: { rest: RestClient; transport: Transport }): Promise<void> {
  let raw: Record<string, unknown>;
  const request = { defaultTimeoutMs: 32_000 };
  try {
    raw = await clients.rest.getJson<Record<string, unknown>>('/version', { ...request, decodeStatus: false, logSource: 'discovery_client.go:657' });
  } catch (err) {
    // Go's url.Error: the request's method and URL (with client-go's ?timeout=) before the cause
    throw new VersionMatchError(`couldn't read version from server: ${goErrorText(err, clients.transport.url({ path: '/version', ...request }).toString())}`);
  }
  const server = serverVersionInfo(raw);
  const client = clientVersionInfo();
  if (client.gitVersion !== server.gitVersion || client.gitCommit !== server.gitCommit || client.gitTreeState !== server.gitTreeState) {
    throw new VersionMatchError(`server version (&${versionInfoGoSyntax(server)}) differs from client version (${versionInfoGoSyntax(client)})`);
  }
}

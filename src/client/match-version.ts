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

/** version.Info as Go's %#v prints it. */
export function versionInfoGoSyntax(v: VersionInfo): string {
  return `version.Info{${FIELDS.map(([k, name]) => `${name}:${goQuote(v[k] ?? '')}`).join(', ')}}`;
}

export async function matchServerVersion(clients: { rest: RestClient }): Promise<void> {
  let raw: Record<string, unknown>;
  try {
    raw = await clients.rest.getJson<Record<string, unknown>>('/version', { defaultTimeoutMs: 32_000, decodeStatus: false, logSource: 'discovery_client.go:657' });
  } catch (err) {
    throw new KtlError(`couldn't read version from server: ${err instanceof Error ? err.message : String(err)}`);
  }
  const server = serverVersionInfo(raw);
  const client = clientVersionInfo();
  if (client.gitVersion !== server.gitVersion || client.gitCommit !== server.gitCommit || client.gitTreeState !== server.gitTreeState) {
    throw new KtlError(`server version (&${versionInfoGoSyntax(server)}) differs from client version (${versionInfoGoSyntax(client)})`);
  }
}

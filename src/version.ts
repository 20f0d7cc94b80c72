import { stringAt } from './codec/value.js';

/** ktl's own version, and the kubectl version whose behaviour it follows. */
export const KTL_VERSION = '0.1.0';
/** The kubectl release ktl matches; reported as the client version so skew rules behave alike. */
export const KUBECTL_COMPAT_VERSION = { major: '1', minor: '33', gitVersion: 'v1.33.1' };
/** The kustomize release whose behaviour the built-in kustomize follows (the one inside kubectl 1.33). */
export const KUSTOMIZE_VERSION = 'v5.6.0';

/** apimachinery's version.Info, with kubectl's JSON names, in its field order. */
export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** What `version` reports for the client (and --match-server-version compares). */
export function clientVersionInfo(): VersionInfo {
  return {
    major: KUBECTL_COMPAT_VERSION.major,
    minor: KUBECTL_COMPAT_VERSION.minor,
    gitVersion: KUBECTL_COMPAT_VERSION.gitVersion,
    gitCommit: `ktl-v${KTL_VERSION}`,
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'ktl',
    platform: goPlatform(),
  };
}

function goPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' };
  return `${process.platform === 'win32' ? 'windows' : process.platform}/${arch[process.arch] ?? process.arch}`;
}

/** The server's /version answer in kubectl's field order, unknown fields dropped. */
export function serverVersionInfo(raw: Record<string, unknown>): VersionInfo {
  const s = (k: string): string => stringAt(raw, k) ?? '';
  // the emulation fields only when set (omitempty), between minor and gitVersion
  const opt = (k: 'emulationMajor' | 'emulationMinor' | 'minCompatibilityMajor' | 'minCompatibilityMinor'): Partial<VersionInfo> => (s(k) ? { [k]: s(k) } : {});
  return {
    major: s('major'),
    minor: s('minor'),
    ...opt('emulationMajor'),
    ...opt('emulationMinor'),
    ...opt('minCompatibilityMajor'),
    ...opt('minCompatibilityMinor'),
    gitVersion: s('gitVersion'),
    gitCommit: s('gitCommit'),
    gitTreeState: s('gitTreeState'),
    buildDate: s('buildDate'),
    goVersion: s('goVersion'),
    compiler: s('compiler'),
    platform: s('platform'),
  };
}


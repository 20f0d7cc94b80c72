/**
 * What the connection flags (--kubeconfig, --context, -n, --server, --token ...)
 * override in the kubeconfig, as plain data: config/ and client/ know these
 * values, never the Commander flags they came from (see src/flags/global.ts).
 */
export interface ConfigOverrides {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  namespace?: string;
  server?: string;
  token?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  requestTimeout?: string;
  as?: string;
  asGroup?: string[];
  asUid?: string;
  cacheDir?: string;
  v?: string;
  username?: string;
  password?: string;
  disableCompression?: boolean;
  warningsAsErrors?: boolean;
  /** --match-server-version: the server's version must be the client's (src/client/match-version.ts) */
  matchServerVersion?: boolean;
  logFlushFrequency?: string;
  profile?: string;
  profileOutput?: string;
  vmodule?: string;
}

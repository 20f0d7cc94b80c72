/**
 * kubeconfig shapes (as in the YAML file, kubectl's field names) and the
 * resolved connection settings every API command starts from.
 */

export interface ClusterEntry {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: unknown[];
}

export interface ExecEnvVar {
  name: string;
  value: string;
}

export interface ExecConfig {
  apiVersion?: string;
  command: string;
  args?: string[] | null;
  env?: ExecEnvVar[] | null;
  installHint?: string;
  provideClusterInfo?: boolean;
  /** 'Never', 'IfAvailable' or 'Always' when valid; any string a file holds (rest-config reports others) */
  interactiveMode?: string;
}

export interface AuthProviderConfig {
  name: string;
  /** null when the file has none (Go's nil map) */
  config?: Record<string, string> | null;
}

export interface AuthInfo {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
  username?: string;
  password?: string;
  as?: string;
  'as-groups'?: string[];
  'as-uid'?: string;
  /** a key written `key: null` holds null (Go's nil slice) */
  'as-user-extra'?: Record<string, string[] | null>;
  'auth-provider'?: AuthProviderConfig;
  exec?: ExecConfig;
  extensions?: unknown[];
}

export interface ContextEntry {
  cluster: string;
  user: string;
  namespace?: string;
  extensions?: unknown[];
}

export interface NamedCluster {
  name: string;
  cluster: ClusterEntry;
}
export interface NamedUser {
  name: string;
  user: AuthInfo;
}
export interface NamedContext {
  name: string;
  context: ContextEntry;
}

export interface KubeconfigFile {
  apiVersion?: string;
  kind?: string;
  preferences?: Record<string, unknown>;
  clusters?: NamedCluster[] | null;
  users?: NamedUser[] | null;
  contexts?: NamedContext[] | null;
  'current-context'?: string;
  extensions?: unknown[] | null;
}

/**
 * What a command needs to talk to one API server, after kubectl's loading
 * rules (--kubeconfig / KUBECONFIG list / ~/.kube/config / in-cluster) and the
 * global flag overrides. File paths inside are absolute.
 */
export interface RestConfig {
  /** selected context name ('' when none, e.g. only --server was given) */
  contextName: string;
  clusterName: string;
  userName: string;
  /** -n, else the context's namespace, else "default" */
  namespace: string;
  /** true when the namespace came from -n (apply uses it for mismatch errors) */
  namespaceFromFlag: boolean;
  cluster: ClusterEntry & { server: string };
  user: AuthInfo;
  /** impersonation from --as/--as-group/--as-uid or the user's as* fields */
  impersonate?: { user?: string; groups?: string[]; uid?: string; extra?: Record<string, string[]> };
  /** per-request timeout from --request-timeout, 0 = none */
  requestTimeoutMs: number;
  /** loaded from the in-cluster service account */
  inCluster: boolean;
  /** -v level */
  verbosity: number;
  /** discovery/http cache root (--cache-dir, KUBECACHEDIR, ~/.kube/cache) */
  cacheDir: string;
}

export interface NamedExtensionEntry {
  name: string;
  extension: unknown;
}

export interface Preferences {
  colors?: boolean;
  extensions?: NamedExtensionEntry[];
}

/**
 * A kubeconfig in memory, as client-go's internal api.Config: named stanzas
 * in maps. Entries keep the file's field names; []byte fields hold canonical
 * base64 text.
 */
export interface Kubeconfig {
  preferences: Preferences;
  clusters: Map<string, ClusterEntry>;
  users: Map<string, AuthInfo>;
  contexts: Map<string, ContextEntry>;
  currentContext: string;
  extensions: NamedExtensionEntry[];
}

/** Which file each stanza of a merged kubeconfig came from (for write-back). */
export interface KubeconfigOrigins {
  clusters: Map<string, string>;
  users: Map<string, string>;
  contexts: Map<string, string>;
}

/** The result of kubectl's loading rules, before any flag overrides. */
export interface LoadedKubeconfig {
  /** merged config; file paths inside are as written in the files */
  config: Kubeconfig;
  /** the file each stanza came from, as named in the precedence list */
  origins: KubeconfigOrigins;
  /** the files considered, in precedence order, as given (may not exist) */
  precedence: string[];
  /** the --kubeconfig file, when given */
  explicitPath?: string;
  /** where new stanzas and current-context are written (kubectl's GetDefaultFilename) */
  defaultFilename: string;
}

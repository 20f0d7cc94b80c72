/**
 * The library's public types (`import type { ... } from 'ktl'`). Plain
 * shapes only: objects are JSON as the API server sends them, so the
 * Kubernetes types of @kubernetes/client-node (V1Deployment ...) can be
 * passed as the type parameter of get/list/watch.
 */

/** An API object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [key: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * How to reach the cluster. Everything is optional: by default the
 * kubeconfig is found and merged with kubectl's rules (`kubeconfig`, else
 * `$KUBECONFIG` read from `env`, else `~/.kube/config` under `homeDir`; the
 * in-cluster service account when none applies).
 */
export interface ConnectOptions {
  /** a kubeconfig file, as --kubeconfig (replaces $KUBECONFIG) */
  kubeconfig?: string;
  /** a context of the kubeconfig, as --context (default: current-context) */
  context?: string;
  /** the default namespace of every call, as -n (default: the context's, else "default") */
  namespace?: string;
  /** as --cluster, --user, --server, --token, --insecure-skip-tls-verify, --tls-server-name */
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  tlsServerName?: string;
  /** impersonation, as --as / --as-group / --as-uid */
  as?: string;
  asGroup?: string[];
  asUid?: string;
  /** a limit for each request: milliseconds, or a Go duration ("30s"), as --request-timeout (default: none) */
  requestTimeout?: number | string;
  /** discovery and OpenAPI cache, as --cache-dir (default: $KUBECACHEDIR, else ~/.kube/cache) */
  cacheDir?: string;
  /**
   * The environment read for KUBECONFIG, KUBECACHEDIR, KUBERNETES_MASTER,
   * the proxy variables (HTTPS_PROXY, NO_PROXY ...) and exec credential
   * plugins. Default: `process.env`, read once by connect().
   */
  env?: Record<string, string | undefined>;
  /** relative paths in options are resolved against it (default: process.cwd()) */
  cwd?: string;
  /** where ~/.kube lives (default: os.homedir()) */
  homeDir?: string;
  /** server warnings (deprecations, pod security ...), each text once; default: dropped */
  onWarning?: (message: string) => void;
}

/** A type as kubectl takes it: "deployments", "deploy", "deployment.apps", "Deployment". */
export type ResourceType = string;

/** What a call names: "TYPE/NAME", or an object with apiVersion, kind and metadata.name (and namespace). */
export type ObjectRef = string | KubeObject;

export interface NamespaceOption {
  /** the namespace for this call (default: the connection's); ignored for cluster-scoped types */
  namespace?: string;
}

export interface ListOptions extends NamespaceOption {
  /** every namespace (as -A) */
  allNamespaces?: boolean;
  /** as -l */
  labelSelector?: string;
  /** as --field-selector */
  fieldSelector?: string;
  /** page size of the requests (default 500, as --chunk-size; 0: one request) */
  chunkSize?: number;
}

export interface WatchOptions extends NamespaceOption {
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** only this object */
  name?: string;
  /**
   * Start after this resourceVersion (from a list). Without it the server
   * first sends an ADDED event for every object that exists.
   */
  resourceVersion?: string;
  /** ends the iteration (and closes the connection) */
  signal?: AbortSignal;
  /** also yield BOOKMARK events (default false) */
  bookmarks?: boolean;
}

export interface WatchEvent<T = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

export type DryRun = 'none' | 'client' | 'server';

export interface ApplyOptions extends NamespaceOption {
  /** server-side apply (default: client-side, kubectl's three-way merge with the last-applied annotation) */
  serverSide?: boolean;
  /** default "kubectl-client-side-apply", or "kubectl" with serverSide, as kubectl */
  fieldManager?: string;
  /** server-side apply: take over fields other managers own */
  forceConflicts?: boolean;
  dryRun?: DryRun;
  /** field validation: "Strict" (default), "Warn" or "Ignore" */
  validate?: 'Strict' | 'Warn' | 'Ignore';
  /** objects written at once (default 8; as in kubectl, all are mapped first and a Namespace or CRD keeps its input order with the objects that need it) */
  concurrency?: number;
  /** the name used for a YAML text in error messages (as a -f file name; default none) */
  source?: string;
}

export interface ApplyResult<T = KubeObject> {
  /** as kubectl prints it: "deployment.apps/web" */
  ref: string;
  operation: 'created' | 'configured' | 'unchanged' | 'serverside-applied';
  /** the object as the server returned it (for "unchanged": as it is on the server) */
  object: T;
  /** kubectl's notices for this object (e.g. the missing last-applied annotation) */
  warnings: string[];
}

/** Milliseconds, or a Go duration ("90s", "2m"). */
export type Duration = number | string;

export interface DeleteOptions extends NamespaceOption {
  /** wait until the object is gone (default true, as kubectl) */
  wait?: boolean;
  /** limit for the wait (default: none) */
  timeout?: Duration;
  /** default "Background", as kubectl's --cascade */
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  /** no error when it does not exist */
  ignoreNotFound?: boolean;
  /** "server": nothing is deleted */
  dryRun?: 'none' | 'server';
}

export interface ScaleOptions extends NamespaceOption {
  /** precondition, as --current-replicas */
  currentReplicas?: number;
  /** precondition, as --resource-version */
  resourceVersion?: string;
  dryRun?: 'none' | 'server';
}

export interface RolloutStatus {
  /** kubectl's line, without the newline: `deployment "web" successfully rolled out` */
  message: string;
  done: boolean;
}

export interface RolloutStatusOptions extends NamespaceOption {
  /** give up after this long (default: no limit) */
  timeout?: Duration;
  /** pin to a revision (Deployments), as --revision */
  revision?: number;
  /** false: look once and return (default true: wait until done) */
  watch?: boolean;
  /** each status line as it changes */
  onProgress?: (status: RolloutStatus) => void;
}

/**
 * What to wait for: kubectl's --for values ("delete", "create",
 * "condition=Available", "condition=Ready=false",
 * "jsonpath={.status.phase}=Running"), or a predicate over the object.
 */
export type WaitCondition = string | ((object: KubeObject) => boolean);

export interface WaitOptions extends NamespaceOption {
  /** default 30s, as kubectl wait */
  timeout?: Duration;
}

/**
 * Output formats of `ktl get -o`: "yaml", "json", "name",
 * "jsonpath=TEMPLATE", "jsonpath-as-json=TEMPLATE",
 * "custom-columns=SPEC", "go-template=TEMPLATE", and, on a connection
 * only, "table" (the default get output) and "wide".
 */
export type OutputFormat = string;

export interface FormatOptions {
  /** table, wide, custom-columns: leave out the header line */
  noHeaders?: boolean;
  /** table, wide: a NAMESPACE column first, as get -A (default: when the objects span several namespaces) */
  withNamespace?: boolean;
  /** table, wide: a LABELS column, as --show-labels */
  showLabels?: boolean;
  /** yaml, json: keep metadata.managedFields */
  showManagedFields?: boolean;
}

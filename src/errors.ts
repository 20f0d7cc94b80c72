/**
 * Typed errors. Commands throw these; src/cli.ts maps them to kubectl's text and
 * exit codes in one place (see formatError there).
 */

/** Base for every error ktl reports itself. */
export class KtlError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad arguments or flags; printed with kubectl's "See '<bin> <cmd> -h'" footer. */
export class UsageError extends KtlError {
  constructor(message: string, readonly commandPath?: string) {
    super(message);
  }
}

/**
 * A check kubectl makes before it reads the kubeconfig (cobra's required
 * flags, a flag value a command parses itself, an argument count its
 * Complete checks first): it keeps its place ahead of a kubeconfig fault
 * (src/cli.ts), where ktl's other checks give way to one.
 */
export class PreConfigError extends KtlError {}

/**
 * A flag value that does not parse (pflag's `invalid argument "x" for "--f"
 * flag: ...`); printed with cobra's "See '<bin> <cmd> --help' for usage." footer.
 */
export class FlagValueError extends KtlError {
  constructor(value: string, flag: string, reason: string) {
    super(`invalid argument "${value}" for "${flag}" flag: ${reason}`);
  }
}

/**
 * The connection ended before the whole response body came (client-go's
 * "unexpected error when reading response body"); a failed request, like
 * an error status, for the commands that collect those.
 */
export class ResponseBodyError extends KtlError {
  constructor(original = 'unexpected EOF') {
    super(`unexpected error when reading response body. Please retry. Original error: ${original}`);
  }
}

/** A response body that is not the JSON it should be, in Go's encoding/json words ("invalid character '<' looking for beginning of value"). */
export class JsonBodyError extends KtlError {}

/** A broken or incomplete kubeconfig: "Error in configuration: ..." in kubectl. */
export class ConfigError extends KtlError {
  /**
   * The same fault as a command sees it when its first look at the
   * kubeconfig is the client configuration rather than the namespace
   * (`client`), or both at once (`both`): src/config/lookup-order.ts picks one.
   */
  forms?: { client?: ConfigError; both?: ConfigError };
  /** when true the message is printed as "Error in configuration: <msg>"; `plain`: printed as it is, no prefix */
  constructor(
    message: string,
    readonly inConfiguration = false,
    readonly plain = false,
  ) {
    super(message);
  }
}

/** The shape of a meta/v1 Status body. */
export interface ApiStatus {
  kind?: string;
  apiVersion?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
    retryAfterSeconds?: number;
  };
}

/** The API server answered with an error status. */
export class ApiError extends KtlError {
  constructor(
    readonly statusCode: number,
    readonly status: ApiStatus,
    readonly method = 'GET',
    readonly url = '',
  ) {
    super(status.message ?? `the server responded with status ${statusCode}`);
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
}

/** The server could not be reached (refused, DNS, TLS ...). */
export class ConnectionError extends KtlError {
  /** the request that failed, as Go's url.Error names it (Op "Post", the full URL), when the transport knows it */
  request?: { op: string; url: string };
  constructor(
    message: string,
    readonly kind: 'refused' | 'other',
    readonly hostPort: string,
    readonly causeCode?: string,
  ) {
    super(message);
  }

  /** Go's url.Error text: `Post "URL": dial tcp ...` (the bare message when the request is not known) */
  get urlErrorText(): string {
    return this.request ? `${this.request.op} "${this.request.url}": ${this.message}` : this.message;
  }
}

/** A resource type that discovery does not know: "the server doesn't have a resource type ...". */
export class UnknownResourceError extends KtlError {
  constructor(
    readonly resource: string,
    readonly group?: string,
    readonly version?: string,
  ) {
    super(
      group && version
        ? `the server doesn't have a resource type "${resource}" in group "${group}" and version "${version}"`
        : group
          ? `the server doesn't have a resource type "${resource}" in group "${group}"`
          : `the server doesn't have a resource type "${resource}"`,
    );
  }
}

/** A wait or request ran out of time. */
export class TimeoutError extends KtlError {}

/**
 * One server request ran past --request-timeout: kubectl reports these as
 * "Unable to connect to the server: <Go's message>".
 */
export class RequestTimeoutError extends TimeoutError {
  constructor(
    message: string,
    readonly hostPort: string,
  ) {
    super(message);
  }
}

/**
 * An exit with a given code whose message, if any, was already printed
 * (multi-object commands report each failure as it happens, then exit 1).
 */
export class ExitError extends KtlError {
  constructor(code: number, readonly silent = true) {
    super('', code);
  }
}

/**
 * Several failures met while reading a command's input (-f documents that
 * could not be read or mapped), reported as one entry among the command's
 * failures: kubectl lists them bracketed on one line ("[a, b]") when there
 * are other failures, one per line when they are alone.
 */
export class InputErrors extends KtlError {
  constructor(readonly errors: unknown[]) {
    super(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
  }
}

/**
 * How kubectl writes each failure of an aggregate, one per line:
 * - `server`: API errors as "Error from server (Reason): message", input
 *   errors bracketed (the write commands: apply, create, replace, delete,
 *   label, annotate, patch, expose, edit);
 * - `bare`: bare messages (rollout, scale, set, wait; kubeconfig loading;
 *   several unreadable manifests);
 * - `api`: API errors in their full "Error from server" form, others bare,
 *   listed even when there is only one (get);
 * - `standard`: kubectl's StandardErrorMessage for API errors (without
 *   "error: "), input errors bracketed as bare messages (describe).
 */
export type FailureStyle = 'server' | 'bare' | 'api' | 'standard';

/**
 * kubectl's utilerrors.Aggregate: what succeeded has been printed, the
 * failures are listed (src/errors-format.ts renders them) and the run exits 1.
 * Commands throw it through failIfAny(); only the top of the cli prints it.
 */
export class ErrorList extends KtlError {
  constructor(
    readonly errors: readonly unknown[],
    readonly style: FailureStyle,
  ) {
    super(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
  }
}

/**
 * Ends a command that visited many objects: nothing when all went well; one
 * failure is thrown as itself (except in `api` style, and a lone group of
 * input errors, which are listed); several become an ErrorList.
 */
export function failIfAny(failures: readonly unknown[], style: FailureStyle = 'server'): void {
  if (failures.length === 0) return;
  const only = failures.length === 1 ? failures[0] : undefined;
  if (only instanceof InputErrors) throw new ErrorList(only.errors, style);
  if (only !== undefined && style !== 'api') throw only;
  throw new ErrorList(failures, style);
}

/** A user message with its own "error: " when listed among others (rollout's "error: deployments "x" is not paused"). */
export class PrefixedError extends KtlError {}

/** The message of a caught value: an Error's, else its `message` field, else the value as a string. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e) return String(e.message);
  return String(e);
}

/** The errno code (ENOENT, EACCES ...) of a caught value, if it has one. */
export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

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

/** A broken or incomplete kubeconfig: "Error in configuration: ..." in kubectl. */
export class ConfigError extends KtlError {
  /** when true the message is printed as "Error in configuration: <msg>" */
  constructor(message: string, readonly inConfiguration = false) {
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
  constructor(
    message: string,
    readonly kind: 'refused' | 'other',
    readonly hostPort: string,
    readonly causeCode?: string,
  ) {
    super(message);
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
 * An error whose full text (possibly several lines, kubectl's way of listing
 * the failures of a multi-object command) is already composed; cli.ts prints it.
 */
export class PreformattedError extends ExitError {
  constructor(text: string) {
    super(1, false);
    this.message = text;
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

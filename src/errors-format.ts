import {
  ApiError,
  ConfigError,
  ConnectionError,
  ErrorList,
  ExitError,
  InputErrors,
  PrefixedError,
  KtlError,
  RequestTimeoutError,
  TimeoutError,
  UsageError,
  type FailureStyle,
} from './errors.js';
import { goQuote } from './printers/go-format.js';
import { isRecord } from './codec/value.js';

export interface FormatOptions {
  binName: string;
  verbosity: number;
}

/**
 * The one place that turns an error into kubectl's text and exit code.
 * Unknown errors never show a stack trace unless -v=9 asks for it.
 */
export function formatError(err: unknown, opts: FormatOptions): { text: string; code: number } {
  if (err instanceof ExitError) return { text: err.message, code: err.exitCode };
  // kubectl's MultipleErrors: a newline after each message, even one that ends with its own
  if (err instanceof ErrorList) return { text: err.errors.map((e) => `${failureLine(e, err.style)}\n`).join(''), code: 1 };
  if (err instanceof UsageError) {
    const footer = err.commandPath ? `\nSee '${err.commandPath} -h' for help and examples` : '';
    return { text: `error: ${err.message}${footer}`, code: err.exitCode };
  }
  if (err instanceof ConfigError) {
    return { text: err.plain ? err.message : err.inConfiguration ? `Error in configuration: ${err.message}` : `error: ${err.message}`, code: 1 };
  }
  if (err instanceof ApiError) return { text: formatApiError(err), code: 1 };
  if (err instanceof ConnectionError) {
    if (err.kind === 'refused') {
      return {
        text: `The connection to the server ${err.hostPort} was refused - did you specify the right host or port?`,
        code: 1,
      };
    }
    return { text: `Unable to connect to the server: ${err.message}`, code: 1 };
  }
  if (err instanceof RequestTimeoutError) return { text: `Unable to connect to the server: ${err.message}`, code: 1 };
  if (err instanceof TimeoutError) return { text: `error: ${err.message}`, code: err.exitCode };
  if (err instanceof KtlError) return { text: `error: ${err.message}`, code: err.exitCode };
  const e = isRecord(err) ? err : undefined; // an Error, or any object with a message
  const msg = e && typeof e.message === 'string' ? e.message : String(err);
  const stack = opts.verbosity >= 9 && e?.stack ? `\n${String(e.stack)}` : '';
  return { text: `error: ${msg}${stack}`, code: 1 };
}

/** One failure as a line of an aggregate (see FailureStyle). */
export function failureLine(err: unknown, style: FailureStyle): string {
  if (err instanceof InputErrors) return `[${err.errors.map((e) => failureLine(e, style === 'standard' ? 'bare' : style)).join(', ')}]`;
  if (style === 'bare' && err instanceof PrefixedError) return `error: ${err.message}`;
  // kubectl's StandardErrorMessage names a refused connection by its server among the others too
  if (style !== 'bare' && err instanceof ConnectionError && err.kind === 'refused') {
    return `The connection to the server ${err.hostPort} was refused - did you specify the right host or port?`;
  }
  if (err instanceof ApiError) {
    if (style === 'standard') return formatApiError(err).replace(/^error: (?!You must be logged in)/, '');
    if (style === 'api') return formatApiError(err);
    if (style === 'bare') return err.message;
    const reason = err.status.reason;
    if (reason && err.statusCode !== 401) return `Error from server (${reason}): ${err.status.message ?? ''}`;
    return formatApiError(err).replace(/^error: /, '');
  }
  return err instanceof Error ? err.message : String(err);
}

/** "Error from server (Reason): message", with kubectl's special cases. */
export function formatApiError(err: ApiError): string {
  const s = err.status;
  if (err.statusCode === 401) {
    // kubectl prints the Status message: "Unauthorized" from a real apiserver,
    // client-go's generic text when the 401 carried no Status body
    return `error: You must be logged in to the server (${s.message || 'Unauthorized'})`;
  }
  if (s.reason === 'Invalid') return invalidText(s);
  const reason = s.reason || reasonForCode(err.statusCode);
  if (!reason) return `error: ${s.message ?? `the server responded with status ${err.statusCode}`}`;
  return `Error from server (${reason}): ${s.message ?? ''}`;
}

/**
 * kubectl's checkErr for a Status of reason Invalid: "The request is invalid"
 * (with the server's message when nothing else says more), or "The KIND "NAME"
 * is invalid" when the details name either; then its causes, each "FIELD: MESSAGE"
 * (the colon even without a field), duplicates dropped, several as a list.
 */
function invalidText(s: ApiError['status']): string {
  const d = s.details;
  let head = 'The request is invalid';
  if (!d) return s.message ? `${head}: ${s.message}` : head;
  const causes = d.causes ?? [];
  if (d.kind || d.name) head = `The ${d.kind ?? ''} ${goQuote(d.name ?? '')} is invalid`;
  else if (s.message && causes.length === 0) head += `: ${s.message}`;
  const lines = [...new Set(causes.map((c) => `${c.field ?? ''}: ${c.message ?? ''}`))];
  if (lines.length === 0) return head;
  if (lines.length === 1) return `${head}: ${lines[0]}`;
  return `${head}: \n${lines.map((l) => `* ${l}`).join('\n')}`;
}

function reasonForCode(code: number): string {
  switch (code) {
    case 400: return 'BadRequest';
    case 403: return 'Forbidden';
    case 404: return 'NotFound';
    case 405: return 'MethodNotAllowed';
    case 406: return 'NotAcceptable';
    case 409: return 'Conflict';
    case 410: return 'Expired';
    case 415: return 'UnsupportedMediaType';
    case 422: return 'Invalid';
    case 429: return 'TooManyRequests';
    case 500: return 'InternalError';
    case 503: return 'ServiceUnavailable';
    case 504: return 'Timeout';
    default: return '';
  }
}

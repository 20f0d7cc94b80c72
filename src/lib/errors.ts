/**
 * The library's errors: every API error is an ApiError subclass chosen by
 * the status the server sent (code and reason), carrying that Status
 * (`status.details`, `statusCode`, `reason`, `method`, `url`).
 */
import { ApiError, type ApiStatus } from '../errors.js';

export {
  KtlError,
  ApiError,
  ConfigError,
  ConnectionError,
  TimeoutError,
  RequestTimeoutError,
  UnknownResourceError,
  type ApiStatus,
} from '../errors.js';

/** 400 BadRequest */
export class BadRequestError extends ApiError {}
/** 401 Unauthorized */
export class UnauthorizedError extends ApiError {}
/** 403 Forbidden */
export class ForbiddenError extends ApiError {}
/** 404 NotFound */
export class NotFoundError extends ApiError {}
/** 405 MethodNotAllowed */
export class MethodNotAllowedError extends ApiError {}
/** 409 with reason AlreadyExists (a create of an existing name) */
export class AlreadyExistsError extends ApiError {}
/** 409 Conflict: the object changed since it was read, or server-side apply field conflicts */
export class ConflictError extends ApiError {}
/** 410 Gone / Expired: a resourceVersion too old to watch from; list again */
export class GoneError extends ApiError {}
/** 422 Invalid: the object failed validation (causes in status.details.causes) */
export class InvalidError extends ApiError {}
/** 429 TooManyRequests */
export class TooManyRequestsError extends ApiError {}
/** 500 InternalError */
export class InternalServerError extends ApiError {}
/** 503 ServiceUnavailable */
export class ServiceUnavailableError extends ApiError {}
/** 504 or reason Timeout: the server gave up */
export class ServerTimeoutError extends ApiError {}

type ApiErrorClass = new (statusCode: number, status: ApiStatus, method?: string, url?: string) => ApiError;

function classFor(code: number, reason: string): ApiErrorClass | undefined {
  switch (reason) {
    case 'AlreadyExists':
      return AlreadyExistsError;
    case 'Conflict':
      return ConflictError;
    case 'NotFound':
      return NotFoundError;
    case 'Forbidden':
      return ForbiddenError;
    case 'Unauthorized':
      return UnauthorizedError;
    case 'Invalid':
      return InvalidError;
    case 'Gone':
    case 'Expired':
      return GoneError;
    case 'Timeout':
      return ServerTimeoutError;
  }
  const byCode: Record<number, ApiErrorClass> = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    405: MethodNotAllowedError,
    409: ConflictError,
    410: GoneError,
    422: InvalidError,
    429: TooManyRequestsError,
    500: InternalServerError,
    503: ServiceUnavailableError,
    504: ServerTimeoutError,
  };
  return byCode[code];
}

/** The error as the library throws it: API errors become their typed subclass, the rest pass through. */
export function typedError(err: unknown): unknown {
  // kubectl words some server errors its own way (server-side apply conflicts): the library throws the server's
  const cause = err instanceof Error ? err.cause : undefined;
  if (!(err instanceof ApiError) && err instanceof Error && cause instanceof ApiError) return typedError(cause);
  if (!(err instanceof ApiError) || err.constructor !== ApiError) return err;
  const cls = classFor(err.statusCode, err.reason);
  if (!cls) return err;
  const typed = new cls(err.statusCode, err.status, err.method, err.url);
  typed.stack = err.stack;
  return typed;
}

/** Several objects failed (apply of many, format of several types): each error, typed, in input order. */
export class MultipleErrors extends AggregateError {
  constructor(errors: unknown[]) {
    super(errors, errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
    this.name = 'MultipleErrors';
  }
}

/**
 * Every error code a client of the gateway or of control can see, with its HTTP status and a
 * default human message. Clients branch on `error`; the message may change, the code may not.
 */
export const errorCatalogue = {
  bad_request: { status: 400, message: 'The request could not be understood.' },
  invalid_path: { status: 400, message: 'The path contains dot segments or encoded separators.' },
  invalid_path_parameter: { status: 400, message: 'A path parameter is not a positive integer.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  validation_failed: { status: 400, message: 'The request body failed validation.' },
  unauthorized: { status: 401, message: 'Authentication required' },
  admin_unauthorized: { status: 401, message: 'A valid admin token is required.' },
  not_found: { status: 404, message: 'No route matches this path.' },
  unknown_service: { status: 404, message: 'No upstream service has this name.' },
  method_not_allowed: { status: 405, message: 'This route does not accept this method.' },
  payload_too_large: { status: 413, message: 'The request body is larger than the gateway accepts.' },
  request_timeout: { status: 408, message: 'The request did not arrive in time.' },
  header_too_large: { status: 431, message: 'The request headers are larger than the gateway accepts.' },
  rate_limited: { status: 429, message: 'Too many requests.' },
  internal_error: {
    status: 500,
    message: 'The gateway failed unexpectedly. Quote the request id when reporting it.',
  },
  upstream_unavailable: { status: 502, message: 'The upstream service could not be reached.' },
  upstream_error: { status: 502, message: 'The upstream service answered with an error page.' },
  aggregate_failed: { status: 502, message: 'A required part of the aggregate failed.' },
  upstream_circuit_open: {
    status: 503,
    message: 'The upstream service is failing; the gateway is not calling it for now.',
  },
  auth_unavailable: {
    status: 503,
    message: 'The authentication service cannot confirm this session right now.',
  },
  not_ready: { status: 503, message: 'The gateway is starting or shutting down.' },
  redis_unavailable: { status: 503, message: 'Redis is not reachable.' },
  upstream_timeout: { status: 504, message: 'The upstream service did not answer in time.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: ErrorCode;
  message: string;
  [extra: string]: unknown;
}

/** The JSON body for a catalogued error; `extra` adds fields such as `retry_after` or `request_id`. */
export function errorBody(code: ErrorCode, extra?: Record<string, unknown>, message?: string): ErrorBody {
  return { error: code, message: message ?? errorCatalogue[code].message, ...extra };
}

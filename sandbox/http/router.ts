import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a sandbox route handler receives: the parsed request, nothing framework-specific. */
export interface SandboxRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  headers: IncomingMessage['headers'];
  cookies: Record<string, string>;
  /** Parsed JSON body; a missing or invalid body is `{}`, as in the Flask services (CONTRACT §7). */
  body: Record<string, unknown>;
  remoteAddress: string;
}

export interface SandboxResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string | string[]>;
}

export type SandboxHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: SandboxHandler;
}

/**
 * A minimal method + path router. Path segments written `:name` match digits only, like
 * Flask's `<int:name>` converters, so a non-integer id is a 404 as in Core.
 */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  on(method: string, path: string, handler: SandboxHandler): this {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '(\\d+)';
      })
      .join('/');
    this.#routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** Finds the handler; `methodMismatch` tells a 405 from a 404. */
  match(
    method: string,
    path: string,
  ): { handler?: SandboxHandler; params: Record<string, string>; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const route of this.#routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = found[i + 1];
      });
      return { handler: route.handler, params, methodMismatch: false };
    }
    return { params: {}, methodMismatch };
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !(name in cookies)) cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}

export async function readJsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

export function send(res: ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string | string[]> = { ...response.headers };
  let payload = '';
  if (response.body !== undefined && response.status !== 204) {
    payload = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    headers['content-type'] ??=
      typeof response.body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

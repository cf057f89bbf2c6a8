import { type IncomingHttpHeaders, request } from 'node:http';

export interface VerbatimRequest {
  method?: string;
  /** Sent exactly as written: no dot-segment removal or re-encoding, unlike `fetch` and `URL`. */
  path: string;
  headers?: Record<string, string | string[]>;
  /** A body with `Content-Length`, or chunks sent with `Transfer-Encoding: chunked`. */
  body?: Buffer | string;
  chunks?: Buffer[];
}

export interface VerbatimResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Header lines as received, for repeated headers such as `Set-Cookie`. */
  rawHeaders: string[];
  text: string;
  json: unknown;
}

/**
 * One HTTP/1.1 request on a fresh connection. Resolves with the answer even when the server
 * answers early and stops reading the body — the case the body limit tests need.
 */
export function sendVerbatim(baseUrl: string, spec: VerbatimRequest): Promise<VerbatimResponse> {
  const origin = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        method: spec.method ?? 'GET',
        path: spec.path,
        headers: spec.headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const received: Buffer[] = [];
        res.on('data', (chunk: Buffer) => received.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(received).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            text,
            json: parseJson(text),
          });
        });
        res.on('error', reject);
      },
    );
    // An early answer may reset the upload; the answer itself is what the caller waits for.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    req.on('close', () => {
      if (!answered) reject(new Error(`${spec.path}: connection closed without an answer`));
    });
    if (spec.chunks) {
      for (const chunk of spec.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(spec.body);
    }
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The values of one header as separate lines, e.g. every `Set-Cookie`. */
export function headerLines(rawHeaders: string[], name: string): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2)
    if (rawHeaders[i].toLowerCase() === name) lines.push(rawHeaders[i + 1]);
  return lines;
}

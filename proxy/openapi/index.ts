import { writeHead } from '../http/respond.js';
import type { Exchange } from '../pipeline/exchange.js';
import { buildDocsPage } from './docs-page.js';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from './document.js';

export type { OpenApiDocument, OpenApiOptions } from './document.js';

/** `/openapi.json` and `/docs`: both rendered once at start, then served as fixed bytes. */
export class ApiDocs {
  readonly document: OpenApiDocument;
  readonly #json: Buffer;
  readonly #page: Buffer;
  readonly #pagePolicy: string;

  constructor(options: OpenApiOptions) {
    this.document = buildOpenApiDocument(options);
    this.#json = Buffer.from(JSON.stringify(this.document));
    const page = buildDocsPage();
    this.#page = Buffer.from(page.html);
    this.#pagePolicy = page.contentSecurityPolicy;
  }

  serveDocument(ex: Exchange): void {
    writeHead(ex, 200, {
      'content-type': 'application/json',
      'content-length': this.#json.length,
      'cache-control': 'no-cache',
    });
    ex.res.end(this.#json);
  }

  servePage(ex: Exchange): void {
    writeHead(ex, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': this.#page.length,
      'content-security-policy': this.#pagePolicy,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    });
    ex.res.end(this.#page);
  }
}

import { isUtf8 } from 'node:buffer';
import type { IncomingHttpHeaders } from 'node:http';

/** An upstream (or assembled) answer held whole: what the cache stores and serves. */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A stored answer and its clock: fresh until `freshUntil`, usable on upstream errors for a while after. */
export interface CachedAnswer {
  answer: Answer;
  storedAt: number;
  freshUntil: number;
}

interface EntryMeta {
  status: number;
  contentType?: string;
  storedAt: number;
  freshUntil: number;
}

/** Bodies are stored as text; an answer that is not UTF-8 (none of Goalixa's JSON) is not stored. */
export function encodeEntry(answer: Answer, storedAt: number, ttlSeconds: number): string | undefined {
  if (!isUtf8(answer.body)) return undefined;
  const contentType = answer.headers['content-type'];
  const meta: EntryMeta = {
    status: answer.status,
    contentType,
    storedAt,
    freshUntil: storedAt + ttlSeconds * 1000,
  };
  // JSON.stringify never emits a raw newline, so the first one ends the metadata.
  return `${JSON.stringify(meta)}\n${answer.body.toString('utf8')}`;
}

/**
 * Recently decoded entries by their stored text: a hot entry is read many times between writes,
 * and decoding (JSON metadata, a body copy) is most of a hit's own work. Equal text decodes
 * equally, and answers are only ever read, so sharing one is safe. Small entries only, at most
 * 256 of them (a few MiB at worst).
 */
const decoded = new Map<string, CachedAnswer>();
const maxDecoded = 256;
const maxDecodedLength = 16_384;

export function decodeEntry(value: string): CachedAnswer | undefined {
  const known = decoded.get(value);
  if (known) return known;
  const entry = decodeText(value);
  if (entry && value.length <= maxDecodedLength) {
    if (decoded.size >= maxDecoded) decoded.clear();
    decoded.set(value, entry);
  }
  return entry;
}

function decodeText(value: string): CachedAnswer | undefined {
  const split = value.indexOf('\n');
  if (split < 0) return undefined;
  try {
    const meta = JSON.parse(value.slice(0, split)) as EntryMeta;
    const headers: IncomingHttpHeaders = meta.contentType ? { 'content-type': meta.contentType } : {};
    return {
      answer: { status: meta.status, headers, body: Buffer.from(value.slice(split + 1), 'utf8') },
      storedAt: meta.storedAt,
      freshUntil: meta.freshUntil,
    };
  } catch {
    return undefined;
  }
}

/** Only a plain 200 that sets no cookie and that the upstream allows to be kept (CONTRACT §4). */
export function isStorable(answer: Answer): boolean {
  if (answer.status !== 200 || answer.headers['set-cookie'] !== undefined) return false;
  const cacheControl = answer.headers['cache-control'];
  return !(typeof cacheControl === 'string' && /(^|[\s,])no-store($|[\s,;=])/i.test(cacheControl));
}

/** The cache name of a request: route and query with its parameters sorted, so order does not split entries. */
export function entryName(route: string, query: string): string {
  if (query === '') return `${route}:`;
  const params = new URLSearchParams(query);
  params.sort();
  return `${route}:${params.toString()}`;
}

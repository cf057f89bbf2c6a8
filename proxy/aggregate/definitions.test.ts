import { describe, expect, it } from 'vitest';
import { apiRoutes } from '../routes/table.js';
import { acceptedParams, aggregates, partQuery } from './definitions.js';
import { asJsonText, buildEnvelope, envelopeAnswer, type PartOutcome, statusOf } from './envelope.js';

const rows = asJsonText('{"rows": [1, 2]}')!;
const ok: PartOutcome = { ok: true, json: rows };
const failed: PartOutcome = { ok: false, error: { error: 'upstream_error', message: 'x', status: 500 } };

describe('aggregate definitions', () => {
  it('define every aggregate route of the table', () => {
    const routed = apiRoutes.flatMap((route) => (route.kind === 'aggregate' ? [route.aggregate] : []));
    expect(Object.keys(aggregates).sort()).toEqual(routed.sort());
  });

  it('give each part the cache entry of the single route it mirrors', () => {
    const cacheOf = new Map(
      apiRoutes.flatMap((route) =>
        route.kind === 'proxy' && route.cache ? [[route.upstream, route.cache]] : [],
      ),
    );
    for (const definition of Object.values(aggregates))
      for (const part of definition.parts)
        if (part.service === 'app_service') expect(part.cache, part.path).toBe(cacheOf.get(part.path));
  });

  it('pass each part only the query parameters it takes, in their order', () => {
    expect(partQuery('end=2&junk=1&start=1', ['start', 'end', 'group'])).toBe('end=2&start=1');
    expect(partQuery('end=2&junk=1', [])).toBe('');
    expect(partQuery('a=1&a=2', 'all')).toBe('a=1&a=2');
    expect(acceptedParams(aggregates.reports)).toEqual(['start', 'end', 'group']);
    expect(acceptedParams(aggregates['timer-dashboard'])).toBe('all');
  });
});

describe('aggregate envelope', () => {
  it('is success when all parts succeed, partial when an optional one fails, error otherwise', () => {
    const reports = aggregates.reports;
    expect(statusOf(reports, [ok, ok, ok])).toBe('success');
    expect(statusOf(reports, [ok, failed, ok])).toBe('partial');
    expect(statusOf(reports, [failed, ok, ok])).toBe('error');
    expect(statusOf(aggregates.dashboard, Array(6).fill(failed))).toBe('error');
  });

  it('holds null for a failed part and its error under its name', () => {
    const envelope = buildEnvelope(aggregates.planner, [ok, failed, ok]);
    expect(envelope.data).toEqual({ habits: rows, todos: null, goals: rows });
    expect(envelope.errors).toEqual({ todos: { error: 'upstream_error', message: 'x', status: 500 } });
  });

  it('is stored only when complete, and a failed one is a catalogued 502', () => {
    const complete = envelopeAnswer(buildEnvelope(aggregates.planner, [ok, ok, ok]));
    const partial = envelopeAnswer(buildEnvelope(aggregates.planner, [ok, failed, ok]));
    const error = envelopeAnswer(buildEnvelope(aggregates.planner, [failed, failed, failed]));
    expect(complete.headers['cache-control']).toBeUndefined();
    expect(partial.headers['cache-control']).toBe('no-store');
    expect(error.status).toBe(502);
    expect(JSON.parse(error.body.toString())).toMatchObject({ error: 'aggregate_failed', status: 'error' });
  });

  it('writes the JSON that JSON.stringify would, each part spliced in as its upstream wrote it', () => {
    const envelope = buildEnvelope(aggregates.planner, [ok, failed, ok]);
    const failedEnvelope = buildEnvelope(aggregates.planner, [failed, failed, failed]);
    const parsed = { ...envelope, data: { habits: { rows: [1, 2] }, todos: null, goals: { rows: [1, 2] } } };
    expect(envelopeAnswer(envelope).body.toString()).toBe(
      JSON.stringify(parsed).replace(/\{"rows":\[1,2\]\}/g, '{"rows": [1, 2]}'),
    );
    expect(Object.keys(JSON.parse(envelopeAnswer(failedEnvelope).body.toString()))).toEqual([
      'error',
      'message',
      'status',
      'data',
      'errors',
      'timestamp',
    ]);
  });

  it('takes JSON text of any kind as a part and refuses what is not JSON', () => {
    expect(asJsonText(' [1, "two", null] ')).toBe(' [1, "two", null] ');
    expect(asJsonText('"text"')).toBe('"text"');
    expect(asJsonText('<html>Internal Server Error</html>')).toBeUndefined();
    expect(asJsonText('')).toBeUndefined();
  });
});

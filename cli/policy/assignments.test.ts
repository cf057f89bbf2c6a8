import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../client/errors.js';
import { assignmentsToPatch } from './assignments.js';

describe('assignmentsToPatch', () => {
  it('nests dotted paths into one merge patch, values read as JSON when they parse', () => {
    expect(
      assignmentsToPatch([
        'rateLimits.default.limit=200',
        'rateLimits.enabled=false',
        'rateLimits.users.42={"limit":5,"periodSeconds":60}',
        'breakers.app_service.forced=OPEN',
        'cacheTtls.tasks=null',
      ]),
    ).toEqual({
      rateLimits: {
        default: { limit: 200 },
        enabled: false,
        users: { '42': { limit: 5, periodSeconds: 60 } },
      },
      breakers: { app_service: { forced: 'OPEN' } },
      cacheTtls: { tasks: null },
    });
  });

  it('keeps text that is not JSON as a string, including an empty value', () => {
    expect(assignmentsToPatch(['a.b=hello world', 'a.c='])).toEqual({ a: { b: 'hello world', c: '' } });
  });

  it('lets a later assignment below a path replace an earlier scalar there', () => {
    expect(assignmentsToPatch(['a.b=1', 'a.b.c=2'])).toEqual({ a: { b: { c: 2 } } });
  });

  it.each(['limit', '=5', 'a..b=1', 'a b=1', '.a=1'])('refuses %j as an input error', (text) => {
    expect(() => assignmentsToPatch([text])).toThrow(InvalidInputError);
  });
});

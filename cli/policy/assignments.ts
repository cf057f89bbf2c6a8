import type { Json } from '../../shared/policy/merge-patch.js';
import { InvalidInputError } from '../client/errors.js';

const assignment = /^([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)=(.*)$/s;

/** `200` → 200, `true` → true, `null` → null, `{"limit":5}` → object; anything else stays text. */
function parseValue(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/**
 * `ratelimit.default.limit=200 cacheTtls.tasks=30` → one RFC 7396 merge patch. A value of `null`
 * removes the key, so its default returns.
 */
export function assignmentsToPatch(assignments: readonly string[]): { [key: string]: Json } {
  const patch: { [key: string]: Json } = {};
  for (const text of assignments) {
    const match = assignment.exec(text);
    if (!match) {
      throw new InvalidInputError(
        `"${text}" is not an assignment; write path=value, e.g. rateLimits.default.limit=200.`,
      );
    }
    const keys = match[1].split('.');
    let node = patch;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
      node = node[key] as { [key: string]: Json };
    }
    node[keys[keys.length - 1]] = parseValue(match[2]);
  }
  return patch;
}

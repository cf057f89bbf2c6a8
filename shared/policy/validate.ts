import type { z } from 'zod';
import { type PolicySettings, policyMetaFields, policySettingsSchema } from './schema.js';

export interface FieldProblem {
  /** Dotted path of the field, e.g. `rateLimits.default.limit`; empty for the whole document. */
  path: string;
  reason: string;
}

export type PolicyValidation =
  | { ok: true; settings: PolicySettings }
  | { ok: false; problems: FieldProblem[] };

/** Every problem zod found, one per field, in the shape the admin API answers with. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    // An unknown key is reported on its parent; naming the key itself tells the operator more.
    if (issue.code === 'unrecognized_keys') {
      return { path: [...path, issue.keys.join(',')].join('.'), reason: 'unknown field' };
    }
    return { path: path.join('.'), reason: issue.message };
  });
}

/** Validates policy settings; the server-set fields of a fetched document are ignored. */
export function validatePolicySettings(input: unknown): PolicyValidation {
  const body =
    typeof input === 'object' && input !== null && !Array.isArray(input)
      ? Object.fromEntries(
          Object.entries(input).filter(([key]) => !(policyMetaFields as readonly string[]).includes(key)),
        )
      : input;
  const parsed = policySettingsSchema.safeParse(body);
  return parsed.success
    ? { ok: true, settings: parsed.data }
    : { ok: false, problems: fieldProblems(parsed.error) };
}

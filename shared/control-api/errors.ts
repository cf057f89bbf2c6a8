import { z } from 'zod';

/** Every error control answers with; `fields` lists each invalid field of a rejected body. */
export const controlErrorSchema = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
});
export type ControlError = z.output<typeof controlErrorSchema>;

export const controlHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  redis: z.enum(['up', 'down']),
  version: z.string(),
  policyVersion: z.int().nullable(),
});
export type ControlHealth = z.output<typeof controlHealthSchema>;

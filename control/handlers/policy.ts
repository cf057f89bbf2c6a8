import { type Json, mergePatch } from '../../shared/policy/merge-patch.js';
import type { PolicyDocument } from '../../shared/policy/schema.js';
import { validatePolicySettings } from '../../shared/policy/validate.js';
import { ControlHttpError } from '../http/json.js';
import type { HandlerResult, RequestContext } from '../http/router.js';
import type { PolicyStore, UpdateResult } from '../policy/store.js';

const settingsOf = ({ version: _v, updatedAt: _a, updatedBy: _b, ...settings }: PolicyDocument) => settings;

/** The answer to an accepted change (the new document), or 400 naming every invalid field. */
function answer(result: UpdateResult): HandlerResult {
  if (!result.ok) throw new ControlHttpError('validation_failed', { fields: result.problems });
  return { json: result.policy };
}

export function policyHandlers(store: PolicyStore) {
  return {
    get: async (): Promise<HandlerResult> => ({ json: await store.read() }),

    /** The whole document; parts left out take their defaults. */
    put: async (ctx: RequestContext): Promise<HandlerResult> => {
      const body = await ctx.body();
      return answer(await store.update(ctx.operator, () => validatePolicySettings(body)));
    },

    /** RFC 7396 merge onto the current document; `null` removes a key (restoring its default). */
    patch: async (ctx: RequestContext): Promise<HandlerResult> => {
      const body = await ctx.body();
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ControlHttpError('validation_failed', {
          fields: [{ path: '', reason: 'expected a JSON object (a merge patch)' }],
        });
      }
      return answer(
        await store.update(ctx.operator, (current) =>
          validatePolicySettings(mergePatch(settingsOf(current) as Json, body as Json)),
        ),
      );
    },
  };
}

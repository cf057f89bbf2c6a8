import { Flags } from '@oclif/core';
import type { CacheInvalidateResponse } from '../../../shared/control-api/index.js';
import { ControlCommand } from '../../base-command.js';
import { plural } from '../../format/plural.js';

export default class CacheInvalidate extends ControlCommand<typeof CacheInvalidate> {
  static override summary = 'Drop cached responses: every entry of one user, or the keys matching a glob.';
  static override description =
    "A user invalidation takes effect on every pod at once (the user's cache generation moves on); " +
    'a pattern is matched against cache keys below bff:cache:.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> --user 42',
    "<%= config.bin %> <%= command.id %> --pattern '*:tasks*'",
    '<%= config.bin %> <%= command.id %> --user 42 --json',
  ];
  static override flags = {
    user: Flags.string({ description: 'The user id whose entries go.', exactlyOne: ['user', 'pattern'] }),
    pattern: Flags.string({ description: 'A Redis glob over cache keys.', exactlyOne: ['user', 'pattern'] }),
  };

  async run(): Promise<CacheInvalidateResponse> {
    const { user, pattern } = this.flags;
    const result = await this.client.call('invalidateCache', {
      body: user === undefined ? { pattern } : { userId: user },
    });
    const entries = plural(result.deleted, 'cache entry', 'cache entries');
    this.log(`Invalidated ${entries} ${user === undefined ? `matching ${pattern}` : `of user ${user}`}.`);
    return result;
  }
}

import type { BreakerActionResponse } from '../../../shared/control-api/index.js';
import { BreakerActionCommand, ttlFlag } from '../../breaker-action.js';

export default class BreakersClose extends BreakerActionCommand<typeof BreakersClose> {
  static override summary = 'Force a breaker CLOSED on every pod.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> app_service',
    '<%= config.bin %> <%= command.id %> auth_service --ttl 10m',
    '<%= config.bin %> <%= command.id %> app_service --ttl 30s --json',
  ];
  static override flags = { ttl: ttlFlag };

  protected readonly action = 'close';

  async run(): Promise<BreakerActionResponse> {
    return this.act(this.flags.ttl);
  }
}

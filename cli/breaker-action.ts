import { Args, type Command, Flags } from '@oclif/core';
import type { BreakerAction, BreakerActionResponse } from '../shared/control-api/index.js';
import { serviceNames } from '../shared/domain/names.js';
import { ControlCommand } from './base-command.js';
import { forcedText } from './format/breakers.js';

/** What each action says it did, for the one line it prints. */
const outcome: Record<BreakerAction, (service: string, result: BreakerActionResponse) => string> = {
  open: (service, result) => `${service}: forced ${forcedText(result.breaker)} on every pod`,
  close: (service, result) => `${service}: forced ${forcedText(result.breaker)} on every pod`,
  reset: (service) => `${service}: override cleared and counters reset on every pod`,
};

/** `breakers open|close|reset <service>`: the three differ only in the action they post. */
export abstract class BreakerActionCommand<T extends typeof Command> extends ControlCommand<T> {
  static override args = {
    service: Args.string({
      description: `The upstream service (${serviceNames.join(', ')}).`,
      required: true,
    }),
  };

  protected abstract readonly action: BreakerAction;

  protected async act(ttl?: string): Promise<BreakerActionResponse> {
    const ttlSeconds =
      ttl === undefined ? undefined : Math.max(1, Math.round(this.duration('ttl', ttl) / 1000));
    const { service } = this.args as { service: string };
    const result = await this.client.call('breakerAction', {
      params: { service, action: this.action },
      body: ttlSeconds === undefined ? {} : { ttlSeconds },
    });
    this.log(`${outcome[this.action](service, result)} (policy v${result.policyVersion})`);
    return result;
  }
}

export const ttlFlag = Flags.string({
  description:
    'How long the forced state holds before it lapses by itself (30s, 10m, 1h); default: until reset.',
});

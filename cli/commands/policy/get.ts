import type { PolicyDocument } from '../../../shared/policy/schema.js';
import { ControlCommand } from '../../base-command.js';

export default class PolicyGet extends ControlCommand<typeof PolicyGet> {
  static override summary = 'Print the live policy document: rate limits, breaker settings, cache TTLs.';
  static override description =
    'The --json output is valid input for `policy set --file`; version 0 means the built-in defaults.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json > policy.json',
  ];

  async run(): Promise<PolicyDocument> {
    const policy = await this.client.call('getPolicy');
    const { version, updatedAt, updatedBy, ...settings } = policy;
    this.log(
      `# version ${version}${updatedAt ? `, updated ${updatedAt} by ${updatedBy ?? 'unknown'}` : ' (defaults)'}`,
    );
    this.log(JSON.stringify(settings, null, 2));
    return policy;
  }
}

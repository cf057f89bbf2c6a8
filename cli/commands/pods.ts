import type { PodsResponse } from '../../shared/control-api/index.js';
import { ControlCommand } from '../base-command.js';
import { colourEnabled } from '../format/colour.js';
import { podsTable } from '../format/pods.js';

export default class Pods extends ControlCommand<typeof Pods> {
  static override summary = 'List live proxy pods: heartbeat age, policy version applied, Redis, breakers.';
  static override description =
    'A pod is live while its heartbeat key exists; one that stops beating drops out after a few missed beats.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  async run(): Promise<PodsResponse> {
    const pods = await this.client.call('pods');
    this.log(pods.pods.length === 0 ? 'No live pods.' : podsTable(pods, colourEnabled()));
    return pods;
  }
}

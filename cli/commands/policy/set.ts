import { Flags } from '@oclif/core';
import { type PolicyDocument, policyMetaFields } from '../../../shared/policy/schema.js';
import { ControlCommand } from '../../base-command.js';
import { InvalidInputError } from '../../client/errors.js';
import { assignmentsToPatch } from '../../policy/assignments.js';
import { type Change, diffJson, formatChange } from '../../policy/diff.js';
import { readJsonFile } from '../../policy/read-file.js';

export interface PolicySetResult {
  previousVersion: number;
  version: number;
  changes: Change[];
  policy: PolicyDocument;
}

export default class PolicySet extends ControlCommand<typeof PolicySet> {
  static override summary =
    'Change the live policy: a whole document from a file, or path=value assignments.';
  static override description =
    'Assignments become one JSON merge patch; values are read as JSON when they parse (200, true, ' +
    '{"limit":5,"periodSeconds":60}), else as text; path=null removes a key so its default returns. ' +
    'A file replaces the whole document (parts left out take their defaults). Prints what changed and the ' +
    'new version; an invalid field is named with its reason and nothing changes.';
  static override examples = [
    '<%= config.bin %> <%= command.id %> rateLimits.default.limit=200',
    '<%= config.bin %> <%= command.id %> rateLimits.users.42=\'{"limit":1000,"periodSeconds":60}\' cacheTtls.tasks=30',
    '<%= config.bin %> <%= command.id %> breakers.app_service.failureThreshold=null',
    '<%= config.bin %> <%= command.id %> --file policy.json',
  ];
  static override strict = false;
  static override flags = {
    file: Flags.string({
      char: 'f',
      description: 'A policy document (JSON) to put in place of the live one; - reads stdin.',
    }),
  };

  async run(): Promise<PolicySetResult> {
    const assignments = this.positionals;
    if ((this.flags.file === undefined) === (assignments.length === 0)) {
      throw new InvalidInputError(
        'Give either --file <policy.json> or path=value assignments, not both or neither.',
      );
    }
    const before = await this.client.call('getPolicy');
    const policy =
      this.flags.file === undefined
        ? await this.client.call('patchPolicy', { body: assignmentsToPatch(assignments) })
        : await this.client.call('putPolicy', { body: await readJsonFile(this.flags.file) });
    const changes = diffJson(before, policy, policyMetaFields);
    this.log(changes.length === 0 ? 'No setting changed.' : changes.map(formatChange).join('\n'));
    this.log(`Policy version ${policy.version} (was ${before.version}).`);
    return { previousVersion: before.version, version: policy.version, changes, policy };
  }
}

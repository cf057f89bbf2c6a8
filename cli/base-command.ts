import { userInfo } from 'node:os';
import { Command, Flags, type Interfaces } from '@oclif/core';
import { ControlClient } from './client/control-client.js';
import { ControlClientError, InvalidInputError } from './client/errors.js';
import { parseDuration } from './format/duration.js';

export type CommandFlags<T extends typeof Command> = Interfaces.InferredFlags<
  (typeof ControlCommand)['baseFlags'] & T['flags']
>;
export type CommandArgs<T extends typeof Command> = Interfaces.InferredArgs<T['args']>;

export const defaultControlUrl = 'http://127.0.0.1:8100';

/** Who is changing things, for the policy's `updatedBy`; control accepts `[\w.@:-]{1,64}`. */
function operatorName(): string | undefined {
  try {
    const name = userInfo()
      .username.replace(/[^\w.@:-]/g, '_')
      .slice(0, 60);
    return name ? `cli:${name}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every command talks to control: the connection flags, `--json`, and one error path that turns
 * any failure into a sentence on stderr and an exit code, never a stack trace.
 */
export abstract class ControlCommand<T extends typeof Command> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    'control-url': Flags.string({
      description: 'Base URL of the control process.',
      env: 'GOALIXA_BFF_CONTROL_URL',
      default: defaultControlUrl,
      helpGroup: 'CONTROL',
    }),
    token: Flags.string({
      description: "Control's admin token (CONTROL_ADMIN_TOKEN).",
      env: 'GOALIXA_BFF_TOKEN',
      helpGroup: 'CONTROL',
    }),
  };

  protected flags!: CommandFlags<T>;
  protected args!: CommandArgs<T>;
  /** Arguments beyond the declared ones, for commands that take a list (`static strict = false`). */
  protected positionals: string[] = [];
  protected client!: ControlClient;

  override async init(): Promise<void> {
    await super.init();
    const { args, argv, flags } = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (super.ctor as typeof ControlCommand).baseFlags,
      enableJsonFlag: this.ctor.enableJsonFlag,
      args: this.ctor.args,
      strict: this.ctor.strict,
    });
    this.flags = flags as CommandFlags<T>;
    this.args = args as CommandArgs<T>;
    this.positionals = argv.map(String);
    this.client = new ControlClient({
      controlUrl: this.flags['control-url'],
      token: this.flags.token,
      operator: operatorName(),
    });
  }

  /** Milliseconds of a duration flag, or an input error naming the flag. */
  protected duration(flag: string, text: string): number {
    const ms = parseDuration(text);
    if (ms === undefined || ms <= 0) {
      throw new InvalidInputError(`--${flag} "${text}" is not a duration; write e.g. 30s, 10m or 1h.`);
    }
    return ms;
  }

  protected override async catch(error: Error & { oclif?: { exit?: number } }): Promise<unknown> {
    // oclif's own errors (unknown flag, missing argument) already read well and carry usage help.
    if (error.oclif) return super.catch(error);
    const known = error instanceof ControlClientError;
    const lines = known ? [error.message, ...error.details()] : [`Unexpected failure: ${error.message}`];
    process.stderr.write(`${lines.join('\n')}\n`);
    this.exit(known ? error.exitCode : 1);
  }
}

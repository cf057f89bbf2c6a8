import type { FieldProblem } from '../../shared/policy/validate.js';

/**
 * Everything that can go wrong talking to control, each with the one sentence an operator reads
 * and a distinct exit code, so scripts can tell "control is down" from "my input was wrong".
 */
export abstract class ControlClientError extends Error {
  abstract readonly exitCode: number;
  /** Extra lines under the sentence (e.g. one per invalid field). */
  details(): string[] {
    return [];
  }
}

/** Control rejected the input; each field with its reason. */
export class InvalidInputError extends ControlClientError {
  readonly exitCode = 1;
  constructor(
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
  override details(): string[] {
    return this.fields.map((field) => `  ${field.path || '(document)'}: ${field.reason}`);
  }
}

export class ControlUnreachableError extends ControlClientError {
  readonly exitCode = 3;
  constructor(controlUrl: string, reason: string) {
    super(`Cannot reach control at ${controlUrl} (${reason}); is it running, or is the port-forward up?`);
  }
}

export class UnauthorizedError extends ControlClientError {
  readonly exitCode = 4;
  constructor(tokenGiven: boolean) {
    super(
      tokenGiven
        ? 'Control rejected the admin token (401); check --token or GOALIXA_BFF_TOKEN against CONTROL_ADMIN_TOKEN.'
        : 'Control needs an admin token (401); pass --token or set GOALIXA_BFF_TOKEN.',
    );
  }
}

export class NotFoundError extends ControlClientError {
  readonly exitCode = 5;
}

/** Control answered, but not usefully: a 5xx, or a body this CLI version does not understand. */
export class ControlFailureError extends ControlClientError {
  readonly exitCode = 6;
}

import { execFileSync } from 'node:child_process';

/**
 * Whether a load generator or tool can be run here: `command <versionArgs>` started and exited
 * with one of `okStatuses` (wrk prints its version and exits 1).
 */
export function installed(
  command: string,
  okStatuses: readonly number[] = [0],
  versionArgs: readonly string[] = ['--version'],
): boolean {
  try {
    execFileSync(command, versionArgs, { stdio: 'ignore' });
    return true;
  } catch (error) {
    const status = (error as { status?: number | null }).status;
    return typeof status === 'number' && okStatuses.includes(status);
  }
}

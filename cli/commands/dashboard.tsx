import { ControlCommand } from '../base-command.js';
import { fetchSnapshot, type Snapshot } from '../dashboard/snapshot.js';

/** The alternate screen buffer: the dashboard takes the whole terminal and gives it back on exit. */
const enterFullScreen = '\u001b[?1049h\u001b[H';
const leaveFullScreen = '\u001b[?1049l';

export default class Dashboard extends ControlCommand<typeof Dashboard> {
  static override summary =
    'A live full-screen view of breakers, traffic and pods that refreshes every second.';
  static override description =
    'Keys: ↑/↓ select a breaker; o, c, r open, close or reset it on every pod (asks y/n first); ' +
    "i asks for a user id and invalidates that user's cache; q quits. When control goes away the " +
    'last data stays on screen marked "disconnected" and the dashboard keeps retrying. ' +
    'With --json it prints one snapshot and exits.';
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    'kubectl port-forward svc/goalixa-bff-control 8100 & <%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  async run(): Promise<Snapshot | undefined> {
    if (this.jsonEnabled()) return fetchSnapshot(this.client);
    // Loaded here, not at the top, so other commands do not pay for React and ink at start-up.
    const [{ render }, { Dashboard: DashboardView }] = await Promise.all([
      import('ink'),
      import('../dashboard/app.js'),
    ]);
    const fullScreen = Boolean(process.stdout.isTTY);
    if (fullScreen) process.stdout.write(enterFullScreen);
    try {
      await render(<DashboardView client={this.client} />, { exitOnCtrlC: true }).waitUntilExit();
    } finally {
      if (fullScreen) process.stdout.write(leaveFullScreen);
    }
    return undefined;
  }
}

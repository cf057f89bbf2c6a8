/**
 * The answer every stub and peer sends: a JSON task list of about 2.2 KB, built once, so each
 * server in the benchmark writes exactly the same bytes.
 */
function taskList(): Buffer {
  const tasks = Array.from({ length: 16 }, (_, i) => ({
    id: i + 1,
    name: `Task number ${i + 1} of the benchmark list`,
    project_id: (i % 3) + 1,
    status: i % 4 === 0 ? 'done' : 'open',
    priority: i % 5,
    created_at: '2026-01-15T09:30:00Z',
  }));
  return Buffer.from(JSON.stringify({ tasks, done_today_tasks: [], completed_tasks: [] }));
}

export const payload = taskList();

export const payloadHeaders = {
  'content-type': 'application/json',
  'content-length': String(payload.length),
};

/** The line a peer prints on stdout once it listens; the bench reads the port from it. */
export function announceReady(port: number): void {
  process.stdout.write(`${JSON.stringify({ ready: port })}\n`);
}

import { afterEach, describe, expect, it } from 'vitest';
import { get, password, post, registered, start, stopRunning } from './test-support.js';

afterEach(stopRunning);

describe('sandbox Auth: sessions', () => {
  it('lists active sessions newest first with is_current only for the caller, and revokes others', async () => {
    const auth = await start();
    const a = await registered(auth);
    const b = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const list = await get(`${auth.url}/api/sessions`, b.cookies);
    expect(list.status).toBe(200);
    const sessions = list.body.sessions as Array<Record<string, unknown>>;
    expect(sessions.map((s) => [s.id, s.is_current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(sessions[0]).toMatchObject({
      device_type: 'desktop',
      device: expect.stringMatching(/\(desktop\)$/),
    });

    const own = await post(`${auth.url}/api/sessions/2/revoke`, {}, b.cookies);
    expect(own).toMatchObject({
      status: 400,
      body: { error: 'Cannot revoke current session. Use /api/logout instead.' },
    });
    const other = await post(`${auth.url}/api/sessions/1/revoke`, {}, b.cookies);
    expect(other.body).toEqual({ success: true, message: 'Session revoked successfully.' });
    const twice = await post(`${auth.url}/api/sessions/1/revoke`, {}, b.cookies);
    expect(twice).toMatchObject({ status: 400, body: { error: 'Session already revoked.' } });
    const missing = await post(`${auth.url}/api/sessions/99/revoke`, {}, b.cookies);
    expect(missing).toMatchObject({ status: 404, body: { error: 'Session not found.' } });
    expect((await post(`${auth.url}/api/refresh`, {}, a.cookies)).status).toBe(401);
  });

  it('revokes every other session with revoke-all and reports the count', async () => {
    const auth = await start();
    await registered(auth);
    await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const current = await post(`${auth.url}/api/login`, { email: 'ada@example.com', password });
    const all = await post(`${auth.url}/api/sessions/revoke-all`, {}, current.cookies);
    expect(all.body).toEqual({ success: true, message: 'Revoked 2 session(s).', revoked_count: 2 });
    const list = await get(`${auth.url}/api/sessions`, current.cookies);
    expect((list.body.sessions as unknown[]).length).toBe(1);
  });

  it('answers 401 without a session', async () => {
    const auth = await start();
    const list = await get(`${auth.url}/api/sessions`);
    expect(list).toMatchObject({ status: 401, body: { success: false, error: 'Authentication required.' } });
  });
});

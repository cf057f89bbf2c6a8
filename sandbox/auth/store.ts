import { randomBytes } from 'node:crypto';
import type { DeviceInfo } from './client.js';

/** CONTRACT §7.1.4 User. */
export interface User {
  id: number;
  email: string;
  passwordHash: string;
  active: boolean;
  emailVerified: boolean;
  createdAt: Date;
}

/** CONTRACT §7.1.4 RefreshToken: one row per session; `jti` is the refresh JWT's `jti`. */
export interface Session extends DeviceInfo {
  id: number;
  jti: string;
  userId: number;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  replacedBy: string | null;
}

/** Password-reset and email-verification tokens: 32 hex characters, single use. */
export interface OneTimeToken {
  token: string;
  userId: number;
  expiresAt: Date;
  usedAt: Date | null;
}

/** AUTH_MAX_TOKENS_PER_USER's default. */
export const MAX_ACTIVE_SESSIONS = 5;

export function isActive(session: Session, now: Date): boolean {
  return session.revokedAt === null && session.expiresAt > now;
}

/** In-memory replacement for Auth's database; ids are sequential integers like the SQL rows. */
export class AuthStore {
  readonly #users = new Map<number, User>();
  readonly #sessions = new Map<number, Session>();
  readonly resetTokens = new Map<string, OneTimeToken>();
  readonly verificationTokens = new Map<string, OneTimeToken>();
  #nextUserId = 1;
  #nextSessionId = 1;

  addUser(email: string, passwordHash: string, emailVerified: boolean): User {
    const user: User = {
      id: this.#nextUserId++,
      email,
      passwordHash,
      active: true,
      emailVerified,
      createdAt: new Date(),
    };
    this.#users.set(user.id, user);
    return user;
  }

  userById(id: number): User | undefined {
    return this.#users.get(id);
  }

  userByEmail(email: string): User | undefined {
    for (const user of this.#users.values()) if (user.email === email) return user;
    return undefined;
  }

  sessionById(id: number): Session | undefined {
    return this.#sessions.get(id);
  }

  sessionByJti(jti: string): Session | undefined {
    for (const session of this.#sessions.values()) if (session.jti === jti) return session;
    return undefined;
  }

  /** Active sessions of a user, newest first (the order `/api/sessions` lists them in). */
  activeSessions(userId: number, now = new Date()): Session[] {
    return [...this.#sessions.values()]
      .filter((session) => session.userId === userId && isActive(session, now))
      .sort((a, b) => b.id - a.id);
  }

  /** Like Auth at login: revoke the oldest until there is room, then add the new one. */
  addSession(fields: Omit<Session, 'id' | 'revokedAt' | 'replacedBy' | 'lastSeenAt'>): Session {
    const active = this.activeSessions(fields.userId, fields.createdAt);
    for (const old of active.slice(MAX_ACTIVE_SESSIONS - 1)) old.revokedAt = fields.createdAt;
    const session: Session = {
      ...fields,
      id: this.#nextSessionId++,
      lastSeenAt: fields.createdAt,
      revokedAt: null,
      replacedBy: null,
    };
    this.#sessions.set(session.id, session);
    return session;
  }

  /** Revokes every active session of the user except `keepJti`; returns how many were revoked. */
  revokeSessions(userId: number, keepJti?: string): number {
    const now = new Date();
    const victims = this.activeSessions(userId, now).filter((session) => session.jti !== keepJti);
    for (const session of victims) session.revokedAt = now;
    return victims.length;
  }

  createOneTimeToken(kind: Map<string, OneTimeToken>, userId: number, ttlSeconds: number): OneTimeToken {
    const token: OneTimeToken = {
      token: randomBytes(16).toString('hex'),
      userId,
      expiresAt: new Date(Date.now() + ttlSeconds * 1000),
      usedAt: null,
    };
    kind.set(token.token, token);
    return token;
  }
}

export function isUsable(token: OneTimeToken, now = new Date()): boolean {
  return token.usedAt === null && token.expiresAt > now;
}

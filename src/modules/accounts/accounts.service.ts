import { APIError } from 'better-auth/api';
import { fromNodeHeaders } from 'better-auth/node';
import { count, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Auth } from '../../platform/auth';
import type { Db } from '../../platform/db/app-db';
import { user as userTable } from '../../platform/db/schema';
import { AppError } from '../../platform/http/errors';
import type { SignedInUser } from '../../platform/http/principal';
import { LoginThrottle } from './login-throttle';

export type Locale = 'en' | 'zh-CN';

interface AuthUser {
  id: string;
  name: string;
  email: string;
  locale?: string | null;
}

export const presentUser = (u: AuthUser) => ({
  id: u.id,
  name: u.name,
  email: u.email,
  locale: (u.locale === 'zh-CN' ? 'zh-CN' : 'en') as Locale,
});

/** What a successful sign-in or sign-up hands back: the user and the cookies to set. */
export interface SignedIn {
  user: ReturnType<typeof presentUser>;
  setCookie: string[];
}

/** Identity: people, their passwords and sessions. Knows nothing about workspaces. */
export class AccountsService {
  readonly throttle: LoginThrottle;

  constructor(
    private readonly auth: Auth,
    private readonly db: Db,
    maxLoginFailuresPerMinute: number,
  ) {
    this.throttle = new LoginThrottle(maxLoginFailuresPerMinute);
  }

  async countUsers() {
    const [row] = await this.db.select({ n: count() }).from(userTable);
    return row.n;
  }

  async findUserByEmail(email: string) {
    const [row] = await this.db.select().from(userTable).where(eq(userTable.email, email.toLowerCase()));
    return row ?? null;
  }

  async deleteUser(id: string) {
    await this.db.delete(userTable).where(eq(userTable.id, id));
  }

  /** Creates a person with a password and signs them in (the cookies are for the caller to set). */
  async createUser(input: {
    name: string;
    email: string;
    password: string;
    locale?: Locale;
  }): Promise<SignedIn> {
    try {
      const { headers, response } = await this.auth.api.signUpEmail({
        body: {
          name: input.name,
          email: input.email,
          password: input.password,
          locale: input.locale ?? 'en',
        },
        returnHeaders: true,
      });
      return { user: presentUser(response.user as AuthUser), setCookie: headers.getSetCookie() };
    } catch (err) {
      throw mapAuthError(err);
    }
  }

  async signIn(email: string, password: string, ip: string): Promise<SignedIn> {
    const wait = this.throttle.retryAfter(ip);
    if (wait > 0) {
      throw new AppError(
        429,
        'rate_limited',
        `Too many failed sign-ins from your address; try again in ${wait} s.`,
      );
    }
    try {
      const { headers, response } = await this.auth.api.signInEmail({
        body: { email, password, rememberMe: true },
        returnHeaders: true,
      });
      return { user: presentUser(response.user as AuthUser), setCookie: headers.getSetCookie() };
    } catch (err) {
      const mapped = mapAuthError(err);
      if (mapped.status === 401 || mapped.status === 400) {
        this.throttle.recordFailure(ip);
        throw new AppError(401, 'invalid_credentials', 'The email or password is wrong.');
      }
      throw mapped;
    }
  }

  async resolveSession(request: FastifyRequest) {
    if (!request.headers.cookie) return null;
    const { headers, response } = await this.auth.api.getSession({
      headers: fromNodeHeaders(request.headers),
      returnHeaders: true,
    });
    if (!response) return null;
    const user: SignedInUser = presentUser(response.user as AuthUser);
    return { user, sessionToken: response.session.token, setCookie: headers.getSetCookie() };
  }

  async signOut(request: FastifyRequest) {
    const { headers } = await this.auth.api.signOut({
      headers: fromNodeHeaders(request.headers),
      returnHeaders: true,
    });
    return headers.getSetCookie();
  }

  async changePassword(request: FastifyRequest, currentPassword: string, newPassword: string) {
    try {
      const { headers } = await this.auth.api.changePassword({
        body: { currentPassword, newPassword, revokeOtherSessions: true },
        headers: fromNodeHeaders(request.headers),
        returnHeaders: true,
      });
      return headers.getSetCookie();
    } catch (err) {
      const mapped = mapAuthError(err);
      if (mapped.code === 'invalid_password') {
        throw new AppError(400, 'wrong_password', 'The current password is wrong.', 'currentPassword');
      }
      throw mapped;
    }
  }

  async updateProfile(userId: string, patch: { name?: string; locale?: Locale }) {
    const [row] = await this.db
      .update(userTable)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(userTable.id, userId))
      .returning();
    return presentUser(row);
  }
}

/** Turns better-auth's errors into Marketloop's error shape. */
export function mapAuthError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof APIError) {
    const code = String(err.body?.code ?? err.status).toLowerCase();
    if (code === 'user_already_exists' || code === 'user_already_exists_use_another_email') {
      return new AppError(409, 'email_taken', 'An account with this email already exists.', 'email');
    }
    if (code === 'password_too_short' || code === 'password_too_long') {
      return new AppError(400, 'validation_failed', 'password: must be 10 to 256 characters', 'password');
    }
    return new AppError(err.statusCode, code, err.body?.message ?? err.message);
  }
  throw err;
}

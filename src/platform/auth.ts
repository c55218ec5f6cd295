import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import type { Config } from './config';
import type { Db } from './db/app-db';
import { schema } from './db/schema';

export const SESSION_COOKIE_PREFIX = 'ml';
export const SESSION_DAYS = 30;

// OWASP's argon2id baseline (19 MiB, 2 passes); @node-rs/argon2 ships prebuilt binaries, no install script.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2Hash(password, ARGON2_OPTIONS);

/**
 * better-auth owns identity: users, credential accounts, sessions and their signed cookies.
 * Its HTTP handler is not mounted; the accounts context calls `auth.api` server-side so that
 * sign-up stays closed (first-run setup and invitations only) and errors keep Marketloop's shape.
 */
export function createAuth(db: Db, config: Config) {
  return betterAuth({
    appName: 'Marketloop',
    baseURL: config.publicUrl,
    basePath: '/api/auth',
    secret: config.secret,
    database: drizzleAdapter(db, { provider: 'pg', schema }),
    telemetry: { enabled: false },
    rateLimit: { enabled: false }, // login throttling lives in the accounts context, counting failures only
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      autoSignIn: true,
      password: {
        hash: hashPassword,
        verify: ({ hash, password }) => argon2Verify(hash, password),
      },
    },
    user: {
      additionalFields: {
        locale: { type: 'string', required: false, defaultValue: 'en', input: true },
      },
    },
    session: {
      expiresIn: 60 * 60 * 24 * SESSION_DAYS,
      updateAge: 60 * 60 * 24,
    },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      useSecureCookies: config.secureCookies,
      database: { generateId: 'uuid' },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

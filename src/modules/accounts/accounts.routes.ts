import { z } from 'zod';
import { issueCsrfCookie, requireUser } from '../../platform/http/principal';
import type { ZodApp } from '../../platform/http/zod-app';
import {
  changePasswordBodySchema,
  signInBodySchema,
  updateMeBodySchema,
  userSchema,
} from '../../shared/contracts/accounts';
import { errorSchema } from '../../shared/contracts/common';
import type { AccountsService } from './accounts.service';

const tags = ['Session and account'];

export function accountsRoutes(app: ZodApp, deps: { accounts: AccountsService; secureCookies: boolean }) {
  const { accounts } = deps;

  app.post(
    '/api/session',
    {
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description: 'Sets the session cookie. The 11th failed try within a minute from one IP gets 429.',
        body: signInBodySchema,
        response: { 200: z.object({ user: userSchema }), 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const signedIn = await accounts.signIn(request.body.email, request.body.password, request.ip);
      for (const c of signedIn.setCookie) reply.header('set-cookie', c);
      issueCsrfCookie(reply, deps.secureCookies);
      return { user: signedIn.user };
    },
  );

  app.delete('/api/session', { schema: { tags, summary: 'Sign out' } }, async (request, reply) => {
    requireUser(request);
    for (const c of await accounts.signOut(request)) reply.header('set-cookie', c);
    return reply.status(204).send();
  });

  app.patch(
    '/api/me',
    {
      schema: {
        tags,
        summary: 'Update your name or language',
        body: updateMeBodySchema,
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (request) => {
      const { user } = requireUser(request);
      return { user: await accounts.updateProfile(user.id, request.body) };
    },
  );

  app.post(
    '/api/me/password',
    {
      schema: {
        tags,
        summary: 'Change your password',
        description: 'Signs out your other sessions.',
        body: changePasswordBodySchema,
        response: { 204: z.null(), 400: errorSchema },
      },
    },
    async (request, reply) => {
      requireUser(request);
      const cookies = await accounts.changePassword(
        request,
        request.body.currentPassword,
        request.body.newPassword,
      );
      for (const c of cookies) reply.header('set-cookie', c);
      return reply.status(204).send(null);
    },
  );
}

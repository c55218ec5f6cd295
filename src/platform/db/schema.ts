import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// One schema for PGlite and PostgreSQL. Column names are snake_case via drizzle's `casing` option.
// The first seven tables are better-auth's models (user, session, account, verification and the
// organization plugin's organization/member/invitation, which Marketloop calls workspaces).

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

export const user = pgTable('users', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  email: text().notNull().unique(),
  emailVerified: boolean().notNull().default(false),
  image: text(),
  locale: text().notNull().default('en'),
  ...timestamps,
});

export const session = pgTable(
  'sessions',
  {
    id: uuid().primaryKey().defaultRandom(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    token: text().notNull().unique(),
    ipAddress: text(),
    userAgent: text(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    activeOrganizationId: text(),
    ...timestamps,
  },
  (t) => [index().on(t.userId)],
);

export const account = pgTable(
  'accounts',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: text().notNull(),
    providerId: text().notNull(),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text(),
    refreshToken: text(),
    idToken: text(),
    accessTokenExpiresAt: timestamp({ withTimezone: true }),
    refreshTokenExpiresAt: timestamp({ withTimezone: true }),
    scope: text(),
    password: text(),
    ...timestamps,
  },
  (t) => [index().on(t.userId)],
);

export const verification = pgTable('verifications', {
  id: uuid().primaryKey().defaultRandom(),
  identifier: text().notNull(),
  value: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  ...timestamps,
});

export const organization = pgTable('workspaces', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  slug: text().notNull().unique(),
  logo: text(),
  metadata: text(),
  kind: text().notNull().default('company'),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const member = pgTable(
  'members',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.organizationId, t.userId), index().on(t.userId)],
);

export const invitation = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organizationId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: text(),
    status: text().notNull().default('pending'),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    inviterId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.organizationId)],
);

export const apiKey = pgTable(
  'api_keys',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    prefix: text().notNull(),
    role: text().notNull().default('editor'),
    // sha256 of the key: keys are 256-bit random, so a slow hash adds nothing but latency per request.
    keyHash: text().notNull().unique(),
    createdById: uuid().references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.workspaceId)],
);

export const company = pgTable(
  'companies',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    industry: text(),
    website: text(),
    country: text(),
    description: text(),
    ...timestamps,
  },
  (t) => [index().on(t.workspaceId, t.name)],
);

// Plans: the working document lives on the plan row; snapshots in plan_versions. `revision` is the
// optimistic-concurrency counter (every save), `version` the human version number (frozen on approval).
export const plan = pgTable(
  'plans',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    companyId: uuid().references(() => company.id, { onDelete: 'set null' }),
    title: text().notNull(),
    language: text().notNull(),
    status: text().notNull().default('draft'),
    version: integer().notNull().default(1),
    revision: integer().notNull().default(1),
    document: jsonb().notNull(),
    approvedVersion: integer(),
    approvedAt: timestamp({ withTimezone: true }),
    approvedById: uuid().references(() => user.id, { onDelete: 'set null' }),
    createdById: uuid().references(() => user.id, { onDelete: 'set null' }),
    updatedById: uuid().references(() => user.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [index().on(t.workspaceId, t.updatedAt)],
);

export const planVersion = pgTable(
  'plan_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plan.id, { onDelete: 'cascade' }),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    status: text().notNull(),
    frozen: boolean().notNull().default(false),
    note: text(),
    document: jsonb().notNull(),
    createdById: uuid().references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.planId, t.version)],
);

export const planComment = pgTable(
  'plan_comments',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => plan.id, { onDelete: 'cascade' }),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    section: text().notNull(),
    body: text().notNull(),
    authorId: uuid().references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId, t.createdAt)],
);

// A workspace's own default rates per promotion channel, as overrides of the benchmark catalog.
export const channelRate = pgTable(
  'channel_rates',
  {
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    channel: text().notNull(),
    rates: jsonb().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channel] })],
);

// A tracked website. `hostnames` is the allow-list (exact or `*.example.com`; empty allows all).
// `publicToken` is the secret of the read-only public dashboard link, null when none is shared.
export const site = pgTable(
  'sites',
  {
    id: uuid().primaryKey().defaultRandom(),
    workspaceId: uuid()
      .notNull()
      .references(() => organization.id, { onDelete: 'cascade' }),
    companyId: uuid().references(() => company.id, { onDelete: 'set null' }),
    name: text().notNull(),
    hostnames: jsonb().$type<string[]>().notNull().default([]),
    publicToken: text().unique(),
    ...timestamps,
  },
  (t) => [index().on(t.workspaceId, t.name)],
);

// A conversion goal of a site: a page path pattern (`/thanks`, `/blog/*`) or a custom event name.
export const siteGoal = pgTable(
  'site_goals',
  {
    id: uuid().primaryKey().defaultRandom(),
    siteId: uuid()
      .notNull()
      .references(() => site.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    kind: text().$type<'page' | 'event'>().notNull(),
    match: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.siteId, t.kind, t.match)],
);

// A saved funnel: 2-8 ordered steps, each `{kind: 'page' | 'event', match}`.
export const siteFunnel = pgTable(
  'site_funnels',
  {
    id: uuid().primaryKey().defaultRandom(),
    siteId: uuid()
      .notNull()
      .references(() => site.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    steps: jsonb().$type<{ kind: 'page' | 'event'; match: string }[]>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.siteId)],
);

// The visitor-hash salt of one UTC day; rows older than yesterday are deleted when a day starts.
export const dailySalt = pgTable('daily_salts', {
  day: text().primaryKey(),
  salt: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

// A workspace's own channel-grouping rules and extra referrer hosts (checked before the defaults).
export const channelRuleSet = pgTable('channel_rule_sets', {
  workspaceId: uuid()
    .primaryKey()
    .references(() => organization.id, { onDelete: 'cascade' }),
  rules: jsonb().notNull().default([]),
  hosts: jsonb().notNull().default({}),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const schema = {
  user,
  session,
  account,
  verification,
  organization,
  member,
  invitation,
  apiKey,
  company,
  plan,
  planVersion,
  planComment,
  channelRate,
  site,
  siteGoal,
  siteFunnel,
  dailySalt,
  channelRuleSet,
};
export type Schema = typeof schema;

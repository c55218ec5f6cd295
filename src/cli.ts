import { Command, Option } from 'commander';
import { createServices, openStores } from './app';
import { forecastCommand } from './modules/forecasting/forecast.cli';
import { loadConfig } from './platform/config';
import { AppError } from './platform/http/errors';
import { exitOnStartError, start } from './server';
import { emailSchema, passwordSchema, personNameSchema } from './shared/contracts/accounts';
import { workspaceKindSchema } from './shared/contracts/common';

/** Runs `fn` with open stores and services, closing them whatever happens. */
async function withServices<T>(fn: (services: ReturnType<typeof createServices>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const stores = await openStores(config);
  try {
    return await fn(createServices(config, stores));
  } finally {
    await stores.eventStore.close();
    await stores.appDb.close();
  }
}

function fail(err: unknown): never {
  if (err instanceof AppError) console.error(`Error: ${err.message}${err.field ? ` (${err.field})` : ''}`);
  else if (err instanceof Error && err.name === 'ConfigError') console.error(err.message);
  else console.error(err);
  process.exit(1);
}

function parseWith<T>(
  schema: {
    safeParse(
      v: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: unknown,
  what: string,
): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError(400, 'validation_failed', `${what}: ${r.error.issues[0].message}`, what);
  return r.data;
}

export function buildCli() {
  const program = new Command('marketloop')
    .description(
      'Marketloop: plan, run, measure and adjust network marketing.\nSettings come from the environment (see README: PORT, HOST, DATA_DIR, DATABASE_URL, SECRET, ...).',
    )
    .showHelpAfterError();

  program
    .command('start')
    .description('Run migrations and serve the app (PORT, HOST, DATA_DIR, DATABASE_URL from the environment)')
    .action(async () => {
      try {
        await start(loadConfig());
      } catch (err) {
        exitOnStartError(err);
      }
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .action(async () => {
      try {
        const config = loadConfig();
        const stores = await openStores(config);
        console.log(
          `Migrations applied (${stores.appDb.engine}, data in ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}).`,
        );
        await stores.eventStore.close();
        await stores.appDb.close();
      } catch (err) {
        fail(err);
      }
    });

  const user = program.command('user').description('Manage people who can sign in');
  user
    .command('create')
    .description('Create a person who can sign in')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--password <password>', 'at least 10 characters')
    .addOption(new Option('--locale <locale>', 'interface language').choices(['en', 'zh-CN']).default('en'))
    .option('--workspace <id>', 'also add the person to this workspace')
    .addOption(
      new Option('--role <role>', 'role in --workspace')
        .choices(['owner', 'admin', 'editor', 'viewer'])
        .default('editor'),
    )
    .action(async (opts) => {
      try {
        const input = {
          email: parseWith(emailSchema, opts.email, 'email'),
          name: parseWith(personNameSchema, opts.name, 'name'),
          password: parseWith(passwordSchema, opts.password, 'password'),
          locale: opts.locale,
        };
        await withServices(async ({ accounts, workspaces }) => {
          if (opts.workspace && !(await workspaces.exists(opts.workspace))) {
            throw new AppError(404, 'not_found', `No workspace with id ${opts.workspace}.`);
          }
          const created = await accounts.createUser(input);
          if (opts.workspace) await workspaces.addMember(opts.workspace, created.user.id, opts.role);
          console.log(
            `Created ${created.user.email} (id ${created.user.id})${opts.workspace ? ` as ${opts.role} of ${opts.workspace}` : ''}.`,
          );
        });
      } catch (err) {
        fail(err);
      }
    });

  const workspace = program.command('workspace').description('Manage workspaces (an agency or a company)');
  workspace
    .command('create')
    .description('Create a workspace owned by an existing person')
    .requiredOption('--name <name>', 'workspace name')
    .requiredOption('--owner <email>', 'email of the person who will own it')
    .addOption(
      new Option('--kind <kind>', 'agency plans for many companies; company for one')
        .choices(['agency', 'company'])
        .default('company'),
    )
    .action(async (opts) => {
      try {
        const kind = parseWith(workspaceKindSchema, opts.kind, 'kind');
        await withServices(async ({ accounts, workspaces }) => {
          const owner = await accounts.findUserByEmail(opts.owner);
          if (!owner)
            throw new AppError(
              404,
              'not_found',
              `No person with email ${opts.owner}; create them with \`marketloop user create\`.`,
            );
          const ws = await workspaces.create(owner, { name: String(opts.name).trim(), kind });
          console.log(`Created workspace "${ws.name}" (id ${ws.id}) owned by ${owner.email}.`);
        });
      } catch (err) {
        fail(err);
      }
    });

  program.addCommand(forecastCommand());
  return program;
}

await buildCli().parseAsync(process.argv);

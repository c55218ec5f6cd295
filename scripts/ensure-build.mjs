// `npm start` calls this: builds what is missing or older than its sources, so a fresh clone just works.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2]; // "server" builds just the server (the CLI does not need the web app)

function newest(target) {
  const p = path.join(root, target);
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === 'node_modules') continue;
    max = Math.max(max, newest(path.join(target, entry)));
  }
  return max;
}
const oldest = (...files) =>
  Math.min(...files.map((f) => (existsSync(path.join(root, f)) ? statSync(path.join(root, f)).mtimeMs : 0)));

const parts = [
  {
    name: 'server',
    script: 'build:server',
    outputs: ['dist/server/main.js', 'dist/server/cli.js'],
    inputs: ['src', 'package-lock.json'],
  },
  {
    name: 'web',
    script: 'build:web',
    outputs: ['dist/web/index.html'],
    inputs: ['web', 'src/shared', 'package-lock.json'],
  },
  {
    name: 'tracker',
    script: 'build:tracker',
    outputs: ['dist/tracker/marketloop.js'],
    inputs: ['tracker/src', 'src/shared/contracts'],
  },
];
for (const part of parts) {
  if (only && part.name !== only) continue;
  const built = oldest(...part.outputs);
  if (built > 0 && built >= Math.max(...part.inputs.map(newest))) continue;
  console.log(`Building the ${part.name} (${built ? 'sources changed' : 'first run'})...`);
  execSync(`npm run --silent ${part.script}`, { cwd: root, stdio: 'inherit' });
}

// Bundles the server and CLI into dist/server; npm packages stay external (native addons, migrations on disk).
import { build } from 'esbuild';

const started = Date.now();
await build({
  // The calibration worker is its own entry: worker threads load it by file (calibration-jobs.ts).
  entryPoints: {
    main: 'src/main.ts',
    cli: 'src/cli.ts',
    'calibration-worker': 'src/modules/forecasting/calibration.worker.ts',
  },
  outdir: 'dist/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  splitting: true,
  logLevel: 'warning',
});
console.log(`server built in ${Date.now() - started} ms -> dist/server`);

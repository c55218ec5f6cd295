import { loadConfig } from './platform/config';
import { exitOnStartError, start } from './server';

// `npm start` runs the bundle of this file; `marketloop start` does the same through the CLI.
try {
  await start(loadConfig());
} catch (err) {
  exitOnStartError(err);
}

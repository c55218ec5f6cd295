import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
export const TRACKER_ENTRY = join(import.meta.dirname, 'src', 'marketloop.ts');
export const TRACKER_OUTFILE = join(root, 'dist', 'tracker', 'marketloop.js');
/** The budget: the whole script, gzipped, as a browser downloads it. */
export const TRACKER_GZIP_BUDGET = 2048;

export interface TrackerBuild {
  code: string;
  rawBytes: number;
  gzipBytes: number;
  outfile: string | null;
}

/** Bundles and minifies the tracker; `write: false` keeps it in memory so parallel tests don't race on dist/. */
export async function buildTracker(
  options: { write?: boolean; outfile?: string } = {},
): Promise<TrackerBuild> {
  const { write = true, outfile = TRACKER_OUTFILE } = options;
  const result = await build({
    entryPoints: [TRACKER_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2017',
    platform: 'browser',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  if (write) {
    await mkdir(dirname(outfile), { recursive: true });
    await writeFile(outfile, code);
  }
  return {
    code,
    rawBytes: Buffer.byteLength(code),
    // Default level: what a server compressing on the fly (nginx gzip_comp_level 6) sends.
    gzipBytes: gzipSync(code).length,
    outfile: write ? outfile : null,
  };
}

async function main() {
  const { rawBytes, gzipBytes, outfile } = await buildTracker();
  const verdict = gzipBytes < TRACKER_GZIP_BUDGET ? 'within' : 'OVER';
  console.log(
    `tracker: ${relative(process.cwd(), outfile ?? '')} ${rawBytes} B raw, ${gzipBytes} B gzipped (${verdict} the ${TRACKER_GZIP_BUDGET} B budget)`,
  );
  if (gzipBytes >= TRACKER_GZIP_BUDGET) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The folder holding Marketloop's package.json, whether running from src/ (tsx) or a dist/ bundle. */
export function packageRoot(from = import.meta.dirname): string {
  let dir = from;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === 'marketloop') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find Marketloop's package.json above ${from}`);
    dir = parent;
  }
}

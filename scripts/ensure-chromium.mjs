// Browser tests drive Debian's Chromium. Install it when running as root; otherwise say what to install.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing; installing Debian's chromium package for the browser tests...");
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } else {
    console.error(
      `Browser tests need Chromium at ${CHROMIUM}: install it with "sudo apt-get install -y chromium".`,
    );
    process.exit(1);
  }
}

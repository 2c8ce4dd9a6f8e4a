// Shared by the browser tests: command-line arguments, recording a program
// with memscope, headless Debian chromium through playwright-core, and a
// tiny check list that prints "N passed, N failed".
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  return args;
}

function loadPlaywright(nodeModules) {
  return require(path.resolve(nodeModules, 'playwright-core'));
}

const CHROMIUM = process.env.MEMSCOPE_CHROMIUM || '/usr/bin/chromium';

async function launchBrowser(nodeModules) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: scripts/install-deps.sh installs Debian's chromium`);
  }
  const { chromium } = loadPlaywright(nodeModules);
  // --no-sandbox: the tests may run as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

function memscope(binary, args, options = {}) {
  return execFileSync(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function freshDir(dir) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

// Records a page's console errors, uncaught exceptions and dialogs (an
// alert() from injected markup would be one).
function watchPage(page) {
  const problems = { errors: [], dialogs: [] };
  page.on('console', (m) => { if (m.type() === 'error') problems.errors.push(m.text()); });
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('dialog', async (d) => { problems.dialogs.push(d.message()); await d.dismiss(); });
  return problems;
}

class Checks {
  constructor() { this.passed = 0; this.failed = 0; }

  ok(condition, what, detail = '') {
    if (condition) {
      this.passed += 1;
      console.log(`ok   ${what}`);
    } else {
      this.failed += 1;
      console.log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
    }
  }

  // Prints the closing line and sets the exit status.
  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exitCode = this.failed ? 1 : 0;
  }
}

module.exports = { parseArgs, launchBrowser, memscope, freshDir, watchPage, Checks };

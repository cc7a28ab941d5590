#!/usr/bin/env node
'use strict';
// `hermes-switchboard` command: runs the built CLI (browser host, and later `exec`).
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('hermes-switchboard is not built yet. Run `npm start` (or `npm run build`) in ' + path.dirname(__dirname) + ' first.\n');
  process.exit(1);
}
require(cli);

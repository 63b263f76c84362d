#!/usr/bin/env node
'use strict';
// Thin launcher for the bundled command-line tool.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(bundle)) {
	process.stderr.write(
		'footprint: not built yet; run `npm run build` in the package folder first.\n',
	);
	process.exit(2);
}

// The bundle only runs by itself when it is the main module, which it is not here.
require(bundle).runAsProgram();

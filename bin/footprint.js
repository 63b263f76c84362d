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

// The bundle starts itself only when it is the entry script, so start it from here.
const cli = require(bundle);
cli.main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`footprint: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exitCode = 1;
	},
);

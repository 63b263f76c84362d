// Bundles the extension, the command-line tool and the webview scripts with esbuild.
// Type-checking is separate (`npm run typecheck`), so a build stays fast.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
	{
		entryPoints: ['src/extension.ts'],
		outfile: 'dist/extension.js',
		platform: 'node',
		format: 'cjs',
		external: ['vscode'],
	},
	{
		// The machine profile reader (systeminformation, ~320 kB) in its own file: the extension loads
		// it after activation, so extension.js stays small and activation stays cheap.
		entryPoints: ['src/monitor/machineProfile.ts'],
		outfile: 'dist/machineProfile.js',
		platform: 'node',
		format: 'cjs',
	},
	{
		entryPoints: ['src/cli/main.ts'],
		outfile: 'dist/cli.js',
		platform: 'node',
		format: 'cjs',
	},
	{
		// Runs inside a webview (a browser), never in Node.
		entryPoints: ['src/views/webview/table.ts'],
		outfile: 'dist/webview/table.js',
		platform: 'browser',
		format: 'iife',
	},
];

const started = Date.now();
for (const target of targets) {
	if (!existsSync(join(root, target.entryPoints[0]))) {
		continue;
	}

	await build({
		absWorkingDir: root,
		bundle: true,
		target: 'node20',
		sourcemap: production ? false : 'linked',
		minify: production,
		logLevel: 'warning',
		legalComments: 'none',
		...target,
	});
}

console.log(`build: done in ${Date.now() - started} ms`);

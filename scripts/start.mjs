// `npm start`: the first thing a newcomer runs. Builds, shows the command-line tool on the bundled
// sample, then packages the extension and opens it in a real VS Code in the browser (code-server) on
// the sample workspace, serving until Ctrl-C.
//
//   npm start                     everything
//   npm start -- --no-editor      stop after the command-line part
//   npm start -- --port 8080      serve the editor on that port (default: any free one)
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sample = join(root, 'sample');
const args = process.argv.slice(2);

function heading(text) {
	console.log(`\n── ${text} ──`);
}

function run(command, commandArgs, { capture = false } = {}) {
	return new Promise((resolve) => {
		const child = spawn(command, commandArgs, {
			cwd: root,
			stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		});
		let output = '';
		if (capture) {
			child.stdout.on('data', (chunk) => (output += chunk));
			child.stderr.on('data', (chunk) => (output += chunk));
		}

		child.on('error', (error) => resolve({ code: 127, output: String(error) }));
		child.on('close', (code) => resolve({ code: code ?? 1, output }));
	});
}

function option(name) {
	const index = args.indexOf(name);
	return index >= 0 ? args[index + 1] : undefined;
}

/** Runs `footprint NAME …` if this build has that subcommand; says so plainly if it has not. */
async function cli(name, rest) {
	const help = await run(process.execPath, ['bin/footprint.js', '--help'], { capture: true });
	const available = new RegExp(`^\\s+${name}\\s`, 'm').test(help.output);
	console.log(`$ footprint ${[name, ...rest].join(' ')}`);
	if (!available) {
		console.log(`(skipped: this build has no \`footprint ${name}\` command yet)`);
		return;
	}

	const { code } = await run(process.execPath, ['bin/footprint.js', name, ...rest]);
	if (code !== 0) {
		console.log(`(footprint ${name} exited with ${code})`);
	}
}

async function editor() {
	const { packageExtension } = await import('./editor/e2e.mjs');
	const { ensureTools } = await import('./editor/tools.mjs');
	const { createProfile, installVsix, startCodeServer } = await import('./editor/codeServer.mjs');

	heading('package');
	const vsix = await packageExtension();

	heading('editor');
	console.log(
		'Preparing VS Code in the browser (code-server and chromium; the first run takes ~4 min)…',
	);
	const tools = await ensureTools();
	const profile = createProfile();
	await installVsix(tools, profile, vsix);
	const port = option('--port') === undefined ? undefined : Number(option('--port'));
	const server = await startCodeServer(tools, { profile, port });
	const url = `${server.url}/?folder=${encodeURIComponent(sample)}`;
	console.log('');
	console.log('  Footprint is running in VS Code in your browser. Open:');
	console.log('');
	console.log(`    ${url}`);
	console.log('');
	console.log('  In it: click the Footprint icon in the activity bar, run the task');
	console.log('  "Compress sample data" (Terminal › Run Task…), open convert_events.py.');
	console.log('  The server listens on 127.0.0.1 only. Press Ctrl-C to stop it.');
	// A timer keeps Node alive; Ctrl-C ends the process and, through its exit hooks, the server.
	setInterval(() => {}, 1 << 30);
}

async function main() {
	heading('build');
	if ((await run(process.execPath, ['scripts/build.mjs'])).code !== 0) {
		console.error('start: the build failed; see above.');
		return 1;
	}

	heading('command-line tool');
	await cli('machine', []);
	console.log('');
	await cli('run', ['--', 'sh', 'sample/workload.sh']);
	if (args.includes('--no-editor')) {
		console.log('\n(--no-editor: not starting VS Code)');
		return 0;
	}

	await editor();
	return undefined;
}

const code = await main().catch((error) => {
	console.error(`start: ${error.message}`);
	return 1;
});
if (code !== undefined) {
	process.exitCode = code;
}

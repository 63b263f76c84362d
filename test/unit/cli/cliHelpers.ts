import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { build } from 'esbuild';

/** What one run of the built CLI did. */
export interface CliResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

const root = join(__dirname, '..', '..', '..');

/** Bundles src/cli/main.ts the way scripts/build.mjs does, into a temporary folder. */
export async function buildCli(): Promise<string> {
	const folder = mkdtempSync(join(tmpdir(), 'footprint-cli-'));
	const outfile = join(folder, 'cli.js');
	// As shipped: the tool, and beside it the machine profile reader it loads on demand.
	for (const [entry, file] of [
		['src/cli/main.ts', outfile],
		['src/monitor/machineProfile.ts', join(folder, 'machineProfile.js')],
	]) {
		await build({
			absWorkingDir: root,
			entryPoints: [entry],
			outfile: file,
			bundle: true,
			platform: 'node',
			format: 'cjs',
			target: 'node20',
			logLevel: 'warning',
		});
	}

	return outfile;
}

/** Runs any program from the repository root and collects its output. */
export function runProcess(program: string, args: string[]): Promise<CliResult> {
	return collectOutput(() =>
		spawn(program, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }),
	);
}

/** Runs the CLI bundle with arguments; `onStart` gets the process, e.g. to send it a signal. */
export function runCli(
	cli: string,
	args: string[],
	options: { cwd?: string; onStart?: (child: ChildProcess, stdout: () => string) => void } = {},
): Promise<CliResult> {
	return collectOutput(
		() =>
			spawn(process.execPath, [cli, ...args], {
				cwd: options.cwd ?? root,
				stdio: ['ignore', 'pipe', 'pipe'],
				env: { ...process.env, TZ: 'UTC' },
			}),
		options.onStart,
	);
}

/** Starts a process with `start` and collects its output until it closes. */
function collectOutput(
	start: () => ChildProcessByStdio<null, Readable, Readable>,
	onStart?: (child: ChildProcess, stdout: () => string) => void,
): Promise<CliResult> {
	return new Promise((resolve, reject) => {
		const child = start();
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('error', reject);
		child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
		onStart?.(child, () => stdout);
	});
}

/** True when stderr looks like an uncaught exception rather than a message for a person. */
export function hasStackTrace(text: string): boolean {
	return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /\bError: .*\n\s+at /.test(text);
}

// `npm test`'s browser step: packages the extension as a .vsix, installs it into a fresh code-server
// profile, opens a temp copy of the fixture workspace and runs mocha over test/e2e/**/*.e2e.ts, which
// drive the web workbench through headless chromium. Prints mocha's summary ("N passing").
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	createProfile,
	installVsix,
	keepServingIfAsked,
	removeOnExit,
	startCodeServer,
} from './codeServer.mjs';
import { ensureTools } from './tools.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = join(root, 'footprint.vsix');

function run(command, args, { env = process.env, timeoutMs } = {}) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: root, stdio: 'inherit', env, detached: !!timeoutMs });
		let timer;
		if (timeoutMs) {
			timer = setTimeout(() => {
				console.error(`e2e: no result after ${timeoutMs / 1000} s; stopping the test run`);
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			}, timeoutMs);
			// A Ctrl-C here must also end the detached mocha run.
			process.on('exit', () => {
				try {
					process.kill(-child.pid, 'SIGKILL');
				} catch {
					// Already gone.
				}
			});
		}

		child.on('error', () => resolve(127));
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve(code ?? (signal === 'SIGKILL' ? 2 : 1));
		});
	});
}

/** Packages footprint.vsix with `npm run package` (production build, then vsce). */
export async function packageExtension() {
	const code = await run('npm', ['run', '--silent', 'package']);
	if (code !== 0 || !existsSync(vsix)) {
		throw new Error('packaging the extension failed (npm run package)');
	}

	return vsix;
}

async function main() {
	const started = Date.now();
	await packageExtension();
	const tools = await ensureTools();
	const profile = createProfile();
	await installVsix(tools, profile, vsix);
	const scratch = removeOnExit(mkdtempSync(join(tmpdir(), 'footprint-e2e-')));
	const workspace = join(scratch, 'workspace');
	cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
	const server = await startCodeServer(tools, {
		profile,
		env: { FOOTPRINT_STORAGE_DIR: join(scratch, 'storage') },
	});
	try {
		const mocha = [
			join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
			'--no-config',
			'--require',
			'tsx/cjs',
			'--require',
			'test/e2e/workbench.ts',
			'--extension',
			'ts',
			'--ui',
			'tdd',
			'--reporter',
			'spec',
			'--timeout',
			'120000',
			'test/e2e/**/*.e2e.ts',
		];
		const env = {
			...process.env,
			FOOTPRINT_E2E_URL: server.url,
			FOOTPRINT_E2E_WORKSPACE: workspace,
			FOOTPRINT_CHROMIUM: tools.chromium,
		};
		const timeoutMs = Number(process.env.FOOTPRINT_TEST_TIMEOUT_S || 600) * 1000;
		const code = await run(process.execPath, mocha, { env, timeoutMs });
		console.log(`e2e: finished in ${Math.round((Date.now() - started) / 1000)} s (exit ${code})`);
		await keepServingIfAsked(server, `?folder=${encodeURIComponent(workspace)}`);
		return code;
	} finally {
		server.stop();
		rmSync(scratch, { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	process.exitCode = await main().catch((error) => {
		console.error(`e2e: ${error.message}`);
		return 1;
	});
}

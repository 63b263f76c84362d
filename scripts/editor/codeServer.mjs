// Starts code-server (a real VS Code build: server, extension host and web workbench) for one run:
// a fresh profile, a free loopback port, and a detached process group that is ended on every way
// this process can exit, so no server outlives the run.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Settings that keep a fresh profile quiet: no welcome page, no chat, no update checks, no
 * telemetry; shell integration on, because Footprint measures terminal commands through it.
 */
export const quietSettings = {
	'workbench.startupEditor': 'none',
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'chat.disableAIFeatures': true,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'files.autoSave': 'off',
	'security.workspace.trust.enabled': false,
	'terminal.integrated.shellIntegration.enabled': true,
};

const liveGroups = new Set();
const scratchFolders = new Set();
let exitHooksInstalled = false;

/** Registers a temp folder to delete when this process exits, however it exits. */
export function removeOnExit(folder) {
	installExitHooks();
	scratchFolders.add(folder);
	return folder;
}

function killGroup(pid, signal = 'SIGKILL') {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

function killAll() {
	for (const pid of liveGroups) {
		killGroup(pid);
	}

	liveGroups.clear();
	for (const folder of scratchFolders) {
		rmSync(folder, { recursive: true, force: true });
	}

	scratchFolders.clear();
}

/** Ends every started server on exit, Ctrl-C, termination, a closed pipe and uncaught errors. */
function installExitHooks() {
	if (exitHooksInstalled) {
		return;
	}

	exitHooksInstalled = true;
	process.on('exit', killAll);
	const signals = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129, SIGPIPE: 141 };
	for (const [signal, code] of Object.entries(signals)) {
		process.on(signal, () => {
			killAll();
			process.exit(code);
		});
	}

	process.on('uncaughtException', (error) => {
		killAll();
		process.stderr.write(`${error?.stack ?? error}\n`);
		process.exit(1);
	});
	process.on('unhandledRejection', (error) => {
		killAll();
		process.stderr.write(`${error?.stack ?? error}\n`);
		process.exit(1);
	});
	// `| head` closes the pipe: Node reports EPIPE on the stream rather than dying of SIGPIPE.
	for (const stream of [process.stdout, process.stderr]) {
		stream.on('error', (error) => {
			if (error.code === 'EPIPE') {
				killAll();
				process.exit(141);
			}
		});
	}
}

/**
 * A fresh code-server profile under a temp folder: user data (with the quiet settings), extensions,
 * its own config file and XDG folders, so nothing is read from or written to the user's home.
 */
export function createProfile({ settings = {}, extensionsDir } = {}) {
	const root = removeOnExit(mkdtempSync(join(tmpdir(), 'footprint-editor-')));
	const userDataDir = join(root, 'user-data');
	const profile = {
		root,
		userDataDir,
		extensionsDir: extensionsDir ?? join(root, 'extensions'),
		configFile: join(root, 'config.yaml'),
		logFile: join(root, 'code-server.log'),
		xdg: {
			XDG_CONFIG_HOME: join(root, 'xdg', 'config'),
			XDG_DATA_HOME: join(root, 'xdg', 'data'),
			XDG_CACHE_HOME: join(root, 'xdg', 'cache'),
			XDG_STATE_HOME: join(root, 'xdg', 'state'),
		},
	};
	mkdirSync(join(userDataDir, 'User'), { recursive: true });
	mkdirSync(profile.extensionsDir, { recursive: true });
	for (const folder of Object.values(profile.xdg)) {
		mkdirSync(folder, { recursive: true });
	}

	writeFileSync(
		join(userDataDir, 'User', 'settings.json'),
		JSON.stringify({ ...quietSettings, ...settings }, null, '\t'),
	);
	writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
	return profile;
}

function serverArgs(tools, profile) {
	return [
		tools.codeServerEntry,
		'--auth',
		'none',
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--idle-timeout-seconds',
		'600',
		'--config',
		profile.configFile,
		'--user-data-dir',
		profile.userDataDir,
		'--extensions-dir',
		profile.extensionsDir,
	];
}

function serverEnv(profile, env) {
	return { ...process.env, ...profile.xdg, ...env };
}

/** Installs a packaged extension into the profile's extensions folder (about a second). */
export async function installVsix(tools, profile, vsixPath) {
	const args = [...serverArgs(tools, profile), '--install-extension', vsixPath, '--force'];
	const output = await new Promise((resolve, reject) => {
		const child = spawn(tools.node24, args, {
			env: serverEnv(profile, {}),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let text = '';
		child.stdout.on('data', (chunk) => (text += chunk));
		child.stderr.on('data', (chunk) => (text += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0 && !/failed|error/i.test(text)) {
				resolve(text);
			} else {
				reject(new Error(`installing ${vsixPath} failed (exit ${code}):\n${text}`));
			}
		});
	});
	return output.trim();
}

/** A port that was free a moment ago; the caller still retries if someone takes it first. */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

async function healthy(url) {
	try {
		const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
		return response.ok;
	} catch {
		return false;
	}
}

function launch(tools, profile, port, env, echo) {
	const child = spawn(
		tools.node24,
		[
			...serverArgs(tools, profile),
			'--bind-addr',
			`127.0.0.1:${port}`,
			// Without it the web workbench ignores the `payload` URL parameter: no extension tests run.
			'--vscode-option',
			'enable-smoke-test-driver',
		],
		{
			env: serverEnv(profile, env),
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	liveGroups.add(child.pid);
	const log = createWriteStream(profile.logFile, { flags: 'a' });
	const state = { exited: false, code: null, tail: '' };
	const collect = (chunk) => {
		log.write(chunk);
		state.tail = (state.tail + chunk).slice(-8000);
		if (echo) {
			process.stderr.write(chunk);
		}
	};
	child.stdout.on('data', collect);
	child.stderr.on('data', collect);
	child.on('exit', (code, signal) => {
		state.exited = true;
		state.code = code ?? signal;
		liveGroups.delete(child.pid);
		log.end();
	});
	return { child, state };
}

/**
 * Starts code-server on a free loopback port and resolves once `/healthz` answers. Resolves to
 * `{ url, host, port, profile, stop() }`; `stop()` ends the whole process group and removes the
 * profile. `env` is added to the server's environment; `port` asks for that port instead of any free one.
 */
export async function startCodeServer(
	tools,
	{ profile = createProfile(), env = {}, port: fixedPort, timeoutMs = 60_000 } = {},
) {
	installExitHooks();
	const echo = process.env.FOOTPRINT_DEBUG === '1';
	let lastError = '';
	for (let attempt = 1; attempt <= 5; attempt++) {
		const port = fixedPort ?? (await freePort());
		const host = `127.0.0.1:${port}`;
		const url = `http://${host}`;
		const { child, state } = launch(tools, profile, port, env, echo);
		const deadline = Date.now() + timeoutMs;
		while (!state.exited && Date.now() < deadline && !(await healthy(url))) {
			await new Promise((resolve) => setTimeout(resolve, 200));
		}

		if (!state.exited && (await healthy(url))) {
			const stop = () => {
				killGroup(child.pid);
				liveGroups.delete(child.pid);
				rmSync(profile.root, { recursive: true, force: true });
			};
			return { url, host, port, profile, process: child, stop };
		}

		killGroup(child.pid);
		liveGroups.delete(child.pid);
		lastError = state.tail;
		if (!/EADDRINUSE/.test(state.tail) || fixedPort !== undefined) {
			break;
		}
	}

	throw new Error(`code-server did not start; its last output:\n${lastError}`);
}

/** Ends every server this process started (also done automatically on exit). */
export function stopAllServers() {
	killAll();
}

/**
 * With `FOOTPRINT_KEEP_SERVER=1`, prints where the server is and waits for Ctrl-C, so a failed run
 * can be looked at in a browser; otherwise returns at once.
 */
export async function keepServingIfAsked(server, path = '') {
	if (process.env.FOOTPRINT_KEEP_SERVER !== '1') {
		return;
	}

	process.stderr.write(
		`\nFOOTPRINT_KEEP_SERVER=1: code-server stays up at ${server.url}/${path}\n`,
	);
	process.stderr.write(`profile: ${server.profile.root}\nPress Ctrl-C to stop.\n`);
	// A pending promise alone does not keep Node alive; a timer does, until a signal ends the process.
	await new Promise(() => setInterval(() => {}, 1 << 30));
}

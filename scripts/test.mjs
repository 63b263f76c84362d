// `npm test`: everything, in order, on a fresh clone. Installs what it needs by itself, runs lint,
// type-check, build, unit tests, then the editor (extension host) and browser (end-to-end) suites,
// and ends with one summary line: "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

/** A step of the pipeline; `counts` marks the steps whose output carries mocha-style test counts. */
const steps = [
	{ name: 'install', run: ensureInstalled },
	{ name: 'lint', command: ['npx', 'eslint', '.'] },
	{ name: 'format', command: ['npx', 'prettier', '--check', '.'] },
	{ name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
	{ name: 'build', command: ['node', 'scripts/build.mjs'] },
	{ name: 'unit', command: ['npx', 'mocha'], counts: true },
	{ name: 'integration', script: 'scripts/editor/integration.mjs', counts: true },
	{ name: 'e2e', script: 'scripts/editor/e2e.mjs', counts: true },
];

function exec(command, { capture = false } = {}) {
	return new Promise((resolve) => {
		const child = spawn(command[0], command.slice(1), {
			cwd: root,
			stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		});
		let output = '';
		if (capture) {
			child.stdout.on('data', (chunk) => {
				process.stdout.write(chunk);
				output += chunk;
			});
			child.stderr.on('data', (chunk) => {
				process.stderr.write(chunk);
				output += chunk;
			});
		}

		child.on('error', (error) => resolve({ code: 127, output: String(error) }));
		child.on('close', (code) => resolve({ code: code ?? 1, output }));
	});
}

async function ensureInstalled() {
	const lock = join(root, 'package-lock.json');
	const marker = join(root, 'node_modules', '.package-lock.json');
	if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
		return { code: 0, output: '' };
	}

	return exec(['npm', 'ci', '--no-audit', '--no-fund']);
}

/** Adds up mocha's "N passing / N failing / N pending" lines (one or more runs per step). */
function countTests(output) {
	const total = { passed: 0, failed: 0, skipped: 0 };
	for (const [, n, word] of output.matchAll(/^\s*(\d+) (passing|failing|pending)\b/gm)) {
		const key = word === 'passing' ? 'passed' : word === 'failing' ? 'failed' : 'skipped';
		total[key] += Number(n);
	}

	return total;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];
for (const step of steps) {
	if (only.length > 0 && !only.includes(step.name)) {
		continue;
	}

	if (step.script && !existsSync(join(root, step.script))) {
		continue;
	}

	console.log(`\n── ${step.name} ──`);
	const command = step.command ?? (step.script ? ['node', step.script] : undefined);
	const result = step.run ? await step.run() : await exec(command, { capture: !!step.counts });
	if (step.counts) {
		const counted = countTests(result.output);
		totals.passed += counted.passed;
		totals.failed += counted.failed;
		totals.skipped += counted.skipped;
		if (result.code !== 0 && counted.failed === 0) {
			// The runner itself broke (no tests reported as failing): count it as one failure.
			totals.failed += 1;
		}
	}

	if (result.code !== 0) {
		failedSteps.push(step.name);
		if (step.name === 'install') {
			break;
		}
	}
}

console.log('');
if (failedSteps.length > 0) {
	console.log(`failed steps: ${failedSteps.join(', ')}`);
}

console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exitCode = failedSteps.length > 0 ? 1 : 0;

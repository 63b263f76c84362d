import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function footprint(...args: string[]): { status: number | null; stdout: string; stderr: string } {
	const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
		cwd: root,
		encoding: 'utf8',
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

suite('footprint estimate', () => {
	test('--json prints one object with the documented fields', () => {
		const result = footprint(
			'estimate',
			'sample/data/events.json',
			'--to',
			'csv',
			'--json',
			'--converter',
			'pandas',
		);
		assert.strictEqual(result.status, 0, result.stderr);
		const estimate = JSON.parse(result.stdout) as Record<string, unknown>;
		for (const key of [
			'inputBytes',
			'inputFormat',
			'records',
			'columns',
			'to',
			'predictedBytes',
			'lowBytes',
			'highBytes',
			'convention',
			'sampledBytes',
			'elapsedMs',
		]) {
			assert.ok(key in estimate, key);
		}

		assert.strictEqual(estimate.inputFormat, 'json-array');
		assert.strictEqual((estimate.converterCosts as unknown[]).length, 1);
	});

	test('bad input: one line on stderr, exit 1, no stack trace', () => {
		const result = footprint('estimate', 'test/fixtures/datasets/missing.json', '--to', 'csv');
		assert.strictEqual(result.status, 1);
		assert.match(result.stderr, /^footprint estimate: .*does not exist/);
		assert.strictEqual(result.stderr.trim().split('\n').length, 1);
		assert.doesNotMatch(result.stderr, /\n\s+at /);
		const usage = footprint('estimate', 'sample/data/events.json', '--to', 'xlsx');
		assert.strictEqual(usage.status, 2);
	});
});

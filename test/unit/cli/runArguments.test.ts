import * as assert from 'node:assert';
import { UsageError } from '../../../src/cli/command';
import { parseRunArguments } from '../../../src/cli/commands/run';

function parse(args: string[]) {
	const request = parseRunArguments(args);
	assert.notStrictEqual(request, 'help');
	return request as Exclude<typeof request, 'help'>;
}

function refused(args: string[], pattern: RegExp): void {
	assert.throws(
		() => parseRunArguments(args),
		(error: unknown) => error instanceof UsageError && pattern.test(error.message),
	);
}

suite('footprint run arguments', () => {
	test('everything after `--` belongs to the command, even what looks like our flags', () => {
		const request = parse(['--json', '--', 'ls', '--json', '--help', '--']);
		assert.deepStrictEqual(request.command, ['ls', '--json', '--help', '--']);
		assert.strictEqual(request.json, true);
	});

	test('--help before `--` asks for help; after it, it is the command’s', () => {
		assert.strictEqual(parseRunArguments(['--help']), 'help');
		assert.strictEqual(parseRunArguments(['--pue', '2', '--help', '--', 'ls']), 'help');
		assert.deepStrictEqual(parse(['--', 'ls', '--help']).command, ['ls', '--help']);
	});

	test('`--name value` and `--name=value` both work and land in the settings', () => {
		const request = parse([
			'--country=de',
			'--intensity',
			'250',
			'--pue=1.2',
			'--cpu-watts',
			'65',
			'--cpu-idle-watts=4',
			'--memory-watts-per-gb',
			'0.08',
			'--interval=0.5',
			'--out',
			'r.json',
			'--',
			'make',
		]);
		assert.strictEqual(request.settings.country, 'DE');
		assert.strictEqual(request.settings.intensityOverride, 250);
		assert.strictEqual(request.settings.pue, 1.2);
		assert.strictEqual(request.settings.cpuWatts, 65);
		assert.strictEqual(request.settings.cpuIdleWatts, 4);
		assert.strictEqual(request.settings.memoryWattsPerGb, 0.08);
		assert.strictEqual(request.intervalMs, 500);
		assert.ok(request.out?.endsWith('r.json') && request.out.startsWith('/'));
	});

	test('defaults: summary on stderr, 2 s sampling, PUE 1, no overrides', () => {
		const request = parse(['--', 'make']);
		assert.strictEqual(request.json, false);
		assert.strictEqual(request.out, undefined);
		assert.strictEqual(request.intervalMs, 2000);
		assert.strictEqual(request.settings.pue, 1);
		assert.strictEqual(request.settings.cpuWatts, null);
	});

	test('mistakes are refused with the flag named', () => {
		refused([], /no command given/);
		refused(['make'], /missing `--`/);
		refused(['--'], /no command after `--`/);
		refused(['--json=yes', '--', 'make'], /--json takes no value/);
		refused(['stray', '--', 'make'], /unexpected argument 'stray'/);
		refused(['--pue', '--', 'make'], /--pue needs a value/);
		refused(['--country', '12', '--', 'make'], /--country: "12" is not an ISO 3166 country code$/);
		refused(['--intensity', '2500', '--', 'make'], /--intensity: 2500 is outside 0–2000$/);
		refused(['--cpu-idle-watts', '-1', '--', 'make'], /--cpu-idle-watts: -1 is outside 0–1000$/);
	});
});

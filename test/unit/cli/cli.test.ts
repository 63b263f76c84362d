import * as assert from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FootprintRecord } from '../../../src/core/record';
import { buildCli, hasStackTrace, runCli, runProcess } from './cliHelpers';

suite('footprint CLI', function () {
	this.timeout(60_000);
	let cli = '';
	let scratch = '';

	suiteSetup(async () => {
		cli = await buildCli();
		scratch = mkdtempSync(join(tmpdir(), 'footprint-cli-test-'));
	});

	function assertOneLineError(stderr: string, pattern: RegExp): void {
		assert.ok(!hasStackTrace(stderr), `stack trace in: ${stderr}`);
		assert.strictEqual(stderr.trim().split('\n').length, 1, `more than one line: ${stderr}`);
		assert.match(stderr, pattern);
	}

	test('--help works on the tool and on every command', async () => {
		for (const args of [['--help'], ['run', '--help'], ['machine', '--help']]) {
			const result = await runCli(cli, args);
			assert.strictEqual(result.code, 0, args.join(' '));
			assert.match(result.stdout, /^Usage: footprint/);
		}

		const run = await runCli(cli, ['run', '--help']);
		assert.match(run.stdout, /--country CC/);
		assert.match(run.stdout, /--out FILE/);
	});

	test('a missing `--` is one clear line and exit 2', async () => {
		const result = await runCli(cli, ['run', 'echo', 'hi']);
		assert.strictEqual(result.code, 2);
		assertOneLineError(result.stderr, /missing `--`/);
		assert.strictEqual(result.stdout, '', 'the command must not have run');
	});

	test('a command that does not exist exits 127 with a message', async () => {
		const result = await runCli(cli, ['run', '--', 'no-such-command-footprint-test']);
		assert.strictEqual(result.code, 127);
		assertOneLineError(result.stderr, /command not found: no-such-command-footprint-test/);
	});

	test('a file that cannot be executed exits 126 with a message', async () => {
		const script = join(scratch, 'not-executable.sh');
		writeFileSync(script, 'echo should not run\n', { mode: 0o644 });
		const result = await runCli(cli, ['run', '--', script]);
		assert.strictEqual(result.code, 126);
		assertOneLineError(result.stderr, /cannot run .*not-executable\.sh/);
	});

	test('an unknown country code is refused before the command runs', async () => {
		const result = await runCli(cli, ['run', '--country', 'ZZ', '--', 'echo', 'ran']);
		assert.strictEqual(result.code, 2);
		assertOneLineError(result.stderr, /unknown country code 'ZZ'/);
		assert.strictEqual(result.stdout, '');
	});

	test('negative, absurd or non-numeric overrides are refused', async () => {
		const cases: [string[], RegExp][] = [
			[['--pue', '-1'], /--pue: -1 is outside 1–3/],
			[['--cpu-watts', '5000'], /--cpu-watts: 5000 is outside 1–1000/],
			[['--intensity=abc'], /--intensity: 'abc' is not a number/],
			[['--memory-watts-per-gb', '-0.1'], /--memory-watts-per-gb/],
			[['--interval', '0'], /--interval/],
			[['--bogus'], /unknown option '--bogus'/],
			[['--out'], /--out needs a value/],
		];
		for (const [flags, pattern] of cases) {
			const result = await runCli(cli, ['run', ...flags, '--', 'echo', 'ran']);
			assert.strictEqual(result.code, 2, flags.join(' '));
			assertOneLineError(result.stderr, pattern);
			assert.strictEqual(result.stdout, '', flags.join(' '));
		}
	});

	test('the package’s bin launcher runs the built tool, as `npx footprint` does', async () => {
		const build = await runProcess(process.execPath, ['scripts/build.mjs']);
		assert.strictEqual(build.code, 0, build.stderr);
		const result = await runProcess(process.execPath, [
			'bin/footprint.js',
			'run',
			'--',
			'sh',
			'-c',
			'echo bin; exit 3',
		]);
		assert.strictEqual(result.code, 3);
		assert.strictEqual(result.stdout, 'bin\n');
		assert.match(result.stderr, /exit code\s+3/);
	});

	test('a tool bundle copied without its machine profile reader says what is missing', async () => {
		const lonely = join(mkdtempSync(join(tmpdir(), 'footprint-lonely-')), 'cli.js');
		writeFileSync(lonely, readFileSync(cli));
		const result = await runCli(lonely, ['machine']);
		assert.strictEqual(result.code, 1);
		assert.match(result.stderr, /machineProfile\.js\) is missing beside .*npm run build/);
		assert.ok(!hasStackTrace(result.stderr), result.stderr);
	});

	test('an unknown subcommand is one line and exit 2', async () => {
		const result = await runCli(cli, ['fly']);
		assert.strictEqual(result.code, 2);
		assertOneLineError(result.stderr, /unknown command 'fly'/);
	});

	test('exits with the command’s own status, and 128 + n when killed by signal n', async () => {
		const failed = await runCli(cli, ['run', '--', 'sh', '-c', 'exit 7']);
		assert.strictEqual(failed.code, 7);
		assert.match(failed.stderr, /exit code\s+7/);

		const killed = await runCli(cli, ['run', '--', 'sh', '-c', 'kill -TERM $$']);
		assert.strictEqual(killed.code, 128 + 15);
	});

	test('stdout stays the command’s; --json puts the record on stderr; --out writes it', async () => {
		const out = join(scratch, 'record.json');
		const result = await runCli(cli, [
			'run',
			'--json',
			'--out',
			out,
			'--country',
			'FR',
			'--',
			'sh',
			'-c',
			'echo hello from the command',
		]);
		assert.strictEqual(result.code, 0);
		assert.strictEqual(result.stdout, 'hello from the command\n');
		const printed = JSON.parse(result.stderr) as FootprintRecord;
		const written = JSON.parse(readFileSync(out, 'utf8')) as FootprintRecord;
		assert.deepStrictEqual(written, printed);
		assert.strictEqual(written.schemaVersion, 1);
		assert.strictEqual(written.command, "sh -c 'echo hello from the command'");
		assert.strictEqual(written.exitCode, 0);
		assert.strictEqual(written.region, 'FRA');
		assert.strictEqual(written.intensitySource.kind, 'setting');
		assert.ok(written.durationSeconds > 0 && written.durationSeconds < 30);
		assert.ok(written.peakRssBytes >= 0);
		assert.strictEqual(written.method.cpuTime?.accounting, 'ownChild');
		assert.ok(written.energyWh >= 0 && Number.isFinite(written.co2eGrams));
		assert.ok(written.method.uncertainty.relative > 0);
		assert.ok(!existsSync(`${out}.tmp`));
	});

	test('--out into a folder that does not exist is refused before running', async () => {
		const result = await runCli(cli, [
			'run',
			'--out',
			join(scratch, 'nope', 'r.json'),
			'--',
			'echo',
			'ran',
		]);
		assert.strictEqual(result.code, 2);
		assertOneLineError(result.stderr, /--out: folder .* does not exist/);
		assert.strictEqual(result.stdout, '');
	});

	test('the human summary names the figures, the method and the region with its source', async () => {
		const result = await runCli(cli, [
			'run',
			'--intensity',
			'100',
			'--',
			'sh',
			'sample/workload.sh',
		]);
		assert.strictEqual(result.code, 0);
		for (const label of [
			'duration',
			'CPU time',
			'peak memory',
			'energy',
			'carbon',
			'region',
			'method',
			'uncertainty',
		]) {
			assert.ok(result.stderr.includes(label), `${label} missing from:\n${result.stderr}`);
		}

		assert.match(result.stderr, /at 100 gCO2e\/kWh/);
		assert.match(result.stderr, /peak memory\s+[\d.]+ (KiB|MiB)/);
		assert.match(result.stdout, /workload: compressed/);
	});

	test('SIGINT and SIGTERM to footprint (no terminal) reach the command, whose status comes back', async () => {
		for (const [signal, status] of [
			['SIGINT', 5],
			['SIGTERM', 6],
		] as const) {
			// Bounded loop: if the signal were lost, the test fails instead of leaving a shell behind.
			const script = `trap "exit ${status}" ${signal.slice(3)}; echo ready; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done`;
			const result = await runCli(cli, ['run', '--', 'sh', '-c', script], {
				onStart(child, stdout) {
					const timer = setInterval(() => {
						if (stdout().includes('ready')) {
							clearInterval(timer);
							child.kill(signal);
						}
					}, 20);
				},
			});
			assert.strictEqual(result.code, status, signal);
			assert.match(result.stderr, new RegExp(`exit code\\s+${status}`));
		}
	});

	test('machine shows the profile and each method with its availability', async () => {
		const text = await runCli(cli, ['machine']);
		assert.strictEqual(text.code, 0);
		assert.match(text.stdout, /CPU\s+\S/);
		assert.match(text.stdout, /RAPL/);
		assert.match(text.stdout, /nvidia-smi/);
		assert.match(text.stdout, /Ember/);

		const json = await runCli(cli, ['machine', '--json']);
		assert.strictEqual(json.code, 0);
		const parsed = JSON.parse(json.stdout) as {
			machine: { logicalCores: number };
			methods: { name: string; available: boolean; detail: string }[];
		};
		assert.ok(parsed.machine.logicalCores >= 1);
		const rapl = parsed.methods.find((method) => method.name.startsWith('RAPL'));
		assert.ok(rapl);
		if (!rapl.available) {
			assert.ok(rapl.detail.length > 10, 'an unavailable method says why');
		}

		const bad = await runCli(cli, ['machine', '--country', 'QQQ']);
		assert.strictEqual(bad.code, 2);
		assertOneLineError(bad.stderr, /unknown country code 'QQQ'/);
	});
});

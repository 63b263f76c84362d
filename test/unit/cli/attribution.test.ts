import * as assert from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FootprintRecord } from '../../../src/core/record';
import { buildCli, runCli } from './cliHelpers';

/** Seconds from the `times` builtin's `0m1.230000s` (or `1m2.5s`) notation. */
function parseTimes(text: string): number {
	let total = 0;
	for (const [, minutes, seconds] of text.matchAll(/(\d+)m([\d.]+)s/g)) {
		total += Number(minutes) * 60 + Number(seconds);
	}

	return total;
}

suite('attribution against the operating system', function () {
	this.timeout(120_000);

	test('200 short-lived CPU-bound children: CPU seconds within ±3 % of the shell’s own accounting', async () => {
		const cli = await buildCli();
		const folder = mkdtempSync(join(tmpdir(), 'footprint-attribution-'));
		const out = join(folder, 'r.json');
		// Each child lives a few milliseconds, far shorter than the sampling interval, so only the
		// parent's reaped-children counters can see them. `times` prints the shell's own and its
		// children's user and system time, which is the kernel's getrusage accounting of the run.
		const script = [
			`data="${folder}/input"`,
			'seq 1 50000 > "$data"',
			'i=0',
			'while [ $i -lt 200 ]; do gzip -9 -c "$data" > /dev/null; i=$((i + 1)); done',
			'echo TIMES',
			'times',
		].join('\n');
		const result = await runCli(cli, [
			'run',
			'--interval',
			'1',
			'--out',
			out,
			'--',
			'sh',
			'-c',
			script,
		]);
		assert.strictEqual(result.code, 0, result.stderr);

		const accounted = parseTimes(result.stdout.split('TIMES')[1] ?? '');
		const record = JSON.parse(readFileSync(out, 'utf8')) as FootprintRecord;
		assert.ok(accounted > 0.5, `workload too light to compare: ${accounted} s`);
		const error = Math.abs(record.cpuSeconds - accounted) / accounted;
		assert.ok(
			error <= 0.03,
			`footprint says ${record.cpuSeconds.toFixed(3)} CPU s, the OS says ${accounted.toFixed(3)} s (${(error * 100).toFixed(1)} % apart)`,
		);
	});
});

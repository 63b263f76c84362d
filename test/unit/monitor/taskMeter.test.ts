import * as assert from 'node:assert';
import { join } from 'node:path';
import { TaskMeter } from '../../../src/monitor/taskMeter';
import { closed, collect, parseTimes, shell, temporaryFolder, writeWorkloadFile } from './helpers';

/** Up to ±3 % of the operating system's own figure, as the issue asks. */
function assertWithinThreePercent(measured: number, reference: number, what: string): void {
	const tolerance = 0.03 * reference;
	assert.ok(
		Math.abs(measured - reference) <= tolerance,
		`${what}: measured ${measured.toFixed(3)} s, the OS says ${reference.toFixed(3)} s (±${tolerance.toFixed(3)})`,
	);
}

suite('TaskMeter on a real CPU-bound process tree', function () {
	this.timeout(60000);
	const folder = temporaryFolder('meter');
	const data = join(folder, 'data.txt');
	writeWorkloadFile(data, 400_000);
	// 30 short-lived gzip children, each born and reaped well inside one sampling interval, then
	// the shell's own accounting (`times`: itself, then its reaped children).
	const workload = `i=0; while [ $i -lt 30 ]; do gzip -6 -c "${data}" > /dev/null; i=$((i+1)); done; times`;

	test("own child: CPU seconds match the shell's own accounting within ±3 %", async () => {
		const child = shell(workload);
		const meter = new TaskMeter(child.pid as number, {
			intervalMs: 150,
			rootIsOwnChild: true,
			gpu: false,
		});
		meter.start();
		const output = collect(child.stdout);
		assert.strictEqual(await closed(child), 0);
		const measurement = await meter.stop();
		const times = parseTimes(output.text());

		assert.strictEqual(measurement.cpuAccounting, 'ownChild');
		assert.strictEqual(measurement.cpuUnderCountBoundSeconds, 0);
		assertWithinThreePercent(measurement.cpuSeconds, times.shell + times.children, 'own child');
		assert.ok(measurement.sampleCount >= 2, `only ${measurement.sampleCount} samples`);
		assert.ok(measurement.peakRssBytes > 0);
		assert.ok(measurement.machineBusyCpuSeconds >= measurement.cpuSeconds * 0.9);
	});

	test("parent outlives the root: its cutime gives the root's whole total within ±3 %", async () => {
		// The outer shell starts the workload shell in the background, reaps it, reports its
		// children's times, then waits on stdin so it is still alive when the meter stops.
		const escaped = workload.replace(/(["$`\\])/g, '\\$1');
		const parent = shell(`sh -c "${escaped}" & echo "root $!"; wait; times >&2; read _`);
		const stdout = collect(parent.stdout);
		const stderr = collect(parent.stderr);
		const rootPid = Number((await stdout.waitFor(/root (\d+)/))[1]);
		const meter = new TaskMeter(rootPid, {
			intervalMs: 150,
			parentPid: parent.pid,
			gpu: false,
		});
		meter.start();
		await stderr.waitFor(/(\d+m[\d.]+s\s+){4}/);
		const measurement = await meter.stop();
		parent.stdin?.end('\n');
		await closed(parent);

		assert.strictEqual(measurement.cpuAccounting, 'parent', (measurement.notes ?? []).join('; '));
		assertWithinThreePercent(measurement.cpuSeconds, parseTimes(stderr.text()).children, 'parent');
	});

	test('sampling alone never over-counts and states how much it may have missed', async () => {
		const child = shell(workload);
		const meter = new TaskMeter(child.pid as number, { intervalMs: 150, gpu: false });
		meter.start();
		const output = collect(child.stdout);
		await closed(child);
		const measurement = await meter.stop();
		const times = parseTimes(output.text());
		const reference = times.shell + times.children;

		assert.strictEqual(measurement.cpuAccounting, 'sampled');
		assert.ok(
			measurement.cpuSeconds <= reference * 1.03,
			`${measurement.cpuSeconds} > ${reference}`,
		);
		const bound = measurement.cpuUnderCountBoundSeconds ?? 0;
		assert.ok(
			measurement.cpuSeconds + bound >= reference * 0.97,
			`${measurement.cpuSeconds} + bound ${bound} < ${reference}`,
		);
		assert.ok((measurement.notes ?? []).length > 0, 'the fallback is explained');
	});

	test('stopping while the task still runs counts up to that moment', async () => {
		const child = shell(`${workload}; read _`);
		const meter = new TaskMeter(child.pid as number, {
			intervalMs: 100,
			rootIsOwnChild: true,
			gpu: false,
		});
		const output = collect(child.stdout);
		meter.start();
		await output.waitFor(/(\d+m[\d.]+s\s+){4}/);
		const measurement = await meter.stop();
		child.stdin?.end('\n');
		await closed(child);
		const times = parseTimes(output.text());

		assert.strictEqual(measurement.cpuAccounting, 'sampled');
		assert.strictEqual(measurement.cpuUnderCountBoundSeconds, 0);
		assertWithinThreePercent(measurement.cpuSeconds, times.shell + times.children, 'running');
	});

	test('a task that already exited gives zeros and a note, not an error', async () => {
		const child = shell('exit 0');
		await closed(child);
		const meter = new TaskMeter(child.pid as number, { rootIsOwnChild: true, gpu: false });
		meter.start();
		const measurement = await meter.stop();

		assert.strictEqual(measurement.cpuSeconds, 0);
		assert.strictEqual(measurement.peakRssBytes, 0);
		assert.ok((measurement.notes ?? []).some((note) => note.includes('already exited')));
	});
});

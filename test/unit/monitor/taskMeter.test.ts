import * as assert from 'node:assert';
import { join } from 'node:path';
import { MachineSampler } from '../../../src/monitor/machineSampler';
import { MemoryLogger } from '../../../src/core/logger';
import type { TreeSampler } from '../../../src/monitor/processTree';
import { TaskMeter } from '../../../src/monitor/taskMeter';
import {
	closed,
	collect,
	fakeNvidiaSmi,
	parseTimes,
	shell,
	temporaryFolder,
	writeWorkloadFile,
} from './helpers';

/**
 * Up to ±3 % of the operating system's own figure, as the issue asks, plus the reference's own
 * resolution: `times` prints four figures (shell user and system, children user and system), each
 * truncated to a 10 ms clock tick, so it reads up to 40 ms low.
 */
function assertWithinThreePercent(measured: number, reference: number, what: string): void {
	const tolerance = 0.03 * reference + 0.04;
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
			measurement.cpuSeconds <= reference * 1.03 + 0.04,
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

	test("GPU energy integrates nvidia-smi power, and the helper's own CPU is not billed to the task", async () => {
		// A fake nvidia-smi that burns some CPU itself before answering 100 W.
		const env = fakeNvidiaSmi('i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo "100, 50"');
		const machine = new MachineSampler({ nvidia: { env } });
		const child = shell(workload);
		const meter = new TaskMeter(child.pid as number, {
			intervalMs: 100,
			rootIsOwnChild: true,
			machine,
		});
		meter.start();
		const output = collect(child.stdout);
		await closed(child);
		const measurement = await meter.stop();
		const times = parseTimes(output.text());
		const seconds = (measurement.endedAtMs - measurement.startedAtMs) / 1000;

		assert.ok(machine.gpuHelperRuns >= 3, `${machine.gpuHelperRuns} nvidia-smi runs`);
		assert.strictEqual(measurement.cpuAccounting, 'ownChild', (measurement.notes ?? []).join('; '));
		assertWithinThreePercent(measurement.cpuSeconds, times.shell + times.children, 'with helpers');
		assert.ok(
			Math.abs((measurement.gpuJoules ?? 0) - 100 * seconds) < 0.5,
			`${measurement.gpuJoules} J`,
		);
		assert.strictEqual(measurement.gpuUtilisation, 0.5);
		assert.deepStrictEqual(measurement.sources?.gpu, { available: true });
	});

	test('a sampler that starts failing mid-task still gives a measurement, with a note', async () => {
		let calls = 0;
		const tree: TreeSampler = {
			sample() {
				calls++;
				if (calls > 1) {
					throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
				}

				return { atMs: 0, cpuSeconds: 1.5, rssBytes: 1024, processCount: 1, rootAlive: true };
			},
			peakRssBytes: 1024,
			averageRssBytes: 1024,
			rootChainDepartedSeconds: 0,
			rootReaped: false,
			rootPresent: true,
		};
		const logger = new MemoryLogger();
		const meter = new TaskMeter(process.pid, { tree, gpu: false, logger, intervalMs: 50 });
		meter.start();
		const measurement = await meter.stop();

		assert.strictEqual(measurement.cpuSeconds, 1.5);
		assert.ok((measurement.notes ?? []).some((note) => note.includes('EACCES')));
	});

	test('a slow (asynchronous) tree reader is never asked for two samples at once', async () => {
		let running = 0;
		let most = 0;
		let calls = 0;
		const tree: TreeSampler = {
			async sample() {
				calls++;
				running++;
				most = Math.max(most, running);
				// Four intervals long: a timer that did not wait for it would start three more.
				await new Promise((resolve) => setTimeout(resolve, 80));
				running--;
				return { atMs: 0, cpuSeconds: calls, rssBytes: 1024, processCount: 1, rootAlive: true };
			},
			peakRssBytes: 1024,
			averageRssBytes: 1024,
			rootChainDepartedSeconds: 0,
			rootReaped: false,
			rootPresent: true,
		};
		const meter = new TaskMeter(process.pid, { tree, gpu: false, intervalMs: 20 });
		meter.start();
		await new Promise((resolve) => setTimeout(resolve, 400));
		const measurement = await meter.stop();

		assert.strictEqual(most, 1, 'samples overlapped');
		// About one sample per 80 ms for 400 ms, plus the last one at stop.
		assert.ok(calls >= 4 && calls <= 8, `${calls} samples`);
		assert.strictEqual(measurement.sampleCount, calls);
	});
});

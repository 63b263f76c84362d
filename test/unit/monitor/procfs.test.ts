import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, uptime } from 'node:os';
import { join } from 'node:path';
import {
	clockTicksPerSecond,
	listPids,
	pageSizeBytes,
	parseMachineCpu,
	parseProcessStat,
	readMachineCpu,
	readPeakRssBytes,
	readProcessStat,
	StatFiles,
} from '../../../src/monitor/procfs';
import { statLine } from './fakeProc';
import { closed, temporaryFolder } from './helpers';

suite('procfs readers', () => {
	test('a comm with spaces and parentheses does not shift the fields', () => {
		const line = statLine({
			pid: 4242,
			ppid: 17,
			comm: 'my (odd) name) x',
			utime: 11,
			stime: 22,
			cutime: 33,
			cstime: 44,
			start: 98765,
			rss: 512,
		});
		const stat = parseProcessStat(line);

		assert.ok(stat);
		assert.strictEqual(stat.pid, 4242);
		assert.strictEqual(stat.comm, 'my (odd) name) x');
		assert.strictEqual(stat.ppid, 17);
		assert.strictEqual(stat.utimeTicks, 11);
		assert.strictEqual(stat.stimeTicks, 22);
		assert.strictEqual(stat.cutimeTicks, 33);
		assert.strictEqual(stat.cstimeTicks, 44);
		assert.strictEqual(stat.startTimeTicks, 98765);
		assert.strictEqual(stat.rssPages, 512);
	});

	test('garbage and truncated lines are rejected, not misread', () => {
		assert.strictEqual(parseProcessStat(''), undefined);
		assert.strictEqual(parseProcessStat('12 (sh) S 1 2 3'), undefined);
		assert.strictEqual(parseProcessStat('not a stat line at all'), undefined);
	});

	test('this process reads as itself', () => {
		const stat = readProcessStat('self');

		assert.ok(stat);
		assert.strictEqual(stat.pid, process.pid);
		assert.strictEqual(stat.ppid, process.ppid);
		assert.ok(stat.rssPages * pageSizeBytes() > 10 * 1024 * 1024, 'node uses more than 10 MiB');
		assert.ok(listPids().includes(process.pid));
		const peak = readPeakRssBytes(process.pid);
		assert.ok(peak !== undefined && peak >= stat.rssPages * pageSizeBytes() * 0.9);
	});

	test('a process that does not exist reads as undefined', () => {
		assert.strictEqual(readProcessStat(2 ** 30), undefined);
	});

	test('machine CPU: busy counts user, nice, system, irq, softirq and steal; total adds idle', () => {
		const cpu = parseMachineCpu('cpu  100 5 50 800 40 3 2 7 9 0\ncpu0 1 2 3 4\n');

		assert.deepStrictEqual(cpu, { busyTicks: 167, totalTicks: 1007 });
		assert.strictEqual(parseMachineCpu('intr 1 2 3'), undefined);
	});

	test('machine CPU on this machine is consistent with its core count', () => {
		const folder = temporaryFolder('stat');
		writeFileSync(join(folder, 'stat'), 'cpu  1 2 3 4\n');
		assert.deepStrictEqual(readMachineCpu(folder), { busyTicks: 6, totalTicks: 10 });

		const cpu = readMachineCpu();
		assert.ok(cpu);
		assert.ok(cpu.busyTicks > 0 && cpu.busyTicks < cpu.totalTicks);
		// Every core spends each second either busy or idle, so total / cores is the uptime.
		const perCore = cpu.totalTicks / clockTicksPerSecond() / cpus().length;
		assert.ok(
			Math.abs(perCore - uptime()) <= 0.1 * uptime(),
			`${perCore} s vs uptime ${uptime()} s`,
		);
	});

	test("clock ticks and page size are the kernel's", () => {
		assert.strictEqual(clockTicksPerSecond(), 100);
		assert.ok([4096, 16384, 65536].includes(pageSizeBytes()));
	});

	test('a file kept open reads as gone once its process is reaped', async () => {
		const child = spawn('sleep', ['30']);
		const files = new StatFiles();
		const stat = files.read(child.pid as number, true);
		assert.strictEqual(stat?.comm, 'sleep');
		assert.strictEqual(files.openCount, 1);
		assert.strictEqual(files.read(child.pid as number, true)?.startTimeTicks, stat.startTimeTicks);

		child.kill('SIGKILL');
		await closed(child);
		assert.strictEqual(files.read(child.pid as number, true), undefined);
		assert.strictEqual(files.openCount, 0);
	});
});

import * as assert from 'node:assert';
import { spawn } from 'node:child_process';
import { ProcessTreeReader } from '../../../src/monitor/processTree';
import { FakeProc } from './fakeProc';
import { closed, collect, parseTimes, shell } from './helpers';

const MiB = 1024 * 1024;

suite('ProcessTreeReader on a fake /proc', () => {
	const options = (proc: FakeProc) => ({
		procRoot: proc.root,
		clockTicks: 100,
		pageSize: 4096,
		fullScanEvery: 1000,
	});

	test('sums the root and its descendants, not unrelated processes', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 1, ppid: 0, start: 1, utime: 5000 },
			{ pid: 100, ppid: 1, start: 1000, utime: 10, stime: 5 },
			{ pid: 200, ppid: 100, start: 1100, utime: 40, cutime: 20, rss: 256 },
			{ pid: 300, ppid: 200, start: 1200, utime: 25, rss: 256 },
			{ pid: 400, ppid: 1, start: 1300, utime: 999 },
		]);
		const reader = new ProcessTreeReader(100, options(proc));
		const sample = reader.sample();

		assert.strictEqual(sample.processCount, 3);
		assert.strictEqual(sample.cpuSeconds, 1.0);
		assert.strictEqual(sample.rssBytes, 2 * MiB);
		assert.strictEqual(sample.rootAlive, true);
	});

	test('a child reaped between samples is counted once, through its parent', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: 50 },
		]);
		const reader = new ProcessTreeReader(100, options(proc));
		assert.strictEqual(reader.sample().cpuSeconds, 0.6);

		// 200 ran to 70 ticks and was reaped by 100; 250 was born and reaped unseen (30 ticks).
		proc.set([{ pid: 100, ppid: 1, start: 1000, utime: 12, cutime: 100 }]);
		assert.strictEqual(reader.sample().cpuSeconds, 1.12);
	});

	test('a reused pid is a different process: no double count, no borrowed time', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: 50 },
		]);
		const reader = new ProcessTreeReader(100, { ...options(proc), fullScanEvery: 1 });
		reader.sample();

		// 200 exited (reaped by 100) and an unrelated process took its pid.
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 60 },
			{ pid: 200, ppid: 1, start: 5000, utime: 900 },
		]);
		const unrelated = reader.sample();
		assert.strictEqual(unrelated.cpuSeconds, 0.7);
		assert.strictEqual(unrelated.processCount, 1);

		// Then the pid is reused again, by a new child of the root: that one counts from zero.
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 60 },
			{ pid: 200, ppid: 100, start: 6000, utime: 5 },
		]);
		const child = reader.sample();
		assert.strictEqual(child.cpuSeconds, 0.75);
		assert.strictEqual(child.processCount, 2);
	});

	test('when the root is reaped by its own parent, its last-seen time is kept', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 30, cutime: 20 },
			{ pid: 200, ppid: 100, start: 1100, utime: 40 },
		]);
		const reader = new ProcessTreeReader(100, options(proc));
		reader.sample();

		proc.set([{ pid: 7, ppid: 1, start: 10 }]);
		const after = reader.sample();
		assert.strictEqual(after.cpuSeconds, 0.9);
		assert.strictEqual(after.rootAlive, false);
		assert.strictEqual(reader.rootReaped, true);
		assert.strictEqual(reader.rootChainDepartedSeconds, 0.9);
	});

	test('an orphan keeps being followed after its parent exits, and its time is kept', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: 20 },
			{ pid: 300, ppid: 200, start: 1200, utime: 30 },
		]);
		const reader = new ProcessTreeReader(100, options(proc));
		reader.sample();

		// 200 exits without waiting for 300 (reaped by 100); 300 is re-parented to init.
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 25 },
			{ pid: 300, ppid: 1, start: 1200, utime: 45 },
		]);
		assert.strictEqual(reader.sample().cpuSeconds, 0.8);

		// 300 exits and init reaps it: outside the tree, so its last-seen time is kept.
		proc.set([{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 25 }]);
		const sample = reader.sample();
		assert.strictEqual(sample.cpuSeconds, 0.8);
		assert.strictEqual(reader.rootChainDepartedSeconds, 0);
	});

	test('a zombie reporting less time does not make the total go backwards', () => {
		const proc = new FakeProc();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: 50 },
		]);
		const reader = new ProcessTreeReader(100, options(proc));
		reader.sample();
		proc.set([
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, state: 'Z', utime: 0 },
		]);

		assert.strictEqual(reader.sample().cpuSeconds, 0.6);
	});

	test('with the pid allocation counter: new pids are read, a wrapped-around reuse is caught', () => {
		const proc = new FakeProc();
		proc.set(
			[
				{ pid: 100, ppid: 1, start: 1000, utime: 10 },
				{ pid: 250, ppid: 1, start: 1100, utime: 999 },
			],
			300,
		);
		const reader = new ProcessTreeReader(100, options(proc));
		assert.strictEqual(reader.sample().cpuSeconds, 0.1);

		// No pid handed out since: the tree is read from its open files only.
		proc.set(
			[
				{ pid: 100, ppid: 1, start: 1000, utime: 20 },
				{ pid: 250, ppid: 1, start: 1100, utime: 999 },
			],
			300,
		);
		assert.strictEqual(reader.sample().cpuSeconds, 0.2);

		// The counter wrapped (pid_max 400) past 250, which the root's new child now holds.
		proc.set(
			[
				{ pid: 100, ppid: 1, start: 1000, utime: 20 },
				{ pid: 250, ppid: 100, start: 9000, utime: 7 },
			],
			260,
		);
		const sample = reader.sample();
		assert.strictEqual(sample.cpuSeconds, 0.27);
		assert.strictEqual(sample.processCount, 2);
	});

	test('with the pid allocation counter: a member that exits is noticed without listing /proc', () => {
		const proc = new FakeProc();
		proc.set(
			[
				{ pid: 100, ppid: 1, start: 1000, utime: 10 },
				{ pid: 200, ppid: 100, start: 1100, utime: 30 },
			],
			300,
		);
		const reader = new ProcessTreeReader(100, options(proc));
		reader.sample();
		proc.set([{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 35 }], 300);
		const sample = reader.sample();

		assert.strictEqual(sample.processCount, 1);
		assert.strictEqual(sample.cpuSeconds, 0.45);
	});

	test("the root's siblings are watched: each one that goes is counted once, threads are not", () => {
		const proc = new FakeProc();
		const parent = { pid: 50, ppid: 1, start: 500 };
		const root = { pid: 100, ppid: 50, start: 1000, utime: 10 };
		const sibling = { pid: 150, ppid: 50, start: 1500 };
		proc.set([parent, root, sibling], 150);
		const reader = new ProcessTreeReader(100, { ...options(proc), siblingsOfParent: 50 });
		reader.sample();
		assert.strictEqual(reader.siblingExits, 0);

		// A new sibling and a thread of the old one (its id names the same parent) appear.
		const newSibling = { pid: 160, ppid: 50, start: 1600 };
		const thread = { pid: 161, ppid: 50, start: 1610, tgid: 150 };
		proc.set([parent, root, sibling, newSibling, thread], 161);
		reader.sample();
		assert.strictEqual(reader.siblingExits, 0);

		// The thread ends: not a sibling exit. Then the first sibling exits.
		proc.set([parent, root, sibling, newSibling], 161);
		reader.sample();
		assert.strictEqual(reader.siblingExits, 0);
		proc.set([parent, root, newSibling], 161);
		reader.sample();
		assert.strictEqual(reader.siblingExits, 1);

		// Its pid comes back as another sibling: the one that held it has gone, once; the other
		// sibling exits too. Counted once each across many samples, listings of /proc included.
		proc.set([parent, root, newSibling, { pid: 150, ppid: 50, start: 1700 }], 150);
		for (let i = 0; i < 20; i++) {
			reader.sample();
		}
		assert.strictEqual(reader.siblingExits, 1);
		proc.set([parent, root, { pid: 150, ppid: 50, start: 1700 }], 150);
		for (let i = 0; i < 20; i++) {
			reader.sample();
		}
		assert.strictEqual(reader.siblingExits, 2);
		assert.strictEqual(reader.sample().cpuSeconds, 0.1);
	});

	test('a sibling whose pid is reused between two samples counts as gone', () => {
		const proc = new FakeProc();
		const parent = { pid: 50, ppid: 1, start: 500 };
		const root = { pid: 100, ppid: 50, start: 1000 };
		proc.set([parent, root, { pid: 150, ppid: 50, start: 1500 }], 150);
		const reader = new ProcessTreeReader(100, { ...options(proc), siblingsOfParent: 50 });
		reader.sample();
		// The pid counter wrapped around the 400 pids and handed 150 out again.
		proc.set([parent, root, { pid: 150, ppid: 50, start: 9000 }], 150);
		reader.sample();
		assert.strictEqual(reader.siblingExits, 1);
	});

	test('idle members are read less often, yet nothing is lost, doubled or dipped', () => {
		const proc = new FakeProc();
		const table = (child: number, grandchild: boolean) => [
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: child, cutime: grandchild ? 0 : 5 },
			...(grandchild ? [{ pid: 300, ppid: 200, start: 1200, utime: 5 }] : []),
		];
		proc.set(table(30, true), 500);
		const reader = new ProcessTreeReader(100, options(proc));
		for (let i = 0; i < 6; i++) {
			assert.strictEqual(reader.sample().cpuSeconds, 0.45);
		}

		// The idle grandchild exits and its idle parent reaps it: the total holds at every sample,
		// and the exit is noticed within eight samples.
		proc.set(table(30, false), 500);
		const counts: number[] = [];
		for (let i = 0; i < 8; i++) {
			const sample = reader.sample();
			assert.strictEqual(sample.cpuSeconds, 0.45);
			counts.push(sample.processCount);
		}

		assert.strictEqual(counts[7], 2);

		// The idle child wakes up: its time shows within eight samples, and at once on a full one.
		proc.set(table(80, false), 500);
		const seen: number[] = [];
		for (let i = 0; i < 8; i++) {
			seen.push(reader.sample().cpuSeconds);
		}

		assert.strictEqual(seen[7], 0.95);
		assert.ok(seen.every((value) => value === 0.45 || value === 0.95));
		proc.set(table(90, false), 500);
		assert.strictEqual(reader.sample({ full: true }).cpuSeconds, 1.05);
	});

	test('an idle member reaped by the root is not counted beside the root that now carries it', () => {
		const proc = new FakeProc();
		proc.set(
			[
				{ pid: 100, ppid: 1, start: 1000, utime: 10 },
				{ pid: 200, ppid: 100, start: 1100, utime: 30 },
			],
			500,
		);
		const reader = new ProcessTreeReader(100, options(proc));
		for (let i = 0; i < 6; i++) {
			reader.sample();
		}

		proc.set([{ pid: 100, ppid: 1, start: 1000, utime: 10, cutime: 30 }], 500);
		const sample = reader.sample();
		assert.strictEqual(sample.cpuSeconds, 0.4);
		assert.strictEqual(sample.processCount, 1);
	});

	test('a few new pids are read one by one; a thread id is not taken for a child', () => {
		const proc = new FakeProc();
		const base = [
			{ pid: 100, ppid: 1, start: 1000, utime: 10 },
			{ pid: 200, ppid: 100, start: 1100, utime: 20 },
		];
		proc.set(base, 500);
		const reader = new ProcessTreeReader(100, options(proc));
		reader.sample();

		// 501 is a new child of 200; 502 is a thread of 200 (its stat shows 200's parent and the
		// whole group's time); 503 belongs to someone else.
		proc.set(
			[
				...base,
				{ pid: 501, ppid: 200, start: 2000, utime: 3 },
				{ pid: 502, ppid: 100, start: 2001, utime: 20, tgid: 200 },
				{ pid: 503, ppid: 1, start: 2002, utime: 50 },
			],
			503,
		);
		const sample = reader.sample();

		assert.strictEqual(sample.processCount, 3);
		assert.strictEqual(sample.cpuSeconds, 0.33);
	});

	test('time-weighted average memory follows the samples', () => {
		const proc = new FakeProc();
		let now = 0;
		const reader = new ProcessTreeReader(100, { ...options(proc), now: () => now });
		proc.set([{ pid: 100, ppid: 1, start: 1000, rss: 256 }]);
		reader.sample();
		now = 1000;
		proc.set([{ pid: 100, ppid: 1, start: 1000, rss: 768 }]);
		reader.sample();
		now = 3000;
		reader.sample();

		assert.strictEqual(reader.peakRssBytes, 3 * MiB);
		// 1 s rising from 1 to 3 MiB (mean 2), then 2 s at 3 MiB: (2 + 6) / 3.
		assert.strictEqual(reader.averageRssBytes, (8 / 3) * MiB);
	});
});

suite('ProcessTreeReader on real processes', function () {
	this.timeout(30000);

	test('children born and reaped between two samples are all counted', async () => {
		// 40 CPU-bound children run and are reaped while the reader is not looking.
		const child = shell(
			'i=0; while [ $i -lt 40 ]; do seq 1 30000 | gzip -9 > /dev/null; i=$((i+1)); done; times; read _',
		);
		const output = collect(child.stdout);
		const reader = new ProcessTreeReader(child.pid as number);
		const before = reader.sample();
		await output.waitFor(/(\d+m[\d.]+s\s+){4}/);
		const after = reader.sample();
		child.stdin?.end('\n');
		await closed(child);
		const times = parseTimes(output.text());
		const reference = times.shell + times.children;

		assert.ok(before.cpuSeconds < 0.05, `started at ${before.cpuSeconds}`);
		assert.ok(reference > 0.2, `the workload used only ${reference} s`);
		assert.ok(
			// ±3 %, plus 40 ms for the four tick-truncated figures of `times`.
			Math.abs(after.cpuSeconds - reference) <= 0.03 * reference + 0.04,
			`tree ${after.cpuSeconds} s vs shell's times ${reference} s`,
		);
		assert.strictEqual(after.processCount, 1, 'only the waiting shell is left');
	});

	test('children started after the first sample are found, and threads are not', async () => {
		// The shell starts three sleeps and a node process with worker threads once told to.
		const child = shell(
			'read _; sleep 30 & a=$!; sleep 30 & b=$!; sleep 30 & c=$!; ' +
				`"${process.execPath}" -e 'new (require("worker_threads").Worker)("setInterval(() => {}, 1000)", { eval: true }); console.log("threads")' & d=$!; ` +
				'read _; kill $a $b $c $d; wait',
		);
		const output = collect(child.stdout);
		const reader = new ProcessTreeReader(child.pid as number);
		assert.strictEqual(reader.sample().processCount, 1);
		child.stdin?.write('\n');
		await output.waitFor(/threads/);
		const sample = reader.sample();
		child.stdin?.end('\n');
		await closed(child);

		assert.strictEqual(sample.processCount, 5);
		assert.deepStrictEqual(
			reader
				.liveMembers()
				.map((member) => member.comm)
				.sort(),
			['node', 'sh', 'sleep', 'sleep', 'sleep'],
		);
	});

	test('peak memory of a process that allocates 200 MiB is found', async () => {
		const child = spawn(
			process.execPath,
			[
				'-e',
				'const b = Buffer.alloc(200 * 1024 * 1024, 1); console.log("ready " + b.length); process.stdin.resume(); process.stdin.on("end", () => process.exit(0));',
			],
			{ stdio: ['pipe', 'pipe', 'inherit'] },
		);
		const output = collect(child.stdout);
		await output.waitFor(/ready/);
		const reader = new ProcessTreeReader(child.pid as number);
		const sample = reader.sample();
		child.stdin?.end();
		await closed(child);

		// Node itself adds some 30–90 MiB on top of the buffer.
		assert.ok(sample.rssBytes >= 200 * MiB, `rss ${sample.rssBytes / MiB} MiB`);
		assert.ok(sample.rssBytes <= 320 * MiB, `rss ${sample.rssBytes / MiB} MiB`);
		assert.ok(reader.peakRssBytes >= sample.rssBytes);
	});

	test("a memory spike between samples is caught by the process's high-water mark", async () => {
		const child = spawn(
			process.execPath,
			[
				'-e',
				'let b = Buffer.alloc(150 * 1024 * 1024, 1); b = null; global.gc?.(); console.log("ready"); process.stdin.resume(); process.stdin.on("end", () => process.exit(0));',
			],
			{ stdio: ['pipe', 'pipe', 'inherit'] },
		);
		const output = collect(child.stdout);
		await output.waitFor(/ready/);
		const reader = new ProcessTreeReader(child.pid as number);
		reader.sample();
		child.stdin?.end();
		await closed(child);

		assert.ok(reader.peakRssBytes >= 150 * MiB, `peak ${reader.peakRssBytes / MiB} MiB`);
	});
});

// Cost of sampling a 50-process tree: Footprint's /proc reader vs systeminformation's processes()
// vs pidusage, in one run on the same tree; then the CPU overhead of the real sampler at a 1 s
// interval over 60 s. Prints markdown tables with the targets; writes .bench/processTree.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import pidusage from 'pidusage';
import * as si from 'systeminformation';
import { MachineSampler } from '../src/monitor/machineSampler';
import {
	listPids,
	readMachineCpu,
	readProcessStat,
	readReapedChildrenSeconds,
} from '../src/monitor/procfs';
import { ProcessTreeReader } from '../src/monitor/processTree';

const overheadSeconds = Number(process.env.FOOTPRINT_BENCH_OVERHEAD_SECONDS ?? 60);
/** Sampler processes run side by side for the overhead figure (each wakes once a second). */
const SAMPLER_RUNS = 5;
const trees: ChildProcess[] = [];

/** Kills a tree started with `detached` (its own process group), whatever state it is in. */
function killTree(child: ChildProcess): void {
	if (child.pid !== undefined && child.exitCode === null) {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// Already gone.
		}
	}
}

function killAll(): void {
	for (const tree of trees) {
		killTree(tree);
	}
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		killAll();
		process.exit(130);
	});
}

/** Starts `sh` with 49 `sleep 60` children: 50 processes; resolves once all are running. */
function startTree(): Promise<ChildProcess> {
	const child = spawn(
		'sh',
		['-c', 'i=0; while [ $i -lt 49 ]; do sleep 600 & i=$((i+1)); done; echo ready; wait'],
		{ detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
	);
	trees.push(child);
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('ready')) {
				resolve(child);
			}
		});
	});
}

interface Cost {
	/** Wall-clock µs per call: mean and 95th percentile. */
	mean: number;
	p95: number;
	/**
	 * CPU µs per call: this process's user + system time, plus that of child processes it reaped
	 * (systeminformation runs `ps`), which is what a call costs the machine whatever its load.
	 */
	cpu: number;
}

/**
 * Wall-clock and CPU cost of `runs` calls, in µs per call. With `pauseMs`, each call follows an idle
 * pause (not measured), as in real sampling where caches have gone cold since the last sample.
 */
async function time(runs: number, call: () => unknown, pauseMs = 0): Promise<Cost> {
	const durations: number[] = [];
	let ownCpu = 0;
	const childrenBefore = readReapedChildrenSeconds() ?? 0;
	for (let i = 0; i < runs; i++) {
		if (pauseMs > 0) {
			await new Promise((resolve) => setTimeout(resolve, pauseMs));
		}

		const cpuBefore = process.cpuUsage();
		const start = process.hrtime.bigint();
		await call();
		durations.push(Number(process.hrtime.bigint() - start) / 1000);
		const cpu = process.cpuUsage(cpuBefore);
		ownCpu += cpu.user + cpu.system;
	}

	const children = (readReapedChildrenSeconds() ?? 0) - childrenBefore;
	durations.sort((a, b) => a - b);
	const mean = durations.reduce((sum, value) => sum + value, 0) / durations.length;
	return {
		mean,
		p95: durations[Math.min(durations.length - 1, Math.floor(durations.length * 0.95))],
		cpu: (ownCpu + children * 1e6) / runs,
	};
}

function descendants(rootPid: number): number[] {
	const reader = new ProcessTreeReader(rootPid);
	reader.sample();
	return reader.liveMembers().map((member) => member.pid);
}

/**
 * Bundles the sampler child with esbuild, as the extension and the CLI ship, so the child runs plain
 * JavaScript: under the tsx loader an idle process alone burns several ms of CPU per second.
 */
function bundleSamplerProcess(): string {
	const outfile = join('.bench', 'samplerProcess.js');
	buildSync({
		entryPoints: [join('bench', 'samplerProcess.ts')],
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'cjs',
		outfile,
		logLevel: 'warning',
	});
	return outfile;
}

function runSampler(
	script: string,
	rootPid: number,
	mode: 'sampler' | 'idle' | 'timer',
): Promise<Record<string, number>> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[script, String(rootPid), mode, String(overheadSeconds)],
			{
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		let output = '';
		child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.once('error', reject);
		child.once('close', (code) => {
			try {
				resolve(JSON.parse(output.trim().split('\n').pop() ?? '') as Record<string, number>);
			} catch {
				reject(new Error(`sampler child (${mode}) exited with ${code}: ${output}`));
			}
		});
	});
}

function machineLine(): string {
	const model = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
	return `${cpus().length} logical CPUs (nproc), ${model ?? cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

const met = (ok: boolean): string => (ok ? 'met' : 'not met');
const fixed = (value: number, digits = 0): string => value.toFixed(digits);

async function main(): Promise<void> {
	if (process.platform !== 'linux') {
		console.log('The /proc reader benchmark needs Linux; skipped.');
		return;
	}

	console.log(`Machine: ${machineLine()}\n`);
	const loadBefore = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
	const tree = await startTree();
	const rootPid = tree.pid as number;
	const pids = descendants(rootPid);
	const processesOnMachine = listPids().length;

	// Footprint's reader: the first sample reads every process once; later ones read the tree's due
	// members and the pids allocated since, as in real sampling.
	const reader = new ProcessTreeReader(rootPid);
	const first = await time(1, () => reader.sample());
	const ours = await time(400, () => reader.sample());
	// A full sample re-reads every process of the tree and every pid on the machine.
	const ourFull = await time(100, () => reader.sample({ full: true }));
	const cold = await time(40, () => reader.sample(), 50);
	const siProcesses = await time(5, () => si.processes());
	const pidusageCost = await time(50, () => pidusage(pids));
	const statRead = await time(2000, () => readProcessStat('self'));
	const machineCpu = await time(2000, () => readMachineCpu());
	const machine = new MachineSampler({ gpu: false });
	const machineSample = await time(2000, () => machine.sample());
	const counted = reader.sample().processCount;

	const loadAfter = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
	console.log(
		`Tree: ${counted} processes (sh + 49 sleep); ${processesOnMachine} processes on the machine; ` +
			`load average before ${loadBefore}, after ${loadAfter}.\n`,
	);
	console.log(
		'CPU µs is what one call costs the machine (user + system time, including child processes);',
	);
	console.log('wall µs also includes waiting for a CPU, which depends on what else runs.\n');
	console.log(
		'| one sample of the tree | CPU µs | × Footprint (CPU) | wall µs (mean) | wall µs (p95) | target |',
	);
	console.log('| --- | ---: | ---: | ---: | ---: | --- |');
	const row = (name: string, cost: Cost, target = '') =>
		console.log(
			`| ${name} | ${fixed(cost.cpu)} | ${fixed(cost.cpu / ours.cpu, 1)} | ${fixed(cost.mean)} | ${fixed(cost.p95)} | ${target} |`,
		);
	row('Footprint /proc reader, back to back', ours, `≤ 1000 µs: ${met(ours.cpu <= 1000)}`);
	row('Footprint, after 50 ms idle (cold caches)', cold);
	row('Footprint, full sample (every pid on the machine read)', ourFull);
	row('Footprint, first sample', first);
	const siRatio = siProcesses.cpu / ours.cpu;
	row(
		'systeminformation processes()',
		siProcesses,
		`Footprint ≥ 20× cheaper: ${met(siRatio >= 20)}`,
	);
	row('pidusage (the 50 pids, no discovery)', pidusageCost);
	console.log('\n| one read | CPU µs | wall µs (mean) |');
	console.log('| --- | ---: | ---: |');
	console.log(`| /proc/self/stat | ${fixed(statRead.cpu, 1)} | ${fixed(statRead.mean, 1)} |`);
	console.log(
		`| /proc/stat (machine CPU) | ${fixed(machineCpu.cpu, 1)} | ${fixed(machineCpu.mean, 1)} |`,
	);
	console.log(
		`| machine sample (CPU + RAPL if readable) | ${fixed(machineSample.cpu, 1)} | ${fixed(machineSample.mean, 1)} |`,
	);

	console.log(
		`\nSampler overhead: TaskMeter at a 1 s interval for ${overheadSeconds} s on the same tree,`,
	);
	console.log(
		`in ${SAMPLER_RUNS} processes of their own at once (bundled JavaScript, as shipped), against an idle process`,
	);
	console.log(
		'that loaded the same modules; the median of the runs is the figure (one run swings by about ±0.01 %).\n',
	);
	const script = bundleSamplerProcess();
	const [idle, timer, ...runs] = await Promise.all([
		runSampler(script, rootPid, 'idle'),
		runSampler(script, rootPid, 'timer'),
		...Array.from({ length: SAMPLER_RUNS }, () => runSampler(script, rootPid, 'sampler')),
	]);
	const share = (run: Record<string, number>) =>
		Math.max(0, run.cpuSeconds - idle.cpuSeconds) / run.wallSeconds;
	runs.sort((a, b) => share(a) - share(b));
	const sampler = runs[Math.floor(runs.length / 2)];
	const overhead = share(sampler);
	console.log(
		`New process and thread ids on the machine during the window: ${fixed(sampler.pidsPerSecond)} per second ` +
			'(each costs the sampler one read).\n',
	);
	console.log('| process | CPU ms over the window | samples | share of one core | target |');
	console.log('| --- | ---: | ---: | ---: | --- |');
	runs.forEach((run, index) =>
		console.log(
			`| sampler, run ${index + 1} of ${runs.length} (lowest first) | ${fixed(run.cpuSeconds * 1000, 1)} | ${run.samples} | ${fixed((run.cpuSeconds / run.wallSeconds) * 100, 3)} % | |`,
		),
	);
	console.log(
		`| idle baseline | ${fixed(idle.cpuSeconds * 1000, 1)} | 0 | ${fixed((idle.cpuSeconds / idle.wallSeconds) * 100, 3)} % | |`,
	);
	console.log(
		`| floor: a process waking once a second to do nothing, − idle | ${fixed((timer.cpuSeconds - idle.cpuSeconds) * 1000, 1)} | 0 | ${fixed(share(timer) * 100, 3)} % | |`,
	);
	console.log(
		`| the sampling itself (median run − floor) | ${fixed((sampler.cpuSeconds - timer.cpuSeconds) * 1000, 1)} | | ${fixed((share(sampler) - share(timer)) * 100, 3)} % | |`,
	);
	console.log(
		`| overhead (median run − idle) | ${fixed((sampler.cpuSeconds - idle.cpuSeconds) * 1000, 1)} | | ${fixed(overhead * 100, 3)} % | ≤ 0.1 %: ${met(overhead <= 0.001)} |`,
	);

	mkdirSync('.bench', { recursive: true });
	writeFileSync(
		join('.bench', 'processTree.json'),
		JSON.stringify(
			{
				machine: machineLine(),
				treeProcesses: counted,
				processesOnMachine,
				microseconds: {
					footprint: ours,
					footprintFullScan: ourFull,
					footprintFirst: first,
					systeminformation: siProcesses,
					pidusage: pidusageCost,
					procSelfStat: statRead,
					procStat: machineCpu,
					machineSample,
				},
				overhead: { runs, idle, timer, median: sampler, shareOfOneCore: overhead },
			},
			null,
			2,
		),
	);
}

main()
	.catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	})
	.finally(killAll);

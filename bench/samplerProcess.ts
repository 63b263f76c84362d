// Child process of processTree.bench.ts: samples a process tree with the real TaskMeter at a 1 s
// interval (or stays idle, as the baseline, or only wakes once a second, as the floor) and reports
// its own CPU time over the window as JSON.
// Usage: node --import tsx bench/samplerProcess.ts <rootPid> <sampler|idle|timer> <seconds>
import { readLastPid, readPidMax } from '../src/monitor/procfs';
import { TaskMeter } from '../src/monitor/taskMeter';

async function main(): Promise<void> {
	const [rootArgument, mode, secondsArgument] = process.argv.slice(2);
	const rootPid = Number(rootArgument);
	const seconds = Number(secondsArgument);
	const meter = new TaskMeter(rootPid, { intervalMs: 1000 });
	// Start counting only once the modules are loaded and warm, so start-up cost is not counted.
	const before = process.cpuUsage();
	const firstPid = readLastPid() ?? 0;
	const startedAt = process.hrtime.bigint();
	if (mode === 'sampler') {
		meter.start();
	} else if (mode === 'timer') {
		// The floor: waking once a second to do nothing, what any 1 s sampler pays on this machine.
		setInterval(() => undefined, 1000).unref();
	}

	// A ref'ed timer keeps both processes alive for the same window (the meter's timer is unref'ed).
	await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
	const used = process.cpuUsage(before);
	const lastPid = readLastPid() ?? 0;
	// Process (and thread) ids handed out on the whole machine during the window: each new one
	// costs the sampler one read, so this says how busy the machine was.
	const allocated =
		lastPid >= firstPid ? lastPid - firstPid : (readPidMax() ?? 0) - firstPid + lastPid;
	const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
	const measurement = mode === 'sampler' ? await meter.stop() : undefined;
	console.log(
		JSON.stringify({
			mode,
			wallSeconds,
			cpuSeconds: (used.user + used.system) / 1e6,
			samples: measurement?.sampleCount ?? 0,
			processCount: measurement?.peakProcessCount ?? 0,
			pidsPerSecond: allocated / wallSeconds,
		}),
	);
}

void main();

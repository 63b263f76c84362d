/**
 * Measures one task (a process tree) from start to stop: its CPU time, resident memory, and the
 * machine's busy CPU, RAPL energy and GPU power over the same window. The estimators turn the result
 * into energy and carbon.
 *
 * Sampling alone loses the root's last interval: after the last sample the root may still run, reap
 * children and exit, and its whole total then moves into the cutime of whoever reaps it. Whoever
 * that is gives the exact figure back: this process when it spawned the root (`rootIsOwnChild`,
 * the command-line tool), or the root's parent when that parent outlives it (`parentPid`, a VS Code
 * task's shell reaped by the editor's terminal host).
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { MachineSample, TaskMeasurement, TreeSample } from '../core/measurement';
import { silentLogger, type Logger } from '../core/logger';
import { MachineSampler } from './machineSampler';
import { DEFAULT_PROC_ROOT, readReapedChildrenSeconds } from './procfs';
import { PidusageTreeReader } from './pidusageTree';
import { ProcessTreeReader, type TreeSampler } from './processTree';

/** Options of {@link TaskMeter}. */
export interface TaskMeterOptions {
	/** Sampling interval in milliseconds; default 2000 (the `footprint.sampling.intervalSeconds` default). */
	intervalMs?: number;
	logger?: Logger;
	/**
	 * The root was spawned by this process and this process has no other children than the meter's
	 * own helpers (nvidia-smi): CPU time is then the exact increase of this process's cutime + cstime.
	 */
	rootIsOwnChild?: boolean;
	/**
	 * The root's parent, which outlives the root and reaps it: CPU time is then the increase of its
	 * cutime + cstime, unless another of its children exited in the same window (then sampling).
	 */
	parentPid?: number;
	/** Read GPU power with nvidia-smi at each sample; default true. */
	gpu?: boolean;
	/** The machine sampler to use (shared with a status bar, or a test double). */
	machine?: MachineSampler;
	/** The tree sampler to use; default the /proc reader on Linux, pidusage elsewhere. */
	tree?: TreeSampler;
	procRoot?: string;
	/** How long {@link TaskMeter.stop} waits for a zombie root to be reaped; default 500 ms. */
	reapWaitMs?: number;
	/** Called after every sample (for a live view). */
	onSample?: (tree: TreeSample, machine: MachineSample) => void;
}

/** The tree sampler's options, made once: a sample allocates as little as it can. */
const PARTIAL_SAMPLE = { full: false } as const;
const FULL_SAMPLE = { full: true } as const;

interface GpuPoint {
	atMs: number;
	watts: number;
	utilisation?: number;
}

/** Measures a process tree between {@link start} and {@link stop}. */
export class TaskMeter {
	private readonly intervalMs: number;
	private readonly logger: Logger;
	private readonly tree: TreeSampler;
	private readonly machine: MachineSampler;
	private readonly gpu: boolean;
	private readonly reaper: number | 'self' | undefined;
	private readonly procRoot: string;
	private readonly reapWaitMs: number;
	private readonly onSample: TaskMeterOptions['onSample'];
	private readonly notes: string[] = [];
	private timer: NodeJS.Timeout | undefined;
	private inFlight: Promise<void> | undefined;
	private started = false;
	private stopped = false;
	private result: Promise<TaskMeasurement> | undefined;
	private startedAtMs = 0;
	private startedAtEpochMs = 0;
	private firstMachine: MachineSample | undefined;
	private lastMachine: MachineSample | undefined;
	private lastTree: TreeSample | undefined;
	private lastMachineAtMs = 0;
	private sampleCount = 0;
	private peakProcessCount = 0;
	private readonly gpuPoints: GpuPoint[] = [];
	/** The reaper's cutime + cstime at the last sample where the root was still in the table. */
	private lastPresentReaperSeconds: number | undefined;
	private lastPresentAtMs: number | undefined;
	private siblingExitsAtLastPresent = 0;
	private helperSeconds = 0;
	private helpersDone = 0;
	private helpersDoneAtLastPresent = 0;
	private helpersMeasured = 0;

	constructor(
		readonly rootPid: number,
		options: TaskMeterOptions = {},
	) {
		this.intervalMs = Math.max(50, options.intervalMs ?? 2000);
		this.logger = options.logger ?? silentLogger;
		this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
		this.gpu = options.gpu ?? true;
		this.machine = options.machine ?? new MachineSampler({ gpu: this.gpu });
		this.reapWaitMs = options.reapWaitMs ?? 500;
		this.onSample = options.onSample;
		const linux = process.platform === 'linux';
		if (options.tree !== undefined) {
			this.tree = options.tree;
		} else if (linux) {
			this.tree = new ProcessTreeReader(rootPid, {
				procRoot: this.procRoot,
				siblingsOfParent: options.rootIsOwnChild ? undefined : options.parentPid,
			});
		} else {
			this.tree = new PidusageTreeReader(rootPid);
		}

		// Reading a reaper's cutime needs /proc; elsewhere the meter samples.
		this.reaper = !linux
			? undefined
			: options.rootIsOwnChild
				? 'self'
				: options.parentPid !== undefined && options.parentPid > 0
					? options.parentPid
					: undefined;
	}

	/** Takes the first sample now and samples every interval until {@link stop}. */
	start(): void {
		if (this.started) {
			return;
		}

		this.started = true;
		this.startedAtMs = performance.now();
		this.startedAtEpochMs = Date.now();
		this.inFlight = this.tick();
		// One repeating timer: no new timer and callback per sample.
		this.timer = setInterval(this.onTimer, this.intervalMs);
		this.timer.unref();
	}

	/**
	 * Stops sampling and returns the measurement. Call it once the root has exited (or to cut a
	 * measurement short); calling it again returns the same result.
	 */
	stop(): Promise<TaskMeasurement> {
		this.result ??= this.finish();
		return this.result;
	}

	private readonly onTimer = (): void => {
		// A sample still waiting (a library's tree reader, an nvidia-smi run) is not doubled up.
		if (this.inFlight === undefined && !this.stopped) {
			this.inFlight = this.tick();
		}
	};

	/**
	 * One sample. The /proc reader answers synchronously, and then, unless a GPU is read, the sample
	 * ends here with no promise made; otherwise the promise of the rest.
	 */
	private tick(): Promise<void> | undefined {
		let tree: TreeSample | Promise<TreeSample>;
		try {
			tree = this.observe(false);
		} catch (error) {
			this.sampleFailed(error);
			return undefined;
		}

		const gpuDue = this.gpu && this.machine.gpuActive;
		return tree instanceof Promise || gpuDue ? this.settle(tree, gpuDue) : undefined;
	}

	private async settle(tree: TreeSample | Promise<TreeSample>, gpuDue: boolean): Promise<void> {
		try {
			await tree;
			if (gpuDue && !this.stopped) {
				await this.readGpu();
			}
		} catch (error) {
			this.sampleFailed(error);
		} finally {
			this.inFlight = undefined;
		}
	}

	private sampleFailed(error: unknown): void {
		this.logger.warn(`sampling process ${this.rootPid} failed: ${String(error)}`);
	}

	private async readGpu(): Promise<void> {
		const reading = await this.machine.refreshGpu();
		this.helpersDone = this.machine.gpuHelperRuns;
		if (reading !== undefined) {
			this.gpuPoints.push({
				atMs: performance.now(),
				watts: reading.watts,
				utilisation: reading.utilisation,
			});
		}
	}

	/** One sample of the reaper, the tree and the machine, in that order (see finish()). */
	private observe(full: boolean): TreeSample | Promise<TreeSample> {
		// The reaper is read before the tree: if the root is still in the table afterwards, it had
		// not been reaped when the reaper was read, so that reading does not contain it yet.
		const reaperSeconds = this.readReaper();
		const helpersBefore = this.helpersDone;
		const tree = this.tree.sample(full ? FULL_SAMPLE : PARTIAL_SAMPLE);
		return tree instanceof Promise
			? tree.then((value) => this.record(value, full, reaperSeconds, helpersBefore))
			: this.record(tree, full, reaperSeconds, helpersBefore);
	}

	private record(
		tree: TreeSample,
		full: boolean,
		reaperSeconds: number | undefined,
		helpersBefore: number,
	): TreeSample {
		const machine = this.machineDue(full, tree.atMs) ? this.machine.sample() : undefined;
		if (machine !== undefined) {
			this.firstMachine ??= machine;
			this.lastMachine = machine;
			this.lastMachineAtMs = tree.atMs;
		}

		this.lastTree = tree;
		this.sampleCount++;
		this.peakProcessCount = Math.max(this.peakProcessCount, tree.processCount);
		if (this.tree.rootPresent && reaperSeconds !== undefined) {
			if (this.reaper === 'self' && this.lastPresentReaperSeconds !== undefined) {
				// While the root lives, anything this process reaps is one of the meter's helpers.
				this.helperSeconds += reaperSeconds - this.lastPresentReaperSeconds;
				this.helpersMeasured = helpersBefore;
			}

			this.lastPresentReaperSeconds = reaperSeconds;
			this.lastPresentAtMs = tree.atMs;
			this.helpersDoneAtLastPresent = helpersBefore;
			this.siblingExitsAtLastPresent = this.tree.siblingExits ?? 0;
		}

		if (machine !== undefined) {
			this.onSample?.(tree, machine);
		}

		return tree;
	}

	/**
	 * Whether this sample reads the machine. The measurement needs only the window's two ends (the
	 * counters are cumulative), so between them the machine is read only for a live view
	 * (`onSample`) or, where RAPL is read, often enough that no wrap of its counters is missed
	 * (MachineSampler.raplReadEveryMs). Skipping /proc/stat keeps an idle sample cheap.
	 */
	private machineDue(full: boolean, atMs: number): boolean {
		return (
			full ||
			this.firstMachine === undefined ||
			this.onSample !== undefined ||
			(this.machine.raplReadEveryMs !== undefined &&
				atMs - this.lastMachineAtMs >= this.machine.raplReadEveryMs)
		);
	}

	private readReaper(): number | undefined {
		if (this.reaper === undefined) {
			return undefined;
		}

		try {
			return readReapedChildrenSeconds(this.reaper, this.procRoot);
		} catch {
			return undefined;
		}
	}

	private async finish(): Promise<TaskMeasurement> {
		if (!this.started) {
			this.start();
		}

		this.stopped = true;
		clearInterval(this.timer);
		await this.inFlight;

		let tree = await this.finalObservation();
		const deadline = performance.now() + this.reapWaitMs;
		while (this.reaper !== undefined && this.tree.rootPresent && !tree.rootAlive) {
			// A zombie root: its reaper has not collected it yet; its exact total comes with the reap.
			if (performance.now() > deadline) {
				break;
			}

			await new Promise((resolve) => setTimeout(resolve, 20));
			tree = await this.finalObservation();
		}

		const endedAtMs = performance.now();
		const cpu = this.cpuSeconds(tree, endedAtMs);
		this.tree.dispose?.();
		const last = this.lastMachine ?? this.machine.sample();
		const first = this.firstMachine ?? last;
		const measurement: TaskMeasurement = {
			startedAtMs: this.startedAtMs,
			endedAtMs,
			startedAtEpochMs: this.startedAtEpochMs,
			endedAtEpochMs: this.startedAtEpochMs + (endedAtMs - this.startedAtMs),
			cpuSeconds: Math.round(cpu.seconds * 1e6) / 1e6,
			peakRssBytes: this.tree.peakRssBytes,
			averageRssBytes: this.tree.averageRssBytes,
			sampleCount: this.sampleCount,
			machineBusyCpuSeconds: Math.max(0, last.busyCpuSeconds - first.busyCpuSeconds),
			machineTotalCpuSeconds: Math.max(0, last.totalCpuSeconds - first.totalCpuSeconds),
			cpuAccounting: cpu.accounting,
			cpuUnderCountBoundSeconds: cpu.underCountBound,
			peakProcessCount: this.peakProcessCount,
			notes: this.notes,
			sources: { rapl: this.machine.raplAvailability },
		};
		const gpuAvailability = this.machine.gpuAvailability;
		if (this.gpu && gpuAvailability !== undefined && measurement.sources !== undefined) {
			measurement.sources.gpu = gpuAvailability;
		}
		if (first.raplJoules !== undefined && last.raplJoules !== undefined) {
			measurement.raplJoules = last.raplJoules - first.raplJoules;
		}

		this.addGpu(measurement);
		this.logger.debug(
			`process ${this.rootPid}: ${cpu.seconds.toFixed(3)} CPU s (${cpu.accounting}), ` +
				`${this.sampleCount} samples${this.notes.length > 0 ? `; ${this.notes.join('; ')}` : ''}`,
		);
		return measurement;
	}

	/** The last sample; if reading fails now, the previous one (a measurement never throws). */
	private async finalObservation(): Promise<TreeSample> {
		try {
			return await this.observe(true);
		} catch (error) {
			this.notes.push(`the last sample failed (${String(error)}); earlier samples used`);
			// The machine was read only at some samples: read it now for the window's end.
			this.lastMachine = this.machine.sample();
			this.firstMachine ??= this.lastMachine;
			return (
				this.lastTree ?? {
					atMs: performance.now(),
					cpuSeconds: 0,
					rssBytes: 0,
					processCount: 0,
					rootAlive: false,
				}
			);
		}
	}

	/** The exact figure from the reaper where it can be trusted, else the sampled one and its bound. */
	private cpuSeconds(
		tree: TreeSample,
		endedAtMs: number,
	): { seconds: number; accounting: 'ownChild' | 'parent' | 'sampled'; underCountBound: number } {
		const sampled = tree.cpuSeconds;
		if (this.tree.rootPresent) {
			if (!tree.rootAlive) {
				this.notes.push(
					'the task had exited but was not yet reaped; counted up to the last sample',
				);
			}

			return { seconds: sampled, accounting: 'sampled', underCountBound: 0 };
		}

		const lastPresentAtMs = this.lastPresentAtMs ?? this.startedAtMs;
		const cores = Math.max(1, cpus().length);
		// Beyond its last sample, the root's tree can have used at most every core for the rest.
		const bound = ((endedAtMs - lastPresentAtMs) / 1000) * cores;
		const fallback = (why: string) => {
			this.notes.push(why);
			return { seconds: sampled, accounting: 'sampled' as const, underCountBound: bound };
		};

		if (this.reaper === undefined) {
			return fallback('CPU time sampled (no reaper to read the exact total from)');
		}

		if (this.lastPresentReaperSeconds === undefined) {
			return fallback('the task had already exited when measuring began');
		}

		const reaperEnd = this.readReaper();
		if (reaperEnd === undefined) {
			return fallback(`CPU time sampled (process ${this.reaper} could not be read at the end)`);
		}

		let rootTotal = reaperEnd - this.lastPresentReaperSeconds;
		if (this.reaper === 'self') {
			// nvidia-smi runs finished after the root's last sample also landed in our cutime.
			const perHelper = this.helpersMeasured > 0 ? this.helperSeconds / this.helpersMeasured : 0;
			rootTotal -= perHelper * (this.helpersDone - this.helpersDoneAtLastPresent);
		} else if ((this.tree.siblingExits ?? 0) > this.siblingExitsAtLastPresent) {
			return fallback(
				`another child of process ${this.reaper} exited at the same time; CPU time sampled`,
			);
		}

		const departed = this.tree.rootChainDepartedSeconds;
		// Tick rounding: each /proc figure is truncated to a clock tick (10 ms).
		const slack = 0.05;
		if (rootTotal < departed - slack || rootTotal - departed > bound + slack) {
			return fallback(
				`the reaper's total (${rootTotal.toFixed(2)} s) disagrees with sampling ` +
					`(${departed.toFixed(2)} s); CPU time sampled`,
			);
		}

		return {
			seconds: Math.max(sampled, sampled - departed + rootTotal),
			accounting: this.reaper === 'self' ? 'ownChild' : 'parent',
			underCountBound: 0,
		};
	}

	/** GPU energy: trapezoid between readings, the first and last readings held to the window's ends. */
	private addGpu(measurement: TaskMeasurement): void {
		const points = this.gpuPoints;
		if (points.length === 0) {
			return;
		}

		let joules = points[0].watts * Math.max(0, (points[0].atMs - measurement.startedAtMs) / 1000);
		for (let i = 1; i < points.length; i++) {
			joules +=
				((points[i - 1].watts + points[i].watts) / 2) *
				((points[i].atMs - points[i - 1].atMs) / 1000);
		}

		const lastPoint = points[points.length - 1];
		joules += lastPoint.watts * Math.max(0, (measurement.endedAtMs - lastPoint.atMs) / 1000);
		measurement.gpuJoules = joules;
		const utilisations = points
			.map((point) => point.utilisation)
			.filter((value): value is number => value !== undefined);
		if (utilisations.length > 0) {
			measurement.gpuUtilisation =
				utilisations.reduce((sum, value) => sum + value, 0) / utilisations.length;
		}
	}
}

/**
 * Whole-machine counters at one instant: busy and total CPU time, RAPL energy where readable and
 * GPU power where an NVIDIA GPU answers. CPU and RAPL are synchronous file reads; GPU power needs a
 * child process, so it is read asynchronously and the latest reading is kept.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Availability, MachineSample } from '../core/measurement';
import { readNvidiaPower, type NvidiaOptions, type NvidiaReading } from './nvidia';
import { DEFAULT_PROC_ROOT, clockTicksPerSecond, readMachineCpu } from './procfs';
import { POWERCAP_ROOT, RaplReader, probeRapl, type ReadText } from './rapl';

/** Options of {@link MachineSampler}. */
export interface MachineSamplerOptions {
	procRoot?: string;
	powercapRoot?: string;
	/** Injectable file reader for RAPL (tests). */
	readText?: ReadText;
	/** Read GPU power through nvidia-smi in {@link MachineSampler.refreshGpu}; default true. */
	gpu?: boolean;
	nvidia?: NvidiaOptions;
	now?: () => number;
}

/** Samples the machine; keeps one RAPL reader so energy is cumulative across samples. */
export class MachineSampler {
	readonly raplAvailability: Availability;
	private readonly rapl: RaplReader | undefined;
	private readonly procRoot: string;
	private readonly clockTicks: number;
	private readonly now: () => number;
	private readonly gpuEnabled: boolean;
	private readonly nvidia: NvidiaOptions;
	private latestGpu: NvidiaReading | undefined;
	private gpuFailures = 0;
	private gpuCalls = 0;

	constructor(options: MachineSamplerOptions = {}) {
		this.procRoot = options.procRoot ?? DEFAULT_PROC_ROOT;
		this.clockTicks = clockTicksPerSecond();
		this.now = options.now ?? (() => performance.now());
		this.gpuEnabled = options.gpu ?? true;
		this.nvidia = options.nvidia ?? {};
		const probe =
			process.platform === 'linux' || options.powercapRoot !== undefined
				? probeRapl(options.powercapRoot ?? POWERCAP_ROOT, options.readText)
				: {
						availability: { available: false, reason: 'RAPL: only on Linux' },
						domains: [],
					};
		this.raplAvailability = probe.availability;
		this.rapl = probe.availability.available
			? new RaplReader(probe.domains, options.readText)
			: undefined;
	}

	/** How many nvidia-smi processes this sampler has started (each costs a little CPU itself). */
	get gpuHelperRuns(): number {
		return this.gpuCalls;
	}

	/** The machine now; GPU fields carry the latest reading from {@link refreshGpu}, if any. */
	sample(): MachineSample {
		const atMs = this.now();
		const cpu = this.readCpu();
		const sample: MachineSample = {
			atMs,
			busyCpuSeconds: cpu.busy,
			totalCpuSeconds: cpu.total,
		};
		const joules = this.rapl?.readJoules();
		if (joules !== undefined) {
			sample.raplJoules = joules;
		}

		if (this.latestGpu !== undefined) {
			sample.gpuWatts = this.latestGpu.watts;
			sample.gpuUtilisation = this.latestGpu.utilisation;
		}

		return sample;
	}

	/**
	 * Reads GPU power now (one nvidia-smi run). After three failures in a row it stops trying, so a
	 * machine without a GPU pays for at most three process starts.
	 */
	async refreshGpu(): Promise<NvidiaReading | undefined> {
		if (!this.gpuEnabled || this.gpuFailures >= 3) {
			return undefined;
		}

		this.gpuCalls++;
		const reading = await readNvidiaPower(this.nvidia);
		this.gpuFailures = reading === undefined ? this.gpuFailures + 1 : 0;
		this.latestGpu = reading;
		return reading;
	}

	/** {@link sample} after a fresh GPU reading. */
	async sampleWithGpu(): Promise<MachineSample> {
		await this.refreshGpu();
		return this.sample();
	}

	private readCpu(): { busy: number; total: number } {
		const ticks = process.platform === 'linux' ? readMachineCpu(this.procRoot) : undefined;
		if (ticks !== undefined) {
			return { busy: ticks.busyTicks / this.clockTicks, total: ticks.totalTicks / this.clockTicks };
		}

		// Elsewhere Node's own per-core counters (milliseconds) give the same two figures.
		let busy = 0;
		let total = 0;
		for (const core of cpus()) {
			const { user, nice, sys, irq, idle } = core.times;
			busy += user + nice + sys + irq;
			total += user + nice + sys + irq + idle;
		}

		return { busy: busy / 1000, total: total / 1000 };
	}
}

let shared: MachineSampler | undefined;

/** The process-wide sampler behind {@link readMachineSample}, created on first use. */
export function sharedMachineSampler(): MachineSampler {
	shared ??= new MachineSampler();
	return shared;
}

/**
 * Reads the machine now: busy and total CPU seconds since boot, cumulative RAPL joules when readable,
 * and the latest GPU power when {@link MachineSampler.refreshGpu} has been called on the shared sampler.
 */
export function readMachineSample(): MachineSample {
	return sharedMachineSampler().sample();
}

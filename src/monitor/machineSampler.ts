/**
 * Whole-machine counters at one instant: busy and total CPU time, RAPL energy where readable and
 * GPU power where an NVIDIA GPU answers. CPU and RAPL are synchronous file reads; GPU power needs a
 * child process, so it is read asynchronously and the latest reading is kept.
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Availability, MachineSample } from '../core/measurement';
import { probeNvidia, type NvidiaOptions, type NvidiaReading } from './nvidia';
import { DEFAULT_PROC_ROOT, KeptFile, clockTicksPerSecond, parseMachineCpuBytes } from './procfs';
import { POWERCAP_ROOT, RaplReader, probeRapl, type ReadText } from './rapl';

/**
 * A package power no CPU package exceeds, for how often RAPL must be read: the highest TDPs of
 * 2023 server CPUs are 350–400 W (Intel Xeon Platinum 8490H 350 W, AMD EPYC 9684X 400 W, vendor
 * data sheets, 2023); 500 W leaves a margin for turbo above TDP.
 */
const MAX_PACKAGE_WATTS = 500;

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
	private readonly procStat: KeptFile;
	private readonly clockTicks: number;
	private readonly now: () => number;
	private readonly gpuEnabled: boolean;
	private readonly nvidia: NvidiaOptions;
	private latestGpu: NvidiaReading | undefined;
	private gpuFailures = 0;
	private gpuCalls = 0;
	private gpuAvailabilityNow: Availability | undefined;

	constructor(options: MachineSamplerOptions = {}) {
		this.procStat = new KeptFile(`${options.procRoot ?? DEFAULT_PROC_ROOT}/stat`);
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
		if (this.rapl !== undefined) {
			let every = 60_000;
			for (const domain of probe.domains) {
				const wrapMs = (domain.maxEnergyRangeMicrojoules / 1e6 / MAX_PACKAGE_WATTS) * 1000;
				every = Math.min(every, wrapMs / 2);
			}

			this.raplReadEveryMs = every;
		}
	}

	/**
	 * Where RAPL is read, {@link sample} must run at least this often to see each wrap of its
	 * counters; undefined without RAPL. Half the time the fastest-wrapping counter takes to wrap at
	 * {@link MAX_PACKAGE_WATTS}, at most a minute; 0 (every sample) where a range is unknown.
	 */
	readonly raplReadEveryMs: number | undefined;

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
	 * Reads GPU power now (one nvidia-smi run). It stops trying at once when nvidia-smi is not
	 * installed, and after three failures in a row otherwise, so a machine without a GPU pays for at
	 * most a few process starts.
	 */
	async refreshGpu(): Promise<NvidiaReading | undefined> {
		if (!this.gpuEnabled || this.gpuFailures >= 3) {
			return undefined;
		}

		this.gpuCalls++;
		const probe = await probeNvidia(this.nvidia);
		this.gpuAvailabilityNow = probe.availability;
		this.gpuFailures = probe.missing ? 3 : probe.reading === undefined ? this.gpuFailures + 1 : 0;
		this.latestGpu = probe.reading;
		return probe.reading;
	}

	/** Whether {@link refreshGpu} still tries nvidia-smi (on, and not given up). */
	get gpuActive(): boolean {
		return this.gpuEnabled && this.gpuFailures < 3;
	}

	/** Whether the last GPU reading worked, and if not, why; undefined before the first. */
	get gpuAvailability(): Availability | undefined {
		return this.gpuEnabled
			? this.gpuAvailabilityNow
			: { available: false, reason: 'NVIDIA: GPU sampling turned off' };
	}

	/** {@link sample} after a fresh GPU reading. */
	async sampleWithGpu(): Promise<MachineSample> {
		await this.refreshGpu();
		return this.sample();
	}

	private readCpu(): { busy: number; total: number } {
		const ticks =
			process.platform === 'linux' ? this.procStat.parse(parseMachineCpuBytes) : undefined;
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

/**
 * Contracts between the monitors (src/monitor: what the machine and a process tree did) and the
 * estimators (src/estimators: what that cost in energy and carbon). Monitors report raw quantities
 * with their provenance; estimators turn them into a FootprintRecord. Neither imports `vscode`.
 */

/** Whether a measurement source works here, and if not, why (shown to the user verbatim). */
export interface Availability {
	available: boolean;
	/** e.g. `permission denied on /sys/class/powercap/intel-rapl:0/energy_uj — run as root or grant read access`. */
	reason?: string;
}

/** The machine, read once and cached. */
export interface MachineProfile {
	cpuManufacturer: string;
	/** Full model string, e.g. `AMD EPYC 7B13 64-Core Processor`. */
	cpuModel: string;
	physicalCores: number;
	logicalCores: number;
	memoryBytes: number;
	gpus: { vendor: string; model: string; memoryBytes?: number }[];
	/** `battery` with the charge state, or `mains`, or `unknown`. */
	power: { source: 'battery' | 'mains' | 'unknown'; batteryPercent?: number };
	/** Hypervisor / container detected, or null on bare metal. */
	virtualisation: string | null;
	/** e.g. `Debian GNU/Linux 12 (linux 6.1.0, x64)`. */
	os: string;
	platform: NodeJS.Platform;
}

/** Cumulative counters of a process tree at one instant (monotonic clock, milliseconds). */
export interface TreeSample {
	atMs: number;
	/** User + system CPU seconds of the root and every live or reaped descendant since it started. */
	cpuSeconds: number;
	/** Resident memory of the live tree now. */
	rssBytes: number;
	processCount: number;
	/** False once the root has exited. */
	rootAlive: boolean;
}

/** Cumulative counters of the whole machine at one instant. */
export interface MachineSample {
	atMs: number;
	/** CPU seconds spent busy (all cores, all processes) since boot. */
	busyCpuSeconds: number;
	/** CPU seconds elapsed on all cores (busy + idle) since boot. */
	totalCpuSeconds: number;
	/** Cumulative RAPL energy per domain in joules, wrap-around already handled; absent if unreadable. */
	raplJoules?: number;
	/** Instantaneous GPU power (sum of all GPUs) in watts and utilisation 0..1, where measured. */
	gpuWatts?: number;
	gpuUtilisation?: number;
}

/** What the monitors saw while a task ran: input to the energy estimator. */
export interface TaskMeasurement {
	startedAtMs: number;
	endedAtMs: number;
	/** Wall-clock epoch milliseconds for the record's timestamps. */
	startedAtEpochMs: number;
	endedAtEpochMs: number;
	cpuSeconds: number;
	peakRssBytes: number;
	/** Time-weighted mean resident memory over the task's life. */
	averageRssBytes: number;
	sampleCount: number;
	/** Busy CPU seconds of the whole machine over the same window (for sharing measured power). */
	machineBusyCpuSeconds: number;
	/** RAPL energy over the window in joules, where readable. */
	raplJoules?: number;
	/** GPU energy over the window in joules (trapezoid of power samples) and the task's share rule. */
	gpuJoules?: number;
	/** CPU seconds elapsed on all cores of the machine over the same window (busy + idle). */
	machineTotalCpuSeconds?: number;
	/** Mean GPU utilisation 0..1 over the GPU samples, where measured. */
	gpuUtilisation?: number;
	/**
	 * How cpuSeconds was obtained: `ownChild` = the kernel's exact figure from this process's reaped
	 * children (cutime + cstime); `parent` = the same from the root's parent; `sampled` = sums of
	 * /proc samples, which miss the root's time after its last sample (see cpuUnderCountBoundSeconds).
	 */
	cpuAccounting?: 'ownChild' | 'parent' | 'sampled';
	/** Upper bound of CPU seconds that sampling may have missed; 0 when the figure is exact. */
	cpuUnderCountBoundSeconds?: number;
	/** Most processes seen in the tree at once. */
	peakProcessCount?: number;
	/** Plain-language notes on fallbacks taken while measuring (shown in logs and reports). */
	notes?: string[];
}

/**
 * The one versioned footprint record shared by every surface: the CLI prints it, the extension's
 * history stores it, reports and certificates add it up. Bump SCHEMA_VERSION on any breaking change
 * and keep a reader for older versions.
 */
export const SCHEMA_VERSION = 1;

/** Where a task came from. */
export type TaskOrigin = 'cli' | 'task' | 'terminal' | 'debug';

/** How a figure was obtained. */
export type Provenance = 'measured' | 'modelled' | 'unavailable';

/** A published or user-supplied constant used by a calculation. */
export interface ConstantUsed {
	/** Short name, e.g. `memoryWattsPerGb`. */
	name: string;
	value: number;
	unit: string;
	/** Method and year, e.g. `Green Algorithms v2.2 (Lannelongue et al., 2021)`, or `user setting`. */
	source: string;
}

/** How the energy of one component (CPU, memory, GPU) was obtained. */
export interface ComponentMethod {
	provenance: Provenance;
	/** e.g. `RAPL package counters (2 domains)`, `TDP table: AMD EPYC 7B13`, `nvidia-smi power.draw`. */
	detail: string;
	/** Why a measurement was not used, when it was not (e.g. `RAPL: permission denied`). */
	notMeasuredBecause?: string;
}

/** The method behind a record: enough for a reader to redo the arithmetic. */
export interface MethodDescription {
	cpu: ComponentMethod;
	memory: ComponentMethod;
	gpu: ComponentMethod;
	/** The attribution rule, e.g. `share of active CPU power by CPU time (Kepler/Scaphandre)`. */
	attribution: string;
	constants: ConstantUsed[];
	/** Relative uncertainty of energyWh as a ± fraction (0.3 = ±30 %), and why. */
	uncertainty: { relative: number; reason: string };
	/**
	 * How cpuSeconds was obtained (`ownChild` / `parent`: the kernel's exact reaped-children total;
	 * `sampled`: sums of samples, which may miss up to `underCountBoundSeconds`). Absent in records
	 * whose measurement did not say.
	 */
	cpuTime?: { accounting: 'ownChild' | 'parent' | 'sampled'; underCountBoundSeconds: number };
	/** Plain-language notes on fallbacks taken while measuring. */
	notes?: string[];
}

/** Where the grid intensity came from. */
export interface IntensitySource {
	kind: 'override' | 'setting' | 'timezone' | 'world';
	/** Dataset and year, e.g. `Ember 2023 via @tgwf/co2 (CC BY-SA 4.0)`. */
	dataset: string;
	/** Free text, e.g. `time zone Europe/Berlin → DEU`. */
	detail: string;
}

/** Short description of the machine a task ran on. */
export interface MachineSummary {
	cpuModel: string;
	physicalCores: number;
	logicalCores: number;
	memoryBytes: number;
	os: string;
	virtualised: boolean;
	gpus: string[];
}

/** Energy split by component, in watt-hours. */
export interface EnergyBreakdown {
	cpuWh: number;
	memoryWh: number;
	gpuWh: number;
}

/** One finished piece of work and its footprint. */
export interface FootprintRecord {
	schemaVersion: typeof SCHEMA_VERSION;
	/** Unique id (random, url-safe). */
	id: string;
	origin: TaskOrigin;
	/** Task label or the command line as typed. */
	label: string;
	command: string;
	cwd: string;
	/** ISO 8601 timestamps. */
	startedAt: string;
	endedAt: string;
	/** null when the exit code is unknown (killed, or the editor did not report it). */
	exitCode: number | null;
	durationSeconds: number;
	/** User + system CPU seconds of the whole process tree, reaped children included. */
	cpuSeconds: number;
	peakRssBytes: number;
	averageRssBytes: number;
	energyWh: number;
	energy: EnergyBreakdown;
	co2eGrams: number;
	intensityGramsPerKwh: number;
	/** ISO 3166-1 alpha-3 country code, or `WORLD`. */
	region: string;
	intensitySource: IntensitySource;
	pue: number;
	method: MethodDescription;
	machine: MachineSummary;
}

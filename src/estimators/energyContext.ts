/**
 * Everything an energy estimate depends on besides the task itself: CPU power model, memory
 * constant, GPU availability, grid intensity and PUE, resolved once from the machine profile and
 * the settings. The CLI and the extension build one and reuse it for every task.
 */
import type { Availability, MachineProfile } from '../core/measurement';
import type { ConstantUsed } from '../core/record';
import type { FootprintSettings } from '../core/settings';
import { modelCpuPower, type CpuPowerModel } from './cpuPower';
import { resolveGridIntensity, type GridIntensity } from './gridIntensity';

/**
 * Memory power per GB (GiB) of resident memory: Green Algorithms v2.2 (Lannelongue et al., 2021).
 * Chosen over their later 0.08 W/GB because Cloud Carbon Footprint's independent figure (0.392 W/GB)
 * agrees with it within 5 %, while 0.08 stands alone; the spread between them is carried in the
 * uncertainty instead of being hidden.
 */
export const MEMORY_WATTS_PER_GB = 0.3725;

/** Relative uncertainty of memory energy: published per-GB figures range from 0.08 to 0.392 W/GB. */
export const MEMORY_UNCERTAINTY = 0.8;

/** PUE when nothing is set: a personal machine has no data-centre overhead (Green Algorithms, 2021). */
export const DEFAULT_PUE = 1.0;

/** Resolved inputs of every energy and carbon estimate. */
export interface EstimateContext {
	cpu: CpuPowerModel;
	/** Logical cores the CPU model's power is spread over. */
	logicalCores: number;
	memoryWattsPerGb: number;
	memoryConstant: ConstantUsed;
	grid: GridIntensity;
	pue: number;
	/** RAPL counters: readable here or why not. */
	rapl: Availability;
	/** NVIDIA GPU power: readable here or why not. */
	gpu: Availability;
	machine: MachineProfile;
}

/** Settings fields the context reads (the rest of FootprintSettings is irrelevant here). */
export type EnergySettings = Pick<
	FootprintSettings,
	'country' | 'intensityOverride' | 'pue' | 'cpuWatts' | 'cpuIdleWatts' | 'memoryWattsPerGb'
>;

const UNPROBED: Availability = { available: false, reason: 'not probed' };

/**
 * Resolves the estimate inputs. Throws UnknownCountryError for a country code without data, and
 * RangeError for an intensity override outside 0–2000 gCO2e/kWh.
 */
export function createEstimateContext(options: {
	machine: MachineProfile;
	settings: EnergySettings;
	rapl?: Availability;
	gpu?: Availability;
	/** IANA time zone for the country guess; defaults to the runtime's. */
	timeZone?: string;
}): EstimateContext {
	const { machine, settings } = options;
	const memoryOverride = settings.memoryWattsPerGb;
	const memoryWattsPerGb = memoryOverride ?? MEMORY_WATTS_PER_GB;
	return {
		cpu: modelCpuPower(machine, {
			cpuWatts: settings.cpuWatts,
			cpuIdleWatts: settings.cpuIdleWatts,
		}),
		logicalCores: Math.max(1, machine.logicalCores || 1),
		memoryWattsPerGb,
		memoryConstant: {
			name: 'memoryWattsPerGb',
			value: memoryWattsPerGb,
			unit: 'W/GiB',
			source:
				memoryOverride != null
					? 'user setting'
					: 'Green Algorithms v2.2 (Lannelongue et al., 2021)',
		},
		grid: resolveGridIntensity({
			country: settings.country,
			intensityOverride: settings.intensityOverride,
			timeZone: options.timeZone,
		}),
		pue: settings.pue > 0 ? settings.pue : DEFAULT_PUE,
		rapl: options.rapl ?? UNPROBED,
		gpu: options.gpu ?? UNPROBED,
		machine,
	};
}

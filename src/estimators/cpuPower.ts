/**
 * Modelled CPU power when no hardware counter can be read: full-load and idle watts for the cores
 * this machine can use, from a small table of common CPU families matched on the model string.
 *
 * Load model: power grows linearly with utilisation between idle and full load,
 * `P = Pidle + u × (Pmax − Pidle)`, as in Cloud Carbon Footprint (2020) and Green Algorithms (2021,
 * where power scales with the core usage factor). Linear means the shares of several tasks add up to
 * exactly the machine's active power, which CodeCarbon's cubic curve `TDP × (0.1 + 0.9·u³)` would
 * not; from that curve we keep only its idle point, 10 % of TDP.
 */
import type { ConstantUsed } from '../core/record';

/** CodeCarbon (2023) TDP load model: at zero load a CPU draws 10 % of its TDP. */
export const IDLE_FRACTION_OF_TDP = 0.1;

/** Green Algorithms (Lannelongue et al., 2021): power per core when the CPU is unknown. */
export const GENERIC_WATTS_PER_CORE = 12;

/** What the model needs to know about the CPU. */
export interface CpuDescription {
	cpuModel: string;
	physicalCores: number;
	logicalCores: number;
	/** Hypervisor or container name, null on bare metal. */
	virtualisation: string | null;
}

/** User overrides in watts (null = use the model). */
export interface CpuPowerOverrides {
	cpuWatts?: number | null;
	cpuIdleWatts?: number | null;
}

/** Full-load and idle power of the cores visible here, with where the numbers came from. */
export interface CpuPowerModel {
	maxWatts: number;
	idleWatts: number;
	/** Table entry name, `generic`, or `user setting`. */
	matched: string;
	/** One readable line, e.g. `TDP table: AMD EPYC 7B13 (240 W, 128 threads) × 8/128 visible threads`. */
	detail: string;
	/** Relative ± of the full-load figure, and why. */
	uncertainty: { relative: number; reason: string };
	constants: ConstantUsed[];
}

/** One row of the table: either a whole chip (TDP and thread count) or per-thread cloud figures. */
interface CpuFamily {
	name: string;
	pattern: RegExp;
	/** Whole-chip TDP in watts. */
	tdpWatts?: number;
	/** Hardware threads of one chip; exact for a named model, typical for a family. */
	threads?: number;
	exactThreads?: boolean;
	/** Per logical core (vCPU) figures, for server CPUs whose exact model is unknown. */
	perThread?: { minWatts: number; maxWatts: number };
	source: string;
}

const INTEL_ARK = 'Intel ARK product specifications (TDP / processor base power)';
const AMD_SPECS = 'AMD product specifications (default TDP)';
const APPLE_NOTE =
	'Apple publishes no TDP: CPU package power under full multi-core load as measured by AnandTech (2020–2023), approximate';
const CCF_VCPU =
	'Cloud Carbon Footprint (2020): per vCPU, mean of AWS 0.74/3.5, GCP 0.71/4.26, Azure 0.78/3.76 W';

// Order matters: the first match wins, so named models come before their families. Thread counts of
// families are typical values, only used to scale down when a VM or container sees part of a chip.
const FAMILIES: CpuFamily[] = [
	// Named cloud and server models, with exact thread counts.
	{
		name: 'AMD EPYC 7B13',
		pattern: /EPYC 7B13/i,
		tdpWatts: 240,
		threads: 128,
		exactThreads: true,
		source: `${AMD_SPECS}; 7B13 is a cloud variant of the 7003 series`,
	},
	{
		name: 'AMD EPYC 7763',
		pattern: /EPYC 7763/i,
		tdpWatts: 280,
		threads: 128,
		exactThreads: true,
		source: AMD_SPECS,
	},
	{
		name: 'AMD EPYC 7713',
		pattern: /EPYC 7713/i,
		tdpWatts: 225,
		threads: 128,
		exactThreads: true,
		source: AMD_SPECS,
	},
	{
		name: 'AMD EPYC 7R13',
		pattern: /EPYC 7R13/i,
		tdpWatts: 225,
		threads: 96,
		exactThreads: true,
		source: `${AMD_SPECS}; AWS variant, approximate`,
	},
	{
		name: 'AMD EPYC 7571',
		pattern: /EPYC 7571/i,
		tdpWatts: 180,
		threads: 64,
		exactThreads: true,
		source: `${AMD_SPECS}; AWS variant, approximate`,
	},
	{
		name: 'AMD EPYC 9654',
		pattern: /EPYC 9654/i,
		tdpWatts: 360,
		threads: 192,
		exactThreads: true,
		source: AMD_SPECS,
	},
	{
		name: 'Intel Xeon Platinum 8375C',
		pattern: /Platinum 8375C/i,
		tdpWatts: 300,
		threads: 64,
		exactThreads: true,
		source: `${INTEL_ARK}; AWS variant of the 8380 family`,
	},
	{
		name: 'Intel Xeon Platinum 8259CL',
		pattern: /Platinum 8259CL/i,
		tdpWatts: 210,
		threads: 48,
		exactThreads: true,
		source: `${INTEL_ARK}; AWS variant, approximate`,
	},
	{
		name: 'Intel Xeon Platinum 8272CL',
		pattern: /Platinum 8272CL/i,
		tdpWatts: 195,
		threads: 52,
		exactThreads: true,
		source: `${INTEL_ARK}; Azure variant, approximate`,
	},
	{
		name: 'Intel Xeon Platinum 8488C',
		pattern: /Platinum 8488C/i,
		tdpWatts: 350,
		threads: 96,
		exactThreads: true,
		source: `${INTEL_ARK}; AWS variant of the 8480 family`,
	},
	{
		name: 'Intel Xeon E5-2686 v4',
		pattern: /E5-2686 v4/i,
		tdpWatts: 145,
		threads: 36,
		exactThreads: true,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Xeon Gold 6248',
		pattern: /Gold 6248\b/i,
		tdpWatts: 150,
		threads: 40,
		exactThreads: true,
		source: INTEL_ARK,
	},
	// Server families whose exact model is unknown: cloud per-vCPU figures fit them best.
	{
		name: 'Intel Xeon (model unknown)',
		pattern: /Xeon/i,
		perThread: { minWatts: 0.743, maxWatts: 3.84 },
		source: CCF_VCPU,
	},
	{
		name: 'AMD EPYC (model unknown)',
		pattern: /EPYC/i,
		perThread: { minWatts: 0.743, maxWatts: 3.84 },
		source: CCF_VCPU,
	},
	// Apple silicon (CPU cores only; the GPU is separate).
	{
		name: 'Apple M1 Ultra',
		pattern: /Apple M1 Ultra/i,
		tdpWatts: 60,
		threads: 20,
		source: APPLE_NOTE,
	},
	{
		name: 'Apple M1 Pro/Max',
		pattern: /Apple M1 (Pro|Max)/i,
		tdpWatts: 34,
		threads: 10,
		source: APPLE_NOTE,
	},
	{ name: 'Apple M1', pattern: /Apple M1/i, tdpWatts: 20, threads: 8, source: APPLE_NOTE },
	{
		name: 'Apple M2 Pro/Max/Ultra',
		pattern: /Apple M2 (Pro|Max|Ultra)/i,
		tdpWatts: 36,
		threads: 12,
		source: APPLE_NOTE,
	},
	{ name: 'Apple M2', pattern: /Apple M2/i, tdpWatts: 20, threads: 8, source: APPLE_NOTE },
	{
		name: 'Apple M3 Pro/Max/Ultra',
		pattern: /Apple M3 (Pro|Max|Ultra)/i,
		tdpWatts: 45,
		threads: 14,
		source: APPLE_NOTE,
	},
	{ name: 'Apple M3', pattern: /Apple M3/i, tdpWatts: 21, threads: 8, source: APPLE_NOTE },
	{
		name: 'Apple M4 Pro/Max',
		pattern: /Apple M4 (Pro|Max)/i,
		tdpWatts: 46,
		threads: 14,
		source: APPLE_NOTE,
	},
	{ name: 'Apple M4', pattern: /Apple M4/i, tdpWatts: 22, threads: 10, source: APPLE_NOTE },
	// Intel Core, by power class (the suffix says more about power than the generation does).
	{
		name: 'Intel Core HX (mobile)',
		pattern: /Core.*\bi[3579]-\d{4,5}HX\b/i,
		tdpWatts: 55,
		threads: 24,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core H (mobile)',
		pattern: /(Core.*\bi[3579]-\d{4,5}H[KSQ]?\b|Core\(TM\) Ultra \d+ \d{3}H\b)/i,
		tdpWatts: 45,
		threads: 16,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core P (mobile)',
		pattern: /Core.*\bi[3579]-\d{4,5}P\b/i,
		tdpWatts: 28,
		threads: 16,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core U (mobile)',
		pattern: /(Core.*\bi[3579]-\d{4,5}G?\d?U\b|Core\(TM\) Ultra \d+ \d{3}[UV]\b)/i,
		tdpWatts: 15,
		threads: 8,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core Y (fanless)',
		pattern: /Core.*\b(i[3579]|m3)-\d{4,5}Y\b/i,
		tdpWatts: 5,
		threads: 4,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core K (desktop, unlocked)',
		pattern: /Core.*\bi[3579]-\d{4,5}KS?F?\b/i,
		tdpWatts: 125,
		threads: 20,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core T (desktop, low power)',
		pattern: /Core.*\bi[3579]-\d{4,5}T\b/i,
		tdpWatts: 35,
		threads: 12,
		source: INTEL_ARK,
	},
	{
		name: 'Intel Core (desktop)',
		pattern: /Core.*\bi[3579]-\d{4,5}F?\b/i,
		tdpWatts: 65,
		threads: 12,
		source: INTEL_ARK,
	},
	// AMD Ryzen, by power class.
	{
		name: 'AMD Ryzen Threadripper',
		pattern: /Threadripper/i,
		tdpWatts: 280,
		threads: 64,
		source: AMD_SPECS,
	},
	{
		name: 'AMD Ryzen U (mobile)',
		pattern: /Ryzen.*\d{4}U\b/i,
		tdpWatts: 15,
		threads: 16,
		source: AMD_SPECS,
	},
	{
		name: 'AMD Ryzen HS (mobile)',
		pattern: /Ryzen.*\d{4}HS\b/i,
		tdpWatts: 35,
		threads: 16,
		source: AMD_SPECS,
	},
	{
		name: 'AMD Ryzen H/HX (mobile)',
		pattern: /Ryzen.*\d{4}HX?\b/i,
		tdpWatts: 45,
		threads: 16,
		source: AMD_SPECS,
	},
	{
		name: 'AMD Ryzen X (desktop)',
		pattern: /Ryzen.*\d{4}X(3D)?\b/i,
		tdpWatts: 105,
		threads: 16,
		source: AMD_SPECS,
	},
	{ name: 'AMD Ryzen (desktop)', pattern: /Ryzen/i, tdpWatts: 65, threads: 12, source: AMD_SPECS },
];

/** The table row matching a CPU model string, or undefined for an unknown CPU. */
export function matchCpuFamily(cpuModel: string): { name: string; source: string } | undefined {
	const family = FAMILIES.find((candidate) => candidate.pattern.test(cpuModel));
	return family ? { name: family.name, source: family.source } : undefined;
}

// AMD and some Intel model strings carry the core count ("8-Core Processor"); SMT doubles it.
function threadsFromModel(cpuModel: string): number | undefined {
	const match = /(\d+)-Core/i.exec(cpuModel);
	return match ? Number(match[1]) * 2 : undefined;
}

/**
 * Full-load and idle power of the cores this machine can use. User overrides win; otherwise the
 * table, scaled by the share of the chip that is visible here (a VM with 8 of a 128-thread EPYC's
 * threads gets 8/128 of its TDP); otherwise 12 W per core (Green Algorithms, 2021).
 */
export function modelCpuPower(
	cpu: CpuDescription,
	overrides: CpuPowerOverrides = {},
): CpuPowerModel {
	const logical = Math.max(1, cpu.logicalCores || 1);
	const physical = Math.max(1, cpu.physicalCores || Math.ceil(logical / 2));
	const family = FAMILIES.find((candidate) => candidate.pattern.test(cpu.cpuModel));
	let model: CpuPowerModel;
	if (family?.perThread) {
		model = {
			maxWatts: family.perThread.maxWatts * logical,
			idleWatts: family.perThread.minWatts * logical,
			matched: family.name,
			detail: `${family.name}: ${family.perThread.minWatts}–${family.perThread.maxWatts} W per vCPU × ${logical} logical cores`,
			uncertainty: {
				relative: 0.5,
				reason: 'cloud per-vCPU averages, not this CPU model: ±50 %',
			},
			constants: [
				{
					name: 'cpuMaxWattsPerThread',
					value: family.perThread.maxWatts,
					unit: 'W',
					source: family.source,
				},
				{
					name: 'cpuIdleWattsPerThread',
					value: family.perThread.minWatts,
					unit: 'W',
					source: family.source,
				},
			],
		};
	} else if (family?.tdpWatts !== undefined) {
		const chipThreads = family.threads ?? threadsFromModel(cpu.cpuModel) ?? logical;
		// Scale down whenever only part of the chip is visible (VM, container); scale up only when the
		// thread count is exact (several sockets), since a family's typical count is only a guess.
		const share = logical < chipThreads || family.exactThreads ? logical / chipThreads : 1;
		const maxWatts = family.tdpWatts * share;
		const scaled = share === 1 ? '' : ` × ${logical}/${chipThreads} visible threads`;
		model = {
			maxWatts,
			idleWatts: maxWatts * IDLE_FRACTION_OF_TDP,
			matched: family.name,
			detail: `TDP table: ${family.name} (${family.tdpWatts} W, ${chipThreads} threads)${scaled}`,
			uncertainty: {
				relative: 0.4,
				reason:
					'TDP is a design limit, not measured draw; real full-load power is often 0.6–1.4× TDP: ±40 %',
			},
			constants: [
				{ name: 'cpuTdpWatts', value: family.tdpWatts, unit: 'W', source: family.source },
				{
					name: 'cpuIdleFractionOfTdp',
					value: IDLE_FRACTION_OF_TDP,
					unit: '',
					source: 'CodeCarbon load model (2023)',
				},
			],
		};
	} else {
		const maxWatts = GENERIC_WATTS_PER_CORE * physical;
		model = {
			maxWatts,
			idleWatts: maxWatts * IDLE_FRACTION_OF_TDP,
			matched: 'generic',
			detail: `unknown CPU '${cpu.cpuModel}': ${GENERIC_WATTS_PER_CORE} W per core × ${physical} cores`,
			uncertainty: {
				relative: 0.6,
				reason: 'CPU not in the table; generic 12 W per core: ±60 %',
			},
			constants: [
				{
					name: 'cpuWattsPerCore',
					value: GENERIC_WATTS_PER_CORE,
					unit: 'W',
					source: 'Green Algorithms (Lannelongue et al., 2021)',
				},
				{
					name: 'cpuIdleFractionOfTdp',
					value: IDLE_FRACTION_OF_TDP,
					unit: '',
					source: 'CodeCarbon load model (2023)',
				},
			],
		};
	}

	return applyOverrides(model, overrides);
}

function applyOverrides(model: CpuPowerModel, overrides: CpuPowerOverrides): CpuPowerModel {
	const { cpuWatts, cpuIdleWatts } = overrides;
	if (
		(cpuWatts === undefined || cpuWatts === null) &&
		(cpuIdleWatts === undefined || cpuIdleWatts === null)
	) {
		return model;
	}

	const result: CpuPowerModel = { ...model, constants: [...model.constants] };
	if (cpuWatts !== undefined && cpuWatts !== null) {
		result.maxWatts = cpuWatts;
		result.idleWatts = cpuWatts * IDLE_FRACTION_OF_TDP;
		result.matched = 'user setting';
		result.detail = `user setting: ${cpuWatts} W at full load`;
		result.uncertainty = {
			relative: 0.25,
			reason: 'full-load power from the user; linear load model between idle and full load: ±25 %',
		};
		result.constants = [
			{ name: 'cpuWatts', value: cpuWatts, unit: 'W', source: 'user setting' },
			{
				name: 'cpuIdleFractionOfTdp',
				value: IDLE_FRACTION_OF_TDP,
				unit: '',
				source: 'CodeCarbon load model (2023)',
			},
		];
	}

	if (cpuIdleWatts !== undefined && cpuIdleWatts !== null) {
		// Idle above full load makes no sense; keep the active part non-negative.
		result.idleWatts = Math.min(cpuIdleWatts, result.maxWatts);
		result.detail += `; idle ${cpuIdleWatts} W (user setting)`;
		result.constants = result.constants.filter(
			(constant) => constant.name !== 'cpuIdleFractionOfTdp',
		);
		result.constants.push({
			name: 'cpuIdleWatts',
			value: cpuIdleWatts,
			unit: 'W',
			source: 'user setting',
		});
	}

	return result;
}

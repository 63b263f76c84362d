/**
 * `footprint machine [--json]`: the machine profile and, for each way of getting power, whether it
 * works here and, if not, why.
 */
import { formatMemory } from '../../core/format';
import type { Availability, MachineProfile } from '../../core/measurement';
import { createEstimateContext, type EstimateContext } from '../../estimators/energyContext';
import { GRID_CREDIT, UnknownCountryError } from '../../estimators/gridIntensity';
import { loadMachineProfile } from '../../monitor/profileLoader';
import { probeNvidia } from '../../monitor/nvidia';
import { probeRapl } from '../../monitor/rapl';
import { UsageError, type CliCommand } from '../command';
import { energyFlags, formatHelp, parseFlags, settingsFromFlags, type FlagSpec } from '../options';

const FLAGS: FlagSpec[] = [
	{ name: 'json', help: 'Print the profile and methods as JSON on stdout.' },
	...energyFlags('country', 'intensity', 'cpu-watts', 'memory-watts-per-gb'),
];

const USAGE = 'footprint machine [--json]';
const DESCRIPTION =
	'Shows this machine (CPU, cores, memory, GPUs, power source, virtualisation, OS) and, for each\n' +
	'measurement method, whether it is available here and, if not, why.';

/** One measurement method and whether it works here. */
export interface MethodReport {
	name: string;
	available: boolean;
	/** What it measures or models, or why it is unavailable. */
	detail: string;
}

/** The methods in the order a user reads them: counters first, models after. */
export function describeMethods(
	rapl: Availability,
	gpu: Availability,
	context: EstimateContext,
): MethodReport[] {
	return [
		{
			name: 'RAPL (CPU energy counters)',
			available: rapl.available,
			detail: rapl.available ? 'CPU package energy is measured' : (rapl.reason ?? 'unavailable'),
		},
		{
			name: 'nvidia-smi (GPU power)',
			available: gpu.available,
			detail: gpu.available ? 'GPU board power is measured' : (gpu.reason ?? 'unavailable'),
		},
		{
			name: 'CPU power model',
			available: true,
			detail: `${context.cpu.detail}: ${context.cpu.maxWatts.toFixed(1)} W full load, ${context.cpu.idleWatts.toFixed(1)} W idle${rapl.available ? ' (idle part subtracted from RAPL readings)' : ''}`,
		},
		{
			name: 'Memory power model',
			available: true,
			detail: `${context.memoryConstant.value} W/GiB of resident memory (${context.memoryConstant.source})`,
		},
		{
			name: 'Grid intensity',
			available: true,
			detail: `${Math.round(context.grid.gramsPerKwh)} gCO2e/kWh, ${context.grid.region}: ${context.grid.source.detail} (${context.grid.source.dataset})`,
		},
	];
}

function formatProfile(machine: MachineProfile): string[] {
	const gpus =
		machine.gpus.map((gpu) => `${gpu.vendor} ${gpu.model}`.trim()).join(', ') || 'none found';
	const power =
		machine.power.source === 'battery'
			? `battery${machine.power.batteryPercent !== undefined ? ` (${machine.power.batteryPercent} %)` : ''}`
			: machine.power.source;
	return [
		`  CPU             ${machine.cpuModel} (${machine.physicalCores} physical, ${machine.logicalCores} logical cores)`,
		`  memory          ${formatMemory(machine.memoryBytes)}`,
		`  GPUs            ${gpus}`,
		`  power           ${power}`,
		`  virtualisation  ${machine.virtualisation ?? 'none (bare metal)'}`,
		`  OS              ${machine.os}`,
	];
}

/** The `machine` subcommand. */
export const machineCommandDefinition: CliCommand = {
	name: 'machine',
	summary: 'Show this machine and which measurement methods work here.',
	async run(args: string[]): Promise<number> {
		if (args.includes('--help') || args.includes('-h')) {
			process.stdout.write(formatHelp(USAGE, DESCRIPTION, FLAGS));
			return 0;
		}

		let flags: ReturnType<typeof parseFlags>;
		let settings: ReturnType<typeof settingsFromFlags>;
		try {
			flags = parseFlags(args, FLAGS, 'machine');
			settings = settingsFromFlags(flags, FLAGS);
		} catch (error) {
			if (error instanceof UsageError) {
				process.stderr.write(`footprint machine: ${error.message}\n`);
				return error.exitCode;
			}

			throw error;
		}

		const [machine, nvidia] = await Promise.all([loadMachineProfile(), probeNvidia()]);
		const rapl = probeRapl().availability;
		const gpu = nvidia.availability;
		let context: EstimateContext;
		try {
			context = createEstimateContext({ machine, settings, rapl, gpu });
		} catch (error) {
			if (error instanceof UnknownCountryError || error instanceof RangeError) {
				process.stderr.write(`footprint machine: --country: ${error.message}\n`);
				return 2;
			}

			throw error;
		}

		const methods = describeMethods(rapl, gpu, context);
		if (flags.has('json')) {
			process.stdout.write(JSON.stringify({ machine, methods }, null, 2) + '\n');
			return 0;
		}

		const lines = ['Machine', ...formatProfile(machine), '', 'Measurement methods'];
		for (const method of methods) {
			lines.push(`  ${method.available ? '✓' : '✗'} ${method.name}: ${method.detail}`);
		}

		lines.push('', `  ${GRID_CREDIT}`);
		process.stdout.write(lines.join('\n') + '\n');
		return 0;
	},
};

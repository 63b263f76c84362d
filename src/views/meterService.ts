import * as os from 'node:os';
import type { Availability, MachineProfile } from '../core/measurement';
import type { FootprintSettings } from '../core/settings';
import { createEstimateContext, type EstimateContext } from '../estimators/energyContext';
import { buildFootprintRecord, estimateMachinePower } from '../estimators/footprint';
import { GRID_CREDIT } from '../estimators/gridIntensity';
import { sharedMachineSampler } from '../monitor/machineSampler';
import { loadMachineProfile } from '../monitor/profileLoader';
import { probeNvidia } from '../monitor/nvidia';
import { readProcessStat } from '../monitor/procfs';
import { TaskMeter } from '../monitor/taskMeter';
import type { FootprintHost } from './host';
import type { Meters, MethodSummary } from './meters';

/** One line for a machine, e.g. `AMD EPYC 7B13, 2 threads, 7.8 GiB, Debian 12 (KVM)`. */
export function describeMachine(profile: MachineProfile): string {
	const memory = `${(profile.memoryBytes / 1024 ** 3).toFixed(1)} GiB`;
	const virtual = profile.virtualisation ? ` (${profile.virtualisation})` : '';
	return `${profile.cpuModel}, ${profile.logicalCores} threads, ${memory}, ${profile.os}${virtual}`;
}

function summarise(context: EstimateContext): MethodSummary {
	const notMeasured: string[] = [];
	if (!context.rapl.available) {
		notMeasured.push(context.rapl.reason ?? 'RAPL unavailable');
	}

	if (!context.gpu.available) {
		notMeasured.push(context.gpu.reason ?? 'no GPU power reading');
	}

	return {
		machine: describeMachine(context.machine),
		cpu: context.rapl.available
			? 'measured by the RAPL package energy counters'
			: `modelled from utilisation and ${context.cpu.detail}`,
		memory: `modelled, ${context.memoryWattsPerGb} W/GiB (${context.memoryConstant.source})`,
		gpu: context.gpu.available ? 'measured by nvidia-smi power.draw' : 'not measured',
		notMeasured,
		intensityGramsPerKwh: context.grid.gramsPerKwh,
		region: context.grid.region,
		intensitySource: `${context.grid.source.dataset}; ${context.grid.source.detail}`,
		pue: context.pue,
	};
}

function contextFor(
	host: FootprintHost,
	machine: MachineProfile,
	settings: FootprintSettings,
	rapl: Availability,
	gpu: Availability,
): EstimateContext {
	try {
		return createEstimateContext({ machine, settings, rapl, gpu });
	} catch (error) {
		// An unknown country code or an odd override must not stop measuring: fall back to the
		// time-zone guess and say so.
		host.log.warn(
			`${String(error instanceof Error ? error.message : error)}; using the time-zone guess`,
		);
		return createEstimateContext({
			machine,
			settings: { ...settings, country: '', intensityOverride: null },
			rapl,
			gpu,
		});
	}
}

/**
 * The real meters: the machine profile and probes from src/monitor, power models and intensity from
 * src/estimators, rebuilt whenever a Footprint setting changes so new records use new settings.
 */
export async function loadMeters(host: FootprintHost): Promise<Meters> {
	const started = performance.now();
	const sampler = sharedMachineSampler();
	const [machine, nvidia] = await Promise.all([loadMachineProfile(), probeNvidia()]);
	const rapl = sampler.raplAvailability;
	const gpu = nvidia.availability;
	let context = contextFor(host, machine, host.configuration.current, rapl, gpu);
	host.extension.subscriptions.push(
		host.configuration.onDidChange((settings) => {
			context = contextFor(host, machine, settings, rapl, gpu);
		}),
	);

	const summary = summarise(context);
	host.log.info(
		`machine: ${summary.machine}; CPU ${summary.cpu}; GPU ${summary.gpu}; region ${summary.region} ` +
			`${Math.round(summary.intensityGramsPerKwh)} gCO2e/kWh from ${summary.intensitySource}; PUE ${summary.pue} ` +
			`(probed in ${Math.round(performance.now() - started)} ms)`,
	);
	for (const reason of summary.notMeasured) {
		host.log.info(`not measured: ${reason}`);
	}

	return {
		startTask(rootPid, options) {
			const parentPid = options.rootExits ? readProcessStat(rootPid)?.ppid : undefined;
			const meter = new TaskMeter(rootPid, {
				intervalMs: host.configuration.current.samplingIntervalSeconds * 1000,
				logger: host.log,
				parentPid,
				gpu: gpu.available,
				machine: sampler,
			});
			meter.start();
			return { stop: () => meter.stop() };
		},
		async sampleMachine() {
			// nvidia-smi is a child process: only worth starting where a GPU answered the probe.
			return gpu.available ? sampler.sampleWithGpu() : sampler.sample();
		},
		machinePower(previous, next) {
			return estimateMachinePower(previous, next, context, os.totalmem() - os.freemem());
		},
		record(measurement, task) {
			return buildFootprintRecord(measurement, task, context);
		},
		summary() {
			return summarise(context);
		},
		machineReport() {
			return machineReport(context);
		},
	};
}

function machineReport(context: EstimateContext): string {
	const machine = context.machine;
	const summary = summarise(context);
	const yes = (availability: Availability) =>
		availability.available
			? 'available'
			: `not available — ${availability.reason ?? 'unknown reason'}`;
	const gpus =
		machine.gpus.length > 0
			? machine.gpus.map((gpu) => `${gpu.vendor} ${gpu.model}`).join(', ')
			: 'none found';
	const lines = [
		'# Footprint: this machine and how it is measured',
		'',
		'## Machine',
		'',
		`| | |`,
		`|---|---|`,
		`| CPU | ${machine.cpuModel} (${machine.cpuManufacturer}) |`,
		`| Cores | ${machine.physicalCores} physical, ${machine.logicalCores} logical |`,
		`| Memory | ${(machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB |`,
		`| GPUs | ${gpus} |`,
		`| Power source | ${machine.power.source}${machine.power.batteryPercent !== undefined ? ` (${machine.power.batteryPercent} %)` : ''} |`,
		`| Virtualisation | ${machine.virtualisation ?? 'none (bare metal)'} |`,
		`| Operating system | ${machine.os} |`,
		'',
		'## Measurement methods',
		'',
		`| | |`,
		`|---|---|`,
		`| RAPL energy counters | ${yes(context.rapl)} |`,
		`| NVIDIA GPU power (nvidia-smi) | ${yes(context.gpu)} |`,
		`| CPU power | ${summary.cpu} |`,
		`| CPU model | ${context.cpu.maxWatts.toFixed(1)} W full load, ${context.cpu.idleWatts.toFixed(1)} W idle (${context.cpu.matched}) ± ${Math.round(context.cpu.uncertainty.relative * 100)} %: ${context.cpu.uncertainty.reason} |`,
		`| Memory power | ${summary.memory} |`,
		`| Grid intensity | ${Math.round(context.grid.gramsPerKwh)} gCO2e/kWh, region ${context.grid.region} (${summary.intensitySource}) |`,
		`| PUE | ${context.pue} |`,
		'',
		'## Attribution',
		'',
		'Each task gets the share of the machine’s *active* CPU power equal to its share of the busy CPU time in the same interval, so tasks that overlap split the active power by CPU time. Idle power belongs to the machine, not to any task. Memory power follows the task’s average resident memory.',
		'',
		'## Constants',
		'',
		...[...context.cpu.constants, context.memoryConstant].map(
			(constant) => `- ${constant.name} = ${constant.value} ${constant.unit} — ${constant.source}`,
		),
		'',
		GRID_CREDIT,
		'',
	];
	return lines.join('\n');
}

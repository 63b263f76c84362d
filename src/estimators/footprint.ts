/**
 * Energy and carbon of a piece of work, and the footprint record that carries them.
 *
 * Energy rule (Kepler / Scaphandre, idle kept apart):
 * - CPU, measured: (RAPL joules over the window − idle watts × window) × task CPU s / machine busy
 *   CPU s. The idle part belongs to the machine, never to a task.
 * - CPU, modelled: task CPU seconds × (Pmax − Pidle) / logical cores, the linear load model of
 *   cpuPower.ts: one core fully busy for one second costs one core's share of the active power.
 * - Memory: W per GiB × average resident GiB × wall seconds (Green Algorithms, 2021).
 * - GPU: measured whole-GPU energy over the window, where nvidia-smi exists.
 * Carbon = energy × PUE × grid intensity. energyWh is what the machine drew; PUE only enters carbon.
 */
import { randomUUID } from 'node:crypto';
import type { MachineSample, TaskMeasurement } from '../core/measurement';
import {
	SCHEMA_VERSION,
	type ComponentMethod,
	type ConstantUsed,
	type EnergyBreakdown,
	type FootprintRecord,
	type MachineSummary,
	type MethodDescription,
	type TaskOrigin,
} from '../core/record';
import { MEMORY_UNCERTAINTY, type EstimateContext } from './energyContext';

const GIB = 1024 ** 3;

/** Attribution rule, as written into every record. */
export const ATTRIBUTION_RULE =
	'share of active CPU power by CPU time (Kepler/Scaphandre); idle power stays with the machine; ' +
	'memory power by average resident memory × wall time; GPU energy over the window';

/**
 * RAPL package energy is within a few per cent of wall-meter readings (Khan et al., 2018), but
 * sharing it by CPU time ignores frequency and instruction mix, and the idle part subtracted is
 * modelled.
 */
const RAPL_UNCERTAINTY = 0.15;

/** nvidia-smi power.draw is within ±5 % of board power (NVIDIA); whole-GPU attribution adds doubt. */
const GPU_UNCERTAINTY = 0.2;

/** What a task used; for predictions (conversion estimates) these are predicted values. */
export interface UsageInput {
	cpuSeconds: number;
	durationSeconds: number;
	averageRssBytes: number;
}

/** Measured power over the task's window, where the machine allows it. */
interface MeasuredInput {
	raplJoules?: number;
	machineBusyCpuSeconds?: number;
	gpuJoules?: number;
}

/** Energy and carbon with their breakdown and the method behind them. */
export interface EnergyEstimate {
	energyWh: number;
	energy: EnergyBreakdown;
	co2eGrams: number;
	intensityGramsPerKwh: number;
	method: MethodDescription;
}

/**
 * Energy and carbon of a task from its CPU time, wall time and memory, modelled (no hardware
 * counters): the conversion estimator calls this to put energy and carbon on a predicted run.
 */
export function modelEnergy(usage: UsageInput, context: EstimateContext): EnergyEstimate {
	return estimateEnergy(usage, {}, context);
}

function finite(value: number): number {
	return Number.isFinite(value) && value > 0 ? value : 0;
}

function estimateEnergy(
	usage: UsageInput,
	measured: MeasuredInput,
	context: EstimateContext,
): EnergyEstimate {
	const cpuSeconds = finite(usage.cpuSeconds);
	const durationSeconds = finite(usage.durationSeconds);
	const averageRssBytes = finite(usage.averageRssBytes);
	const constants: ConstantUsed[] = [];

	let cpuJoules: number;
	let cpuMethod: ComponentMethod;
	let cpuUncertainty: { relative: number; reason: string };
	const busy = measured.machineBusyCpuSeconds ?? 0;
	if (measured.raplJoules !== undefined && Number.isFinite(measured.raplJoules) && busy > 0) {
		const activeJoules = Math.max(0, measured.raplJoules - context.cpu.idleWatts * durationSeconds);
		const share = Math.min(1, cpuSeconds / busy);
		cpuJoules = activeJoules * share;
		cpuMethod = {
			provenance: 'measured',
			detail:
				`RAPL: (${round(measured.raplJoules)} J − idle ${round(context.cpu.idleWatts)} W × ` +
				`${round(durationSeconds)} s) × ${round(cpuSeconds)} task CPU s / ${round(busy)} machine busy CPU s`,
		};
		cpuUncertainty = {
			relative: RAPL_UNCERTAINTY,
			reason: 'CPU measured by RAPL, shared by CPU time, idle modelled: ±15 %',
		};
		constants.push({
			name: 'cpuIdleWatts',
			value: context.cpu.idleWatts,
			unit: 'W',
			source: context.cpu.detail,
		});
	} else {
		const activeWattsPerCore =
			(context.cpu.maxWatts - context.cpu.idleWatts) / context.logicalCores;
		cpuJoules = cpuSeconds * activeWattsPerCore;
		cpuMethod = {
			provenance: 'modelled',
			detail:
				`${context.cpu.detail}; ${round(cpuSeconds)} CPU s × (${round(context.cpu.maxWatts)} − ` +
				`${round(context.cpu.idleWatts)} W) / ${context.logicalCores} logical cores`,
			...(context.rapl.available
				? {}
				: { notMeasuredBecause: `RAPL: ${context.rapl.reason ?? 'unavailable'}` }),
		};
		cpuUncertainty = {
			relative: context.cpu.uncertainty.relative,
			reason: `CPU ${context.cpu.uncertainty.reason}`,
		};
		constants.push(...context.cpu.constants);
	}

	const memoryJoules = context.memoryWattsPerGb * (averageRssBytes / GIB) * durationSeconds;
	constants.push(context.memoryConstant);
	const memoryMethod: ComponentMethod = {
		provenance: 'modelled',
		detail: `${context.memoryWattsPerGb} W/GiB × ${round(averageRssBytes / GIB)} GiB average resident × ${round(durationSeconds)} s`,
		notMeasuredBecause: 'no per-process memory power counter exists',
	};

	let gpuJoules = 0;
	let gpuMethod: ComponentMethod;
	if (measured.gpuJoules !== undefined && Number.isFinite(measured.gpuJoules)) {
		gpuJoules = Math.max(0, measured.gpuJoules);
		// Limitation: per-process GPU time needs NVML accounting mode, which is off by default, so the
		// whole GPU's energy over the window is attributed; it overstates when other programs use the
		// GPU at the same time, and includes the GPU's idle draw.
		gpuMethod = {
			provenance: 'measured',
			detail:
				'nvidia-smi power.draw: whole-GPU energy over the task window (task assumed the only GPU user)',
		};
	} else {
		gpuMethod = {
			provenance: 'unavailable',
			detail: 'no GPU energy counted',
			notMeasuredBecause: context.gpu.available
				? 'no GPU samples in the window'
				: `GPU: ${context.gpu.reason ?? 'unavailable'}`,
		};
	}

	const energy: EnergyBreakdown = {
		cpuWh: cpuJoules / 3600,
		memoryWh: memoryJoules / 3600,
		gpuWh: gpuJoules / 3600,
	};
	const energyWh = energy.cpuWh + energy.memoryWh + energy.gpuWh;
	const co2eGrams = (energyWh / 1000) * context.pue * context.grid.gramsPerKwh;
	constants.push(
		{
			name: 'pue',
			value: context.pue,
			unit: '',
			source:
				context.pue === 1
					? 'default for a personal machine (Green Algorithms, 2021)'
					: 'user setting',
		},
		{
			name: 'gridIntensity',
			value: context.grid.gramsPerKwh,
			unit: 'gCO2e/kWh',
			source: `${context.grid.source.dataset}; ${context.grid.source.detail}`,
		},
	);

	const parts = [
		{ wh: energy.cpuWh, ...cpuUncertainty },
		{
			wh: energy.memoryWh,
			relative: MEMORY_UNCERTAINTY,
			reason: 'memory per-GB power ranges 0.08–0.39 W/GB across published methods: ±80 %',
		},
		{
			wh: energy.gpuWh,
			relative: GPU_UNCERTAINTY,
			reason: 'GPU measured whole-board, attributed whole: ±20 %',
		},
	].filter((part) => part.wh > 0);
	// Independent errors add in quadrature; with no energy at all the CPU's figure stands.
	const relative =
		energyWh > 0
			? Math.sqrt(parts.reduce((sum, part) => sum + (part.wh * part.relative) ** 2, 0)) / energyWh
			: cpuUncertainty.relative;

	return {
		energyWh,
		energy,
		co2eGrams,
		intensityGramsPerKwh: context.grid.gramsPerKwh,
		method: {
			cpu: cpuMethod,
			memory: memoryMethod,
			gpu: gpuMethod,
			attribution: ATTRIBUTION_RULE,
			constants,
			uncertainty: {
				relative: Math.round(relative * 100) / 100,
				reason: (parts.length > 0 ? parts : [cpuUncertainty]).map((part) => part.reason).join('; '),
			},
		},
	};
}

function round(value: number): number {
	return Number(value.toPrecision(3));
}

/** What ran, as the caller knows it. */
export interface TaskDescription {
	origin: TaskOrigin;
	/** Task label; defaults to the command. */
	label?: string;
	command: string;
	cwd: string;
	exitCode: number | null;
}

/** The machine part of a record. */
export function summariseMachine(context: EstimateContext): MachineSummary {
	const machine = context.machine;
	return {
		cpuModel: machine.cpuModel,
		physicalCores: machine.physicalCores,
		logicalCores: machine.logicalCores,
		memoryBytes: machine.memoryBytes,
		os: machine.os,
		virtualised: machine.virtualisation !== null,
		gpus: machine.gpus.map((gpu) => `${gpu.vendor} ${gpu.model}`.trim()),
	};
}

/**
 * Turns what the monitors saw into the one versioned record: measured CPU power where RAPL was
 * read over the window, modelled otherwise, with every constant and the intensity's origin.
 */
export function buildFootprintRecord(
	measurement: TaskMeasurement,
	task: TaskDescription,
	context: EstimateContext,
): FootprintRecord {
	const durationSeconds = Math.max(0, (measurement.endedAtMs - measurement.startedAtMs) / 1000);
	const estimate = estimateEnergy(
		{
			cpuSeconds: measurement.cpuSeconds,
			durationSeconds,
			averageRssBytes: measurement.averageRssBytes,
		},
		{
			raplJoules: measurement.raplJoules,
			machineBusyCpuSeconds: measurement.machineBusyCpuSeconds,
			gpuJoules: measurement.gpuJoules,
		},
		context,
	);

	return {
		schemaVersion: SCHEMA_VERSION,
		id: randomUUID(),
		origin: task.origin,
		label: task.label ?? task.command,
		command: task.command,
		cwd: task.cwd,
		startedAt: new Date(measurement.startedAtEpochMs).toISOString(),
		endedAt: new Date(measurement.endedAtEpochMs).toISOString(),
		exitCode: task.exitCode,
		durationSeconds,
		cpuSeconds: measurement.cpuSeconds,
		peakRssBytes: measurement.peakRssBytes,
		averageRssBytes: measurement.averageRssBytes,
		energyWh: estimate.energyWh,
		energy: estimate.energy,
		co2eGrams: estimate.co2eGrams,
		intensityGramsPerKwh: estimate.intensityGramsPerKwh,
		region: context.grid.region,
		intensitySource: context.grid.source,
		pue: context.pue,
		method: estimate.method,
		machine: summariseMachine(context),
	};
}

/** Machine power right now, by component, with how each part was obtained. */
export interface MachinePower {
	watts: number;
	cpuWatts: number;
	memoryWatts: number;
	gpuWatts: number;
	/** Busy share of all cores over the interval, 0..1. */
	cpuUtilisation: number;
	cpu: ComponentMethod;
	memory: ComponentMethod;
	gpu: ComponentMethod;
}

/**
 * Whole-machine power between two samples, for the status bar: CPU from RAPL where both samples
 * carry it, else the linear load model on utilisation; memory from W/GiB × memory in use (installed
 * memory when the caller does not know); GPU as nvidia-smi reported it in the later sample.
 */
export function estimateMachinePower(
	previous: MachineSample,
	current: MachineSample,
	context: EstimateContext,
	usedMemoryBytes?: number,
): MachinePower {
	const seconds = (current.atMs - previous.atMs) / 1000;
	const totalDelta = current.totalCpuSeconds - previous.totalCpuSeconds;
	const busyDelta = current.busyCpuSeconds - previous.busyCpuSeconds;
	const cpuUtilisation = totalDelta > 0 ? Math.min(1, Math.max(0, busyDelta / totalDelta)) : 0;

	let cpuWatts: number;
	let cpu: ComponentMethod;
	if (previous.raplJoules !== undefined && current.raplJoules !== undefined && seconds > 0) {
		cpuWatts = Math.max(0, current.raplJoules - previous.raplJoules) / seconds;
		cpu = { provenance: 'measured', detail: 'RAPL package counters' };
	} else {
		cpuWatts =
			context.cpu.idleWatts + cpuUtilisation * (context.cpu.maxWatts - context.cpu.idleWatts);
		cpu = {
			provenance: 'modelled',
			detail: `${context.cpu.detail} at ${Math.round(cpuUtilisation * 100)} % utilisation`,
			...(context.rapl.available
				? {}
				: { notMeasuredBecause: `RAPL: ${context.rapl.reason ?? 'unavailable'}` }),
		};
	}

	const memoryBytes = usedMemoryBytes ?? context.machine.memoryBytes;
	const memoryWatts = context.memoryWattsPerGb * (memoryBytes / GIB);
	const memory: ComponentMethod = {
		provenance: 'modelled',
		detail: `${context.memoryWattsPerGb} W/GiB × ${round(memoryBytes / GIB)} GiB ${usedMemoryBytes === undefined ? 'installed' : 'in use'}`,
	};

	const gpuWatts =
		current.gpuWatts !== undefined && Number.isFinite(current.gpuWatts) ? current.gpuWatts : 0;
	const gpu: ComponentMethod =
		current.gpuWatts !== undefined
			? { provenance: 'measured', detail: 'nvidia-smi power.draw' }
			: {
					provenance: 'unavailable',
					detail: 'no GPU power',
					notMeasuredBecause: `GPU: ${context.gpu.reason ?? 'unavailable'}`,
				};

	return {
		watts: cpuWatts + memoryWatts + gpuWatts,
		cpuWatts,
		memoryWatts,
		gpuWatts,
		cpuUtilisation,
		cpu,
		memory,
		gpu,
	};
}

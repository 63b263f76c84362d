import * as assert from 'node:assert';
import type { MachineProfile, MachineSample, TaskMeasurement } from '../../../src/core/measurement';
import { DEFAULT_SETTINGS } from '../../../src/core/settings';
import { createEstimateContext, type EnergySettings } from '../../../src/estimators/energyContext';
import {
	buildFootprintRecord,
	estimateMachinePower,
	modelEnergy,
} from '../../../src/estimators/footprint';

const GIB = 1024 ** 3;

function machine(overrides: Partial<MachineProfile> = {}): MachineProfile {
	return {
		cpuManufacturer: 'Unknown',
		cpuModel: 'Mystery Processor',
		physicalCores: 12,
		logicalCores: 12,
		memoryBytes: 64 * GIB,
		gpus: [],
		power: { source: 'mains' },
		virtualisation: null,
		os: 'Test OS',
		platform: 'linux',
		...overrides,
	};
}

function settings(overrides: Partial<EnergySettings> = {}): EnergySettings {
	return { ...DEFAULT_SETTINGS, country: 'DE', ...overrides };
}

function measurement(overrides: Partial<TaskMeasurement> = {}): TaskMeasurement {
	return {
		startedAtMs: 1000,
		endedAtMs: 11_000,
		startedAtEpochMs: Date.UTC(2026, 0, 1, 12, 0, 0),
		endedAtEpochMs: Date.UTC(2026, 0, 1, 12, 0, 10),
		cpuSeconds: 5,
		peakRssBytes: 2 * GIB,
		averageRssBytes: GIB,
		sampleCount: 10,
		machineBusyCpuSeconds: 10,
		...overrides,
	};
}

function near(actual: number, expected: number, relative: number, label = ''): void {
	assert.ok(
		Math.abs(actual - expected) <= Math.abs(expected) * relative,
		`${label} ${actual} not within ${relative * 100} % of ${expected}`,
	);
}

suite('footprint', () => {
	test('matches a Green Algorithms worked example when idle power is set to zero', () => {
		// E = t × (n_c·P_c·u_c + n_m·P_m) × PUE: 12 h on 12 cores at 12 W, fully used, 64 GB at
		// 0.3725 W/GB, PUE 1.67 → 12 × (144 + 23.84) × 1.67 = 3363.5 Wh; at 475 g/kWh 1597.7 g.
		const context = createEstimateContext({
			machine: machine(),
			settings: settings({ cpuIdleWatts: 0, pue: 1.67, intensityOverride: 475 }),
		});
		const hours = 12;
		const estimate = modelEnergy(
			{ cpuSeconds: 12 * hours * 3600, durationSeconds: hours * 3600, averageRssBytes: 64 * GIB },
			context,
		);
		near(estimate.energyWh * 1.67, 3363.5, 0.005, 'energy × PUE');
		near(estimate.co2eGrams, 1597.7, 0.005, 'carbon');
		near(estimate.energy.cpuWh, 1728, 1e-9, 'cpu');
		near(estimate.energy.memoryWh, 286.08, 1e-3, 'memory');
	});

	test('idle power stays with the machine: only active power is shared by CPU time', () => {
		const context = createEstimateContext({ machine: machine(), settings: settings() });
		// Generic CPU: 12 cores × 12 W = 144 W full load, 14.4 W idle, 129.6 W active over 12 cores.
		const oneCoreHour = modelEnergy(
			{ cpuSeconds: 3600, durationSeconds: 3600, averageRssBytes: 0 },
			context,
		);
		near(oneCoreHour.energy.cpuWh, 129.6 / 12, 1e-9);
		const nothing = modelEnergy(
			{ cpuSeconds: 0, durationSeconds: 3600, averageRssBytes: 0 },
			context,
		);
		assert.strictEqual(nothing.energyWh, 0);
		assert.strictEqual(nothing.co2eGrams, 0);
	});

	test('the shares of two tasks add up to the machine’s active energy', () => {
		const context = createEstimateContext({ machine: machine(), settings: settings() });
		const a = modelEnergy({ cpuSeconds: 7200, durationSeconds: 3600, averageRssBytes: 0 }, context);
		const b = modelEnergy(
			{ cpuSeconds: 36_000, durationSeconds: 3600, averageRssBytes: 0 },
			context,
		);
		// 12 cores busy for an hour = 43 200 CPU s = the whole machine's active power for an hour.
		near(a.energy.cpuWh + b.energy.cpuWh, 129.6, 1e-9);
	});

	test('carbon is energy × PUE × grid intensity', () => {
		const context = createEstimateContext({
			machine: machine(),
			settings: settings({ intensityOverride: 200, pue: 1.5 }),
		});
		const estimate = modelEnergy(
			{ cpuSeconds: 100, durationSeconds: 50, averageRssBytes: GIB },
			context,
		);
		near(estimate.co2eGrams, (estimate.energyWh / 1000) * 1.5 * 200, 1e-12);
		assert.strictEqual(estimate.intensityGramsPerKwh, 200);
	});

	test('the memory constant can be overridden and says where it came from', () => {
		const base = createEstimateContext({ machine: machine(), settings: settings() });
		const custom = createEstimateContext({
			machine: machine(),
			settings: settings({ memoryWattsPerGb: 0.08 }),
		});
		const usage = { cpuSeconds: 0, durationSeconds: 3600, averageRssBytes: 10 * GIB };
		near(modelEnergy(usage, base).energy.memoryWh, 3.725, 1e-9);
		near(modelEnergy(usage, custom).energy.memoryWh, 0.8, 1e-9);
		assert.strictEqual(custom.memoryConstant.source, 'user setting');
		assert.ok(base.memoryConstant.source.includes('Green Algorithms v2.2'));
	});

	test('with RAPL, measured package energy minus idle is shared by CPU time', () => {
		const context = createEstimateContext({
			machine: machine(),
			settings: settings({ cpuIdleWatts: 5 }),
			rapl: { available: true },
		});
		const record = buildFootprintRecord(
			measurement({
				raplJoules: 1000,
				cpuSeconds: 5,
				machineBusyCpuSeconds: 10,
				averageRssBytes: 0,
			}),
			{ origin: 'cli', command: 'make', cwd: '/tmp', exitCode: 0 },
			context,
		);
		// (1000 J − 5 W × 10 s) × 5 / 10 = 475 J.
		near(record.energy.cpuWh, 475 / 3600, 1e-9);
		assert.strictEqual(record.method.cpu.provenance, 'measured');
		assert.ok(record.method.uncertainty.relative <= 0.15);
	});

	test('without RAPL the record says it was modelled, why, and is far less certain', () => {
		const context = createEstimateContext({
			machine: machine(),
			settings: settings(),
			rapl: {
				available: false,
				reason: 'permission denied on /sys/class/powercap/intel-rapl:0/energy_uj',
			},
		});
		const record = buildFootprintRecord(
			measurement({ averageRssBytes: 0 }),
			{ origin: 'cli', command: 'make', cwd: '/tmp', exitCode: 0 },
			context,
		);
		assert.strictEqual(record.method.cpu.provenance, 'modelled');
		assert.ok(record.method.cpu.notMeasuredBecause?.includes('permission denied'));
		near(record.method.uncertainty.relative, 0.6, 0.01);
		assert.ok(record.method.uncertainty.reason.includes('12 W per core'));
	});

	test('GPU energy counts where measured and is marked unavailable otherwise', () => {
		const withGpu = createEstimateContext({
			machine: machine(),
			settings: settings(),
			gpu: { available: true },
		});
		const measured = buildFootprintRecord(
			measurement({ gpuJoules: 3600 }),
			{ origin: 'cli', command: 'train', cwd: '/tmp', exitCode: 0 },
			withGpu,
		);
		assert.strictEqual(measured.energy.gpuWh, 1);
		assert.strictEqual(measured.method.gpu.provenance, 'measured');

		const noGpu = createEstimateContext({
			machine: machine(),
			settings: settings(),
			gpu: { available: false, reason: 'nvidia-smi not found' },
		});
		const unavailable = buildFootprintRecord(
			measurement(),
			{ origin: 'cli', command: 'train', cwd: '/tmp', exitCode: 0 },
			noGpu,
		);
		assert.strictEqual(unavailable.energy.gpuWh, 0);
		assert.strictEqual(unavailable.method.gpu.provenance, 'unavailable');
		assert.ok(unavailable.method.gpu.notMeasuredBecause?.includes('nvidia-smi not found'));
	});

	test('the record carries the fields every surface relies on and survives JSON', () => {
		const context = createEstimateContext({
			machine: machine(),
			settings: settings(),
			timeZone: 'UTC',
		});
		const record = buildFootprintRecord(
			measurement(),
			{ origin: 'cli', command: 'sh build.sh', cwd: '/work', exitCode: 3 },
			context,
		);
		const parsed = JSON.parse(JSON.stringify(record)) as Record<string, unknown>;
		for (const field of [
			'schemaVersion',
			'command',
			'exitCode',
			'durationSeconds',
			'cpuSeconds',
			'peakRssBytes',
			'energyWh',
			'co2eGrams',
			'intensityGramsPerKwh',
			'region',
			'method',
		]) {
			assert.ok(field in parsed, field);
		}

		assert.strictEqual(record.schemaVersion, 1);
		assert.strictEqual(record.exitCode, 3);
		assert.strictEqual(record.durationSeconds, 10);
		assert.strictEqual(record.startedAt, '2026-01-01T12:00:00.000Z');
		assert.strictEqual(record.region, 'DEU');
		assert.strictEqual(record.label, 'sh build.sh');
		assert.ok(record.method.constants.some((constant) => constant.name === 'gridIntensity'));
		near(
			record.energyWh,
			record.energy.cpuWh + record.energy.memoryWh + record.energy.gpuWh,
			1e-12,
		);
	});

	test('nonsense inputs give zero, never NaN', () => {
		const context = createEstimateContext({ machine: machine(), settings: settings() });
		const estimate = modelEnergy(
			{ cpuSeconds: NaN, durationSeconds: -5, averageRssBytes: Infinity },
			context,
		);
		assert.strictEqual(estimate.energyWh, 0);
		assert.strictEqual(estimate.co2eGrams, 0);
	});

	test('live machine power follows utilisation, or RAPL where both samples have it', () => {
		const context = createEstimateContext({
			machine: machine({ memoryBytes: 16 * GIB }),
			settings: settings(),
		});
		const before: MachineSample = { atMs: 0, busyCpuSeconds: 100, totalCpuSeconds: 1000 };
		const after: MachineSample = { atMs: 1000, busyCpuSeconds: 106, totalCpuSeconds: 1012 };
		const modelled = estimateMachinePower(before, after, context);
		near(modelled.cpuUtilisation, 0.5, 1e-9);
		near(modelled.cpuWatts, 14.4 + 0.5 * 129.6, 1e-9);
		near(modelled.memoryWatts, 16 * 0.3725, 1e-9);
		assert.strictEqual(modelled.cpu.provenance, 'modelled');

		const measured = estimateMachinePower(
			{ ...before, raplJoules: 500, gpuWatts: 40 },
			{ ...after, raplJoules: 530, gpuWatts: 60 },
			context,
			4 * GIB,
		);
		near(measured.cpuWatts, 30, 1e-9);
		assert.strictEqual(measured.cpu.provenance, 'measured');
		assert.strictEqual(measured.gpuWatts, 60);
		near(measured.watts, 30 + 4 * 0.3725 + 60, 1e-9);
	});
});

import * as assert from 'node:assert';
import {
	matchCpuFamily,
	modelCpuPower,
	type CpuDescription,
} from '../../../src/estimators/cpuPower';

function cpu(
	cpuModel: string,
	logicalCores: number,
	physicalCores = logicalCores / 2,
	virtualisation: string | null = null,
): CpuDescription {
	return { cpuModel, logicalCores, physicalCores, virtualisation };
}

suite('cpuPower', () => {
	test('an unknown CPU falls back to 12 W per core (Green Algorithms, 2021), idle 10 %', () => {
		const model = modelCpuPower(cpu('Mystery Processor 9000', 8, 4));
		assert.strictEqual(model.matched, 'generic');
		assert.strictEqual(model.maxWatts, 48);
		assert.ok(Math.abs(model.idleWatts - 4.8) < 1e-9);
		assert.ok(model.detail.includes('Mystery Processor 9000'));
		assert.ok(model.constants.some((constant) => constant.source.includes('Green Algorithms')));
	});

	test('a VM seeing 8 of an EPYC 7B13’s 128 threads gets 8/128 of its TDP', () => {
		const model = modelCpuPower(cpu('AMD EPYC 7B13 64-Core Processor', 8, 4, 'kvm'));
		assert.strictEqual(model.matched, 'AMD EPYC 7B13');
		assert.ok(Math.abs(model.maxWatts - (240 * 8) / 128) < 1e-9);
		assert.ok(Math.abs(model.idleWatts - model.maxWatts * 0.1) < 1e-9);
		assert.ok(model.detail.includes('8/128 visible threads'), model.detail);
	});

	test('two sockets of a named model count twice', () => {
		const model = modelCpuPower(cpu('Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', 80, 40));
		assert.strictEqual(model.maxWatts, 300);
	});

	test('a Xeon of unknown model uses cloud per-vCPU figures (Cloud Carbon Footprint)', () => {
		const model = modelCpuPower(cpu('Intel(R) Xeon(R) Processor', 2, 1, 'docker'));
		assert.ok(model.matched.startsWith('Intel Xeon'));
		assert.ok(Math.abs(model.maxWatts - 2 * 3.84) < 1e-9);
		assert.ok(Math.abs(model.idleWatts - 2 * 0.743) < 1e-9);
		assert.ok(model.constants[0].source.includes('Cloud Carbon Footprint'));
	});

	test('laptop and desktop parts are told apart by their power class', () => {
		const cases: [string, number][] = [
			['Intel(R) Core(TM) i7-8565U CPU @ 1.80GHz', 15],
			['12th Gen Intel(R) Core(TM) i7-1260P', 28],
			['Intel(R) Core(TM) i7-10750H CPU @ 2.60GHz', 45],
			['13th Gen Intel(R) Core(TM) i9-13900K', 125],
			['Intel(R) Core(TM) i5-10400 CPU @ 2.90GHz', 65],
			['AMD Ryzen 7 5800X 8-Core Processor', 105],
			['AMD Ryzen 7 5800U with Radeon Graphics', 15],
			['Apple M2', 20],
			['Apple M1 Max', 34],
		];
		for (const [name, watts] of cases) {
			// Bare metal with at least the family's typical threads: the whole chip's TDP.
			const model = modelCpuPower(cpu(name, 32, 16));
			assert.strictEqual(model.maxWatts, watts, name);
			assert.ok(matchCpuFamily(name), name);
		}
	});

	test('user settings override the table, idle included', () => {
		const full = modelCpuPower(cpu('Apple M2', 8), { cpuWatts: 30 });
		assert.strictEqual(full.maxWatts, 30);
		assert.strictEqual(full.idleWatts, 3);
		assert.strictEqual(full.matched, 'user setting');
		assert.ok(full.constants.some((constant) => constant.source === 'user setting'));

		const idle = modelCpuPower(cpu('Apple M2', 8), { cpuWatts: 30, cpuIdleWatts: 6 });
		assert.strictEqual(idle.idleWatts, 6);
		assert.ok(!idle.constants.some((constant) => constant.name === 'cpuIdleFractionOfTdp'));

		const absurd = modelCpuPower(cpu('Apple M2', 8), { cpuWatts: 10, cpuIdleWatts: 50 });
		assert.strictEqual(absurd.idleWatts, 10, 'idle never exceeds full load');
	});

	test('modelled power is less certain for an unknown CPU than for a table match', () => {
		const known = modelCpuPower(cpu('Apple M2', 8));
		const unknown = modelCpuPower(cpu('Mystery', 8));
		assert.ok(unknown.uncertainty.relative > known.uncertainty.relative);
	});

	test('bad core counts do not produce zero or NaN power', () => {
		const model = modelCpuPower({
			cpuModel: '',
			physicalCores: 0,
			logicalCores: 0,
			virtualisation: null,
		});
		assert.ok(model.maxWatts > 0 && Number.isFinite(model.maxWatts));
	});
});

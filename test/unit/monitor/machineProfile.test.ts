import * as assert from 'node:assert';
import { cpus, totalmem } from 'node:os';
import type { Systeminformation } from 'systeminformation';
import {
	buildMachineProfile,
	describeVirtualisation,
	readMachineProfile,
} from '../../../src/monitor/machineProfile';

suite('machine profile', function () {
	this.timeout(20000);

	test('fields are sane on this machine, and the profile is read once', async () => {
		const profile = await readMachineProfile();

		assert.strictEqual(profile.logicalCores, cpus().length);
		assert.ok(profile.physicalCores >= 1 && profile.physicalCores <= profile.logicalCores);
		assert.strictEqual(profile.memoryBytes, totalmem());
		assert.strictEqual(profile.cpuModel, cpus()[0].model.trim());
		assert.notStrictEqual(profile.cpuManufacturer, '');
		assert.strictEqual(profile.platform, process.platform);
		assert.match(profile.os, new RegExp(`\\(${process.platform} `));
		assert.ok(['battery', 'mains', 'unknown'].includes(profile.power.source));
		assert.ok(Array.isArray(profile.gpus));
		assert.strictEqual(await readMachineProfile(), profile);
	});

	test('nothing answered: honest unknowns from Node alone, no error', () => {
		const profile = buildMachineProfile({});

		assert.strictEqual(profile.cpuManufacturer, 'unknown');
		assert.strictEqual(profile.logicalCores, cpus().length);
		assert.strictEqual(profile.physicalCores, cpus().length);
		assert.deepStrictEqual(profile.power, { source: 'unknown' });
		assert.strictEqual(profile.virtualisation, null);
		assert.match(profile.os, /^unknown \(/);
		assert.deepStrictEqual(profile.gpus, []);
	});

	test('a laptop on battery and a GPU with memory', () => {
		const profile = buildMachineProfile({
			battery: {
				hasBattery: true,
				acConnected: false,
				percent: 64,
			} as Systeminformation.BatteryData,
			graphics: {
				controllers: [{ vendor: 'NVIDIA', model: 'RTX 4070', vram: 8192 }],
				displays: [],
			} as unknown as Systeminformation.GraphicsData,
		});

		assert.deepStrictEqual(profile.power, { source: 'battery', batteryPercent: 64 });
		assert.deepStrictEqual(profile.gpus, [
			{ vendor: 'NVIDIA', model: 'RTX 4070', memoryBytes: 8192 * 1024 * 1024 },
		]);
	});

	test('virtualisation is described in words', () => {
		const system = (model: string, virtualHost: string, virtual = true) =>
			({ model, virtualHost, virtual }) as Systeminformation.SystemData;

		assert.strictEqual(
			describeVirtualisation(system('Docker Container', 'KVM')),
			'Docker Container on KVM',
		);
		assert.strictEqual(describeVirtualisation(system('Standard PC', 'KVM')), 'KVM');
		assert.strictEqual(describeVirtualisation(system('', '')), 'virtual machine');
		assert.strictEqual(describeVirtualisation(system('ThinkPad', '', false)), null);
	});
});

import * as assert from 'node:assert';
import { MachineSampler } from '../../../src/monitor/machineSampler';
import { parseNvidiaOutput, probeNvidia, readNvidiaPower } from '../../../src/monitor/nvidia';
import { fakeNvidiaSmi, temporaryFolder } from './helpers';

suite('NVIDIA GPU power through nvidia-smi', () => {
	test('several GPUs: power is summed, utilisation averaged', async () => {
		const env = fakeNvidiaSmi(
			'[ "$1" = "--query-gpu=power.draw,utilization.gpu" ] || exit 9\nprintf "71.25, 40\\n250.50, 100\\n"',
		);
		const reading = await readNvidiaPower({ env });

		assert.deepStrictEqual(reading, {
			watts: 321.75,
			utilisation: 0.7,
			gpuCount: 2,
			gpusWithPower: 2,
		});
	});

	test('a GPU without a power sensor ([N/A]) is skipped, not counted as 0 W', () => {
		const reading = parseNvidiaOutput('[N/A], 12\n35.5, [N/A]\n');

		assert.strictEqual(reading?.watts, 35.5);
		assert.strictEqual(reading?.gpusWithPower, 1);
		assert.strictEqual(reading?.utilisation, 0.12);
	});

	test('when no GPU reports power, the probe says so', async () => {
		const env = fakeNvidiaSmi('echo "[N/A], [N/A]"');
		const probe = await probeNvidia({ env });

		assert.strictEqual(probe.availability.available, false);
		assert.match(probe.availability.reason ?? '', /none of the 1 GPU\(s\) reports power\.draw/);
		assert.strictEqual(await readNvidiaPower({ env }), undefined);
	});

	test('a missing nvidia-smi gives a reason, not an error', async () => {
		const probe = await probeNvidia({ env: { PATH: temporaryFolder('empty') } });

		assert.deepStrictEqual(probe.availability, {
			available: false,
			reason: 'NVIDIA: nvidia-smi not found (no NVIDIA GPU or driver installed)',
		});
	});

	test('a failing driver shows its own first line', async () => {
		const env = fakeNvidiaSmi(
			'echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver." >&2; exit 9',
		);
		const probe = await probeNvidia({ env });

		assert.strictEqual(
			probe.availability.reason,
			"NVIDIA: nvidia-smi failed: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
		);
	});

	test('a hung nvidia-smi is killed after the timeout', async () => {
		const env = fakeNvidiaSmi('exec sleep 30');
		const probe = await probeNvidia({ env, timeoutMs: 200 });

		assert.strictEqual(
			probe.availability.reason,
			'NVIDIA: nvidia-smi did not answer within 200 ms',
		);
	});

	test('the machine sampler carries the latest GPU reading and gives up on a missing binary', async () => {
		const env = fakeNvidiaSmi('echo "100, 50"');
		const sampler = new MachineSampler({ nvidia: { env } });
		const sample = await sampler.sampleWithGpu();
		assert.strictEqual(sample.gpuWatts, 100);
		assert.strictEqual(sample.gpuUtilisation, 0.5);
		assert.deepStrictEqual(sampler.gpuAvailability, { available: true });

		const missing = new MachineSampler({ nvidia: { env: { PATH: temporaryFolder('empty') } } });
		for (let i = 0; i < 5; i++) {
			await missing.refreshGpu();
		}

		assert.strictEqual(missing.gpuHelperRuns, 1);
		assert.strictEqual(missing.sample().gpuWatts, undefined);
		assert.match(missing.gpuAvailability?.reason ?? '', /not found/);

		const failing = new MachineSampler({ nvidia: { env: fakeNvidiaSmi('exit 3') } });
		for (let i = 0; i < 5; i++) {
			await failing.refreshGpu();
		}

		assert.strictEqual(failing.gpuHelperRuns, 3);
	});
});

import * as assert from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineSampler } from '../../../src/monitor/machineSampler';
import { RaplReader, probeRapl, type ReadText } from '../../../src/monitor/rapl';
import { temporaryFolder } from './helpers';

/** A fake powercap tree: two packages, their subdomains, and a platform (psys) domain. */
function fakePowercap(): { root: string; setEnergy: (id: string, microjoules: number) => void } {
	const root = temporaryFolder('powercap');
	const domain = (id: string, name: string, energy: number, range: number) => {
		mkdirSync(join(root, id), { recursive: true });
		writeFileSync(join(root, id, 'name'), `${name}\n`);
		writeFileSync(join(root, id, 'energy_uj'), `${energy}\n`);
		writeFileSync(join(root, id, 'max_energy_range_uj'), `${range}\n`);
	};

	domain('intel-rapl:0', 'package-0', 1_000_000, 262_143_328_850);
	domain('intel-rapl:0:0', 'core', 500_000, 262_143_328_850);
	domain('intel-rapl:0:1', 'dram', 200_000, 262_143_328_850);
	domain('intel-rapl:1', 'package-1', 5_000_000, 10_000_000);
	domain('intel-rapl:2', 'psys', 9_000_000, 262_143_328_850);
	return {
		root,
		setEnergy: (id, microjoules) => writeFileSync(join(root, id, 'energy_uj'), `${microjoules}\n`),
	};
}

suite('RAPL', () => {
	test('only package domains are read: subdomains and psys would count energy twice', () => {
		const { root } = fakePowercap();
		const probe = probeRapl(root);

		assert.strictEqual(probe.availability.available, true);
		assert.deepStrictEqual(
			probe.domains.map((domain) => domain.name),
			['package-0', 'package-1'],
		);
	});

	test('joules add up over several packages', () => {
		const { root, setEnergy } = fakePowercap();
		const reader = new RaplReader(probeRapl(root).domains);
		setEnergy('intel-rapl:0', 3_500_000);
		setEnergy('intel-rapl:1', 6_000_000);

		assert.strictEqual(reader.readJoules(), 3.5);
	});

	test('a counter that wraps around its range is carried over, not read as negative', () => {
		const { root, setEnergy } = fakePowercap();
		const reader = new RaplReader(probeRapl(root).domains);
		// package-1 wraps at 10 J: 5 J → 9.5 J → (wrap) 1 J is 4.5 + 1.5 = 6 J.
		setEnergy('intel-rapl:1', 9_500_000);
		assert.strictEqual(reader.readJoules(), 4.5);
		setEnergy('intel-rapl:1', 1_000_000);
		assert.strictEqual(reader.readJoules(), 6);
	});

	test('permission denied names the file and the remedy', () => {
		const { root } = fakePowercap();
		// Root ignores chmod, so the denial is simulated at the read.
		const denied: ReadText = (path) => {
			if (path.endsWith('energy_uj')) {
				throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), {
					code: 'EACCES',
					path,
				});
			}

			return readFileSync(path, 'utf8');
		};
		const probe = probeRapl(root, denied);

		assert.strictEqual(probe.availability.available, false);
		assert.strictEqual(
			probe.availability.reason,
			`RAPL: permission denied on ${join(root, 'intel-rapl:0', 'energy_uj')} — run as root or grant read access (e.g. a udev rule)`,
		);
	});

	test('no powercap folder says so in plain words', () => {
		const probe = probeRapl(join(temporaryFolder('none'), 'missing'));

		assert.strictEqual(probe.availability.available, false);
		assert.strictEqual(
			probe.availability.reason,
			'RAPL: no powercap interface (virtual machine or unsupported CPU)',
		);
	});

	test('the machine sampler reports cumulative RAPL joules with busy and total CPU', () => {
		const { root, setEnergy } = fakePowercap();
		const sampler = new MachineSampler({ powercapRoot: root, gpu: false });
		const first = sampler.sample();
		setEnergy('intel-rapl:0', 2_000_000);
		const second = sampler.sample();

		assert.strictEqual(sampler.raplAvailability.available, true);
		assert.strictEqual(first.raplJoules, 0);
		assert.strictEqual(second.raplJoules, 1);
		assert.ok(second.busyCpuSeconds >= first.busyCpuSeconds);
		assert.ok(second.totalCpuSeconds > second.busyCpuSeconds);
	});

	test('on this machine (no powercap) the sampler says why and omits RAPL', () => {
		const sampler = new MachineSampler({ gpu: false });
		const sample = sampler.sample();

		if (!sampler.raplAvailability.available) {
			assert.ok(sampler.raplAvailability.reason?.startsWith('RAPL: '));
			assert.strictEqual(sample.raplJoules, undefined);
		} else {
			assert.ok((sample.raplJoules ?? -1) >= 0);
		}
	});
});

import * as assert from 'node:assert';
import {
	describeStorageAssumptions,
	HDD_WH_PER_TB_HOUR,
	SSD_WH_PER_TB_HOUR,
	storageFootprint,
} from '../../../src/data/storage';

const intensity = { gramsPerKwh: 500, source: 'test' };

suite('storage footprint', () => {
	test('uses the Cloud Carbon Footprint coefficients', () => {
		assert.strictEqual(SSD_WH_PER_TB_HOUR, 1.2);
		assert.strictEqual(HDD_WH_PER_TB_HOUR, 0.65);
	});

	test('one terabyte on SSD for a year is 10.5 kWh', () => {
		const footprint = storageFootprint(1e12, { medium: 'ssd', replication: 1, intensity });
		// 1.2 Wh/TBh × 8766 h = 10.519 kWh; × 500 g/kWh = 5260 g.
		assert.ok(Math.abs(footprint.kwhPerYear - 10.5192) < 1e-9);
		assert.ok(Math.abs(footprint.co2eGramsPerYear - 5259.6) < 1e-6);
	});

	test('HDD and replication scale the figure', () => {
		const hdd = storageFootprint(2e12, { medium: 'hdd', replication: 3, intensity });
		assert.ok(Math.abs(hdd.kwhPerYear - (2 * 3 * 0.65 * 8766) / 1000) < 1e-9);
	});

	test('a 250 MB file on SSD costs a few Wh a year', () => {
		const footprint = storageFootprint(250e6, { medium: 'ssd', replication: 1, intensity });
		assert.ok(footprint.kwhPerYear * 1000 > 2.5 && footprint.kwhPerYear * 1000 < 2.7);
	});

	test('lists its constants with their sources', () => {
		const footprint = storageFootprint(1, { medium: 'hdd', replication: 2, intensity });
		const names = footprint.constants.map((constant) => constant.name);
		assert.deepStrictEqual(names, ['hddWhPerTbHour', 'replication', 'gridIntensity']);
		assert.ok(footprint.constants[0].source.includes('Cloud Carbon Footprint'));
		assert.ok(
			describeStorageAssumptions({ medium: 'hdd', replication: 2, intensity }).includes(
				'0.65 Wh per TB-hour',
			),
		);
	});

	test('negative or non-finite sizes count as nothing', () => {
		assert.strictEqual(
			storageFootprint(-5, { medium: 'ssd', replication: 1, intensity }).kwhPerYear,
			0,
		);
		assert.strictEqual(
			storageFootprint(Number.NaN, { medium: 'ssd', replication: 1, intensity }).kwhPerYear,
			0,
		);
	});
});

import * as assert from 'node:assert';
import { groupByDay, recordsOfToday, totalsOf } from '../../../src/history/days';
import { makeRecord } from './records';

function at(year: number, month: number, day: number, hour: number): string {
	return new Date(year, month - 1, day, hour).toISOString();
}

suite('history days', () => {
	const now = new Date(2026, 5, 10, 15).getTime();

	test('groups by local day: Today, Yesterday, then dates, newest first', () => {
		const records = [
			makeRecord({ label: 'old', endedAt: at(2026, 6, 3, 9), energyWh: 1 }),
			makeRecord({ label: 'y1', endedAt: at(2026, 6, 9, 23), energyWh: 2 }),
			makeRecord({ label: 't1', endedAt: at(2026, 6, 10, 0), energyWh: 0.5, co2eGrams: 0.2 }),
			makeRecord({ label: 't2', endedAt: at(2026, 6, 10, 14), energyWh: 1.5, co2eGrams: 0.6 }),
		];
		const groups = groupByDay(records, now);
		assert.deepStrictEqual(
			groups.map((group) => group.label),
			['Today', 'Yesterday', '2026-06-03'],
		);
		assert.deepStrictEqual(
			groups[0].records.map((record) => record.label),
			['t2', 't1'],
		);
		assert.strictEqual(groups[0].totals.count, 2);
		assert.ok(Math.abs(groups[0].totals.energyWh - 2) < 1e-9);
		assert.ok(Math.abs(groups[0].totals.co2eGrams - 0.8) < 1e-9);
	});

	test('today and totals of nothing are empty, not an error', () => {
		assert.deepStrictEqual(groupByDay([], now), []);
		assert.strictEqual(totalsOf([]).energyWh, 0);
		assert.strictEqual(
			recordsOfToday([makeRecord({ endedAt: at(2026, 6, 9, 12) })], now).length,
			0,
		);
	});
});

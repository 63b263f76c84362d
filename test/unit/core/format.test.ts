import * as assert from 'node:assert';
import {
	formatBytes,
	formatCarbon,
	formatDuration,
	formatEnergy,
	formatMemory,
} from '../../../src/core/format';

suite('format', () => {
	test('file sizes use decimal units', () => {
		assert.strictEqual(formatBytes(999), '999 B');
		assert.strictEqual(formatBytes(1000), '1.00 kB');
		assert.strictEqual(formatBytes(250_000_000), '250 MB');
	});

	test('memory uses binary units', () => {
		assert.strictEqual(formatMemory(1024 * 1024), '1.00 MiB');
		assert.strictEqual(formatMemory(2.5 * 1024 ** 3), '2.50 GiB');
	});

	test('durations read like a person would say them', () => {
		assert.strictEqual(formatDuration(0.25), '250 ms');
		assert.strictEqual(formatDuration(192), '3m 12s');
		assert.strictEqual(formatDuration(3 * 3600 + 5 * 60), '3h 05m');
		assert.strictEqual(formatDuration(-1), '—');
	});

	test('energy and carbon switch units at sensible points', () => {
		assert.strictEqual(formatEnergy(4.1), '4.1 Wh');
		assert.strictEqual(formatEnergy(0.012), '12 mWh');
		assert.strictEqual(formatCarbon(1.7), '1.7 gCO2e');
		assert.strictEqual(formatCarbon(2500), '2.50 kgCO2e');
		assert.strictEqual(formatCarbon(Number.NaN), '—');
	});
});

import * as assert from 'node:assert';
import {
	findConversionSource,
	likelyConversionPairs,
	type TaskHint,
} from '../../../src/data/conversionEvents';
import { classifyDataFile } from '../../../src/data/formats';
import type { DataFileInfo } from '../../../src/data/inventory';
import { emptyDataState } from '../../../src/data/state';
import { DataTracker } from '../../../src/data/tracker';

const T0 = Date.parse('2026-11-20T10:00:00Z');
const assumptions = {
	medium: 'ssd' as const,
	replication: 1,
	intensity: { gramsPerKwh: 400, source: 'test' },
};

function info(path: string, size: number, mtimeMs = T0): DataFileInfo {
	return { path, relativePath: path.slice(1), size, mtimeMs, kind: classifyDataFile(path)! };
}

function task(overrides: Partial<TaskHint>): TaskHint {
	return {
		id: 'task-1',
		label: 'python3 convert.py',
		command: 'python3 convert.py',
		startedAt: new Date(T0 - 30_000).toISOString(),
		endedAt: new Date(T0 + 1_000).toISOString(),
		durationSeconds: 31,
		energyWh: 0.42,
		co2eGrams: 0.17,
		peakRssBytes: 2.2e9,
		...overrides,
	};
}

suite('conversion events', () => {
	test('a CSV beside a JSON of the same name derives from it', () => {
		const json = info('/w/data/events.json', 250e6);
		const csv = info('/w/data/events.csv', 80e6);
		const found = findConversionSource(csv, [json, csv], []);
		assert.ok(found);
		assert.strictEqual(found.source, json);
		assert.strictEqual(found.reason, 'same stem');
		assert.strictEqual(found.task, undefined);
	});

	test('same stem in another folder, or a JSON derived from JSON, is not a conversion', () => {
		const json = info('/w/raw/events.json', 10);
		assert.strictEqual(findConversionSource(info('/w/out/events.csv', 5), [json], []), undefined);
		assert.strictEqual(
			findConversionSource(info('/w/raw/events.ndjson', 5), [json], []),
			undefined,
		);
		assert.strictEqual(findConversionSource(info('/w/raw/other.csv', 5), [json], []), undefined);
	});

	test('Excel, Parquet, TSV and gzip CSV count as derived formats', () => {
		const json = info('/w/events.json', 10);
		for (const name of ['events.xlsx', 'events.parquet', 'events.tsv', 'events.csv.gz']) {
			assert.ok(findConversionSource(info(`/w/${name}`, 5), [json], []), name);
		}
	});

	test('a task that names the JSON and ran when the file was written links any name', () => {
		const json = info('/w/in/orders.json', 100);
		const out = info('/w/out/report.parquet', 20);
		const found = findConversionSource(
			out,
			[json, out],
			[task({ command: 'python3 etl.py in/orders.json' })],
		);
		assert.ok(found);
		assert.strictEqual(found.reason, 'task');
		assert.strictEqual(found.source, json);
		assert.strictEqual(found.task?.energyWh, 0.42);
	});

	test('a task that ended long before the file was written is not linked', () => {
		const json = info('/w/in/orders.json', 100);
		const out = info('/w/out/report.parquet', 20, T0 + 10 * 60_000);
		assert.strictEqual(
			findConversionSource(out, [json, out], [task({ command: 'python3 etl.py in/orders.json' })]),
			undefined,
		);
	});

	test('a same-stem event carries the measured cost of the task that wrote it', () => {
		const state = emptyDataState();
		const tracker = new DataTracker({
			state,
			assumptions: () => assumptions,
			recentTasks: () => [task({})],
			now: () => T0 + 2_000,
		});
		tracker.reset([info('/w/data/events.json', 250e6)]);
		const changes = tracker.upsert(info('/w/data/events.csv', 80e6));
		assert.deepStrictEqual(
			changes.map((change) => change.type),
			['added', 'conversion'],
		);
		const event = tracker.events()[0];
		assert.strictEqual(event.heldBytes, 330e6);
		assert.strictEqual(event.task?.label, 'python3 convert.py');
		assert.strictEqual(event.task?.co2eGrams, 0.17);
		// 80 MB on SSD: 80e-6 TB × 1.2 Wh/TBh × 8766 h = 0.84 Wh a year.
		assert.ok(Math.abs(event.extraStorage.kwhPerYear * 1000 - 0.8415) < 0.001);
		assert.strictEqual(state.events.length, 1);
	});

	test('the event follows the derived file while it is still being written', () => {
		const tracker = new DataTracker({
			state: emptyDataState(),
			assumptions: () => assumptions,
			now: () => T0,
		});
		tracker.reset([info('/w/a.json', 1000)]);
		tracker.upsert(info('/w/a.csv', 10));
		const changes = tracker.upsert(info('/w/a.csv', 600, T0 + 1));
		assert.strictEqual(changes[0].type, 'changed');
		assert.strictEqual(tracker.events()[0].derived.size, 600);
		assert.strictEqual(tracker.events()[0].heldBytes, 1600);
	});

	test('files listed at start-up raise no events; a rewrite within a minute is one event', () => {
		const tracker = new DataTracker({
			state: emptyDataState(),
			assumptions: () => assumptions,
			now: () => T0,
		});
		tracker.reset([info('/w/a.json', 1000), info('/w/a.csv', 400)]);
		assert.strictEqual(tracker.events().length, 0);
		tracker.remove('/w/a.csv');
		tracker.upsert(info('/w/a.csv', 400));
		tracker.remove('/w/a.csv');
		const again = tracker.upsert(info('/w/a.csv', 400));
		assert.deepStrictEqual(
			again.map((change) => change.type),
			['added'],
		);
		assert.strictEqual(tracker.events().length, 1);
	});

	test('scan lists same-stem pairs', () => {
		const files = [
			info('/w/a.json', 10),
			info('/w/a.csv', 5),
			info('/w/b.csv', 5),
			info('/w/a.parquet', 2),
		];
		assert.deepStrictEqual(
			likelyConversionPairs(files).map((pair) => pair.derived.path),
			['/w/a.csv', '/w/a.parquet'],
		);
	});
});

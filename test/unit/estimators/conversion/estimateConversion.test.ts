import * as assert from 'node:assert';
import { existsSync, mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConvention } from '../../../../src/estimators/conversion/convention';
import {
	estimateConversion,
	type OutputFormat,
} from '../../../../src/estimators/conversion/estimateConversion';
import { EstimateError } from '../../../../src/estimators/conversion/estimateError';
import { convertedBytes, readAllRecords } from './referenceConverter';

const datasets = join(__dirname, '..', '..', '..', 'fixtures', 'datasets');
const eventsFile = join(__dirname, '..', '..', '..', '..', 'sample', 'data', 'events.json');

/** Real public datasets (see test/fixtures/datasets/SOURCES.md) and the path to their records. */
const files: Array<[string, string[]]> = [
	['countries.json', []],
	['airports.json', []],
	['emojiDatasource.json', []],
	['emojibase.json', []],
	['timezones.json', []],
	['countryRegions.json', []],
	['periodicTable.json', []],
	['periodicTable.csv', []],
	['admin2.json', []],
	['countries.csv', []],
	['worldMap.json', ['features']],
	['airportsJson.ndjson', []],
];

function relativeError(predicted: number, real: number): number {
	return Math.abs(predicted / real - 1);
}

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
	await assert.rejects(promise, (error: unknown) => {
		assert.ok(error instanceof EstimateError, `expected an EstimateError, got ${String(error)}`);
		assert.strictEqual(error.code, code);
		assert.match(error.message, message);
		return true;
	});
}

suite('estimateConversion', () => {
	let folder: string;
	setup(() => {
		folder = mkdtempSync(join(tmpdir(), 'footprint-conversion-'));
	});

	teardown(() => {
		rmSync(folder, { recursive: true, force: true });
	});

	test('read whole, every dataset converts to exactly the reference CSV size', async () => {
		for (const [name, path] of files) {
			const file = join(datasets, name);
			const estimate = await estimateConversion(file, { to: 'csv', sampleBytes: 8 << 20 });
			const real = convertedBytes(readAllRecords(file, path), 'csv', parseConvention('json'));
			assert.strictEqual(estimate.complete, true);
			assert.strictEqual(estimate.predictedBytes, real.bytes, name);
			assert.strictEqual(estimate.columns, real.columns, name);
			assert.strictEqual(estimate.records, readAllRecords(file, path).length, name);
		}
	});

	test('sampled, CSV: ≤ 10 % off on at least 90 % of files, none beyond 25 %, range holds', async () => {
		const errors: number[] = [];
		for (const [name, path] of [...files, [eventsFile, []] as [string, string[]]]) {
			const file = name.startsWith('/') ? name : join(datasets, name);
			for (const arrays of ['json', 'columns'] as const) {
				const convention = parseConvention(arrays);
				const estimate = await estimateConversion(file, {
					to: 'csv',
					convention,
					sampleBytes: 65536,
				});
				const real = convertedBytes(readAllRecords(file, path), 'csv', convention).bytes;
				const error = relativeError(estimate.predictedBytes, real);
				errors.push(error);
				assert.ok(error <= 0.25, `${name} (${arrays}): ${estimate.predictedBytes} vs ${real}`);
				assert.ok(
					estimate.lowBytes <= real && real <= estimate.highBytes,
					`${name} (${arrays}) range`,
				);
				assert.ok(estimate.sampledBytes < 1.5e6, `${name} read ${estimate.sampledBytes}`);
			}
		}

		const within = errors.filter((error) => error <= 0.1).length / errors.length;
		assert.ok(within >= 0.9, `${(within * 100).toFixed(0)} % of estimates within 10 %`);
	});

	test('sampled, other targets stay within their bands', async () => {
		const bands: Record<OutputFormat, number> = {
			csv: 0.1,
			tsv: 0.1,
			ndjson: 0.03,
			json: 0.03,
			'csv.gz': 0.2,
			parquet: 0.35,
		};
		for (const to of Object.keys(bands) as OutputFormat[]) {
			for (const [name, path] of [
				['airports.json', []],
				['admin2.json', []],
				['countries.json', []],
			] as const) {
				const file = join(datasets, name);
				const estimate = await estimateConversion(file, { to, sampleBytes: 65536 });
				const real = convertedBytes(
					readAllRecords(file, [...path]),
					to,
					parseConvention('json'),
				).bytes;
				assert.ok(
					relativeError(estimate.predictedBytes, real) <= bands[to],
					`${name} → ${to}: ${estimate.predictedBytes} vs ${real}`,
				);
			}
		}
	});

	test('JSON → CSV shrinks flat records and grows sparse heterogeneous ones: no fixed multiplier', async () => {
		const flat = await estimateConversion(join(datasets, 'airports.json'), { to: 'csv' });
		const sparse = await estimateConversion(join(datasets, 'countries.json'), {
			to: 'csv',
			convention: parseConvention('columns'),
		});
		assert.ok(flat.predictedBytes < flat.inputBytes * 0.5, 'flat records shrink');
		assert.ok(sparse.columns > 800, 'country names in every language make a wide table');
	});

	test('the object holding the records says which path it used', async () => {
		const estimate = await estimateConversion(join(datasets, 'worldMap.json'), {
			to: 'csv',
			sampleBytes: 65536,
		});
		assert.strictEqual(estimate.inputFormat, 'json-object-with-array');
		assert.strictEqual(estimate.arrayPath, 'features');
	});

	test('escaped Unicode counts as the UTF-8 bytes it becomes; BOM and pretty-printing do not matter', async () => {
		const records = Array.from({ length: 50 }, (_, index) => ({
			name: `Zürich ${index}`,
			note: 'café, "bar"',
		}));
		const escaped = JSON.stringify(records).replace(
			/[\u0080-\uffff]/g,
			(char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
		);
		writeFileSync(join(folder, 'escaped.json'), escaped);
		writeFileSync(join(folder, 'pretty.json'), '\uFEFF' + JSON.stringify(records, null, 4));
		const real = convertedBytes(records, 'csv', parseConvention('json')).bytes;
		for (const name of ['escaped.json', 'pretty.json']) {
			const estimate = await estimateConversion(join(folder, name), { to: 'csv' });
			assert.strictEqual(estimate.predictedBytes, real, name);
		}
	});

	test('re-synchronises inside tricky strings, minified on one line and pretty-printed', async () => {
		const tricky = [
			'},{"fake":1}',
			'a "quoted" \\ back',
			'[,]',
			'line\nbreak',
			'{"x":[1,2]}',
			'plain',
		];
		const records = Array.from({ length: 6000 }, (_, index) => ({
			id: index,
			text: tricky[index % tricky.length].repeat(1 + (index % 3)),
			nested: { list: [index, { deep: tricky[(index + 1) % tricky.length] }] },
		}));
		writeFileSync(join(folder, 'minified.json'), JSON.stringify(records));
		writeFileSync(join(folder, 'pretty.json'), JSON.stringify(records, null, 2));
		writeFileSync(
			join(folder, 'lines.ndjson'),
			records.map((record) => JSON.stringify(record)).join('\n') + '\n',
		);
		const real = convertedBytes(records, 'csv', parseConvention('json')).bytes;
		for (const name of ['minified.json', 'pretty.json', 'lines.ndjson']) {
			const estimate = await estimateConversion(join(folder, name), {
				to: 'csv',
				sampleBytes: 32768,
			});
			assert.strictEqual(estimate.complete, false);
			assert.ok(
				relativeError(estimate.records, records.length) <= 0.05,
				`${name}: ${estimate.records} records`,
			);
			assert.ok(
				relativeError(estimate.predictedBytes, real) <= 0.05,
				`${name}: ${estimate.predictedBytes} vs ${real}`,
			);
			assert.deepStrictEqual(estimate.warnings, [], name);
		}
	});

	test('CSV input with quoted line breaks is re-synchronised on the right side of the quotes', async () => {
		const lines = ['id,comment,value'];
		for (let index = 0; index < 5000; index++) {
			lines.push(`${index},"first line\nsecond, with ""quotes""\nthird",${index * 1.5}`);
		}

		writeFileSync(join(folder, 'notes.csv'), lines.join('\n') + '\n');
		const estimate = await estimateConversion(join(folder, 'notes.csv'), {
			to: 'ndjson',
			sampleBytes: 32768,
		});
		assert.ok(relativeError(estimate.records, 5000) <= 0.05, `${estimate.records} records`);
		const real = convertedBytes(
			readAllRecords(join(folder, 'notes.csv')),
			'ndjson',
			parseConvention('json'),
		).bytes;
		assert.ok(relativeError(estimate.predictedBytes, real) <= 0.05);
	});

	test('columns that keep appearing widen the range upwards', async () => {
		const records = Array.from({ length: 20000 }, (_, index) => ({
			id: index,
			[`field${index % 4000}`]: 'x',
		}));
		writeFileSync(join(folder, 'sparse.json'), JSON.stringify(records));
		const estimate = await estimateConversion(join(folder, 'sparse.json'), {
			to: 'csv',
			sampleBytes: 65536,
		});
		assert.ok(estimate.columnsHigh > estimate.columnsLow, 'column growth is reported');
		assert.match(estimate.method, /columns still appeared/);
	});

	test('bad input gets one clear message and a code', async () => {
		writeFileSync(join(folder, 'empty.json'), '');
		await rejects(
			estimateConversion(join(folder, 'empty.json'), { to: 'csv' }),
			'empty',
			/is empty/,
		);

		writeFileSync(
			join(folder, 'binary.json'),
			new Uint8Array(5000).map((_, index) => (index * 131) % 256),
		);
		await rejects(
			estimateConversion(join(folder, 'binary.json'), { to: 'csv' }),
			'binary',
			/not UTF-8/,
		);

		writeFileSync(join(folder, 'malformed.json'), '[{"a": 1}, {"a": tru}]');
		await rejects(
			estimateConversion(join(folder, 'malformed.json'), { to: 'csv' }),
			'malformed',
			/malformed JSON in the record at byte 11/,
		);

		writeFileSync(join(folder, 'truncated.json'), '[{"a": 1}, {"a": 2');
		await rejects(
			estimateConversion(join(folder, 'truncated.json'), { to: 'csv' }),
			'truncated',
			/truncated/,
		);

		const big = JSON.stringify(
			Array.from({ length: 20000 }, (_, index) => ({ id: index, name: `n${index}` })),
		);
		writeFileSync(join(folder, 'cut.json'), big.slice(0, big.length - 30));
		await rejects(
			estimateConversion(join(folder, 'cut.json'), { to: 'csv', sampleBytes: 65536 }),
			'truncated',
			/truncated/,
		);

		writeFileSync(join(folder, 'deep.json'), '[' + '['.repeat(100000) + ']'.repeat(100000) + ']');
		await rejects(
			estimateConversion(join(folder, 'deep.json'), { to: 'csv' }),
			'too-deep',
			/deeper than 512/,
		);

		await rejects(
			estimateConversion(join(folder, 'missing.json'), { to: 'csv' }),
			'not-found',
			/does not exist/,
		);
	});

	test('a 2 GB single-line file fails fast with bounded reading', async () => {
		const file = join(folder, 'huge.ndjson');
		writeFileSync(file, '{"blob":"' + 'x'.repeat(200000));
		truncateSync(file, 2 * 1024 ** 3); // sparse: no 2 GB written to disk
		let read = 0;
		const estimate = estimateConversion(file, {
			to: 'csv',
			maxRecordBytes: 1 << 20,
			onRead: (bytes) => {
				read = bytes;
			},
		});
		await rejects(estimate, 'record-too-large', /larger than/);
		assert.ok(read < 4 << 20, `read ${read} bytes`);
	});

	test('a file that shrinks or vanishes mid-read, and a cancelled estimate', async () => {
		const records = Array.from({ length: 30000 }, (_, index) => ({
			id: index,
			name: `name ${index}`,
		}));
		const file = join(folder, 'moving.json');
		writeFileSync(file, JSON.stringify(records));
		await rejects(
			estimateConversion(file, {
				to: 'csv',
				sampleBytes: 65536,
				onRead: () => truncateSync(file, 1000),
			}),
			'changed',
			/changed while it was being read/,
		);

		writeFileSync(file, JSON.stringify(records));
		// The open handle keeps an unlinked file readable on POSIX; either way the answer is sane.
		const vanished = await estimateConversion(file, {
			to: 'csv',
			sampleBytes: 65536,
			onRead: () => {
				if (existsSync(file)) {
					unlinkSync(file);
				}
			},
		}).catch((error: unknown) => error);
		if (vanished instanceof EstimateError) {
			assert.match(vanished.message, /changed|vanished/);
		} else {
			assert.ok(relativeError((vanished as { records: number }).records, records.length) < 0.05);
		}

		writeFileSync(file, JSON.stringify(records));
		const controller = new AbortController();
		await rejects(
			estimateConversion(file, {
				to: 'csv',
				sampleBytes: 65536,
				signal: controller.signal,
				onRead: () => controller.abort(),
			}),
			'cancelled',
			/cancelled/,
		);
	});
});

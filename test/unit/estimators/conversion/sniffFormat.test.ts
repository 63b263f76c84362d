import * as assert from 'node:assert';
import { join } from 'node:path';
import { sniffBytes, sniffFormat } from '../../../../src/estimators/conversion/sniffFormat';

const datasets = join(__dirname, '..', '..', '..', 'fixtures', 'datasets');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

suite('sniffFormat', () => {
	test('recognises the real datasets by content', async () => {
		assert.strictEqual((await sniffFormat(join(datasets, 'airports.json'))).format, 'json-array');
		assert.strictEqual((await sniffFormat(join(datasets, 'countries.json'))).format, 'json-array');
		assert.strictEqual((await sniffFormat(join(datasets, 'airportsJson.ndjson'))).format, 'ndjson');
		assert.strictEqual((await sniffFormat(join(datasets, 'countries.csv'))).format, 'csv');
		const geo = await sniffFormat(join(datasets, 'worldMap.json'));
		assert.strictEqual(geo.format, 'json-object-with-array');
		assert.strictEqual(geo.arrayPath, 'features');
	});

	test('a byte order mark is skipped and reported', () => {
		const result = sniffBytes(
			new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('[{"a":1}]')]),
			'x.json',
			true,
		);
		assert.strictEqual(result.format, 'json-array');
		assert.strictEqual(result.bomBytes, 3);
	});

	test('pretty-printed objects are JSON, one object per line is NDJSON', () => {
		assert.strictEqual(
			sniffBytes(bytes('{\n  "items": [\n {"a": 1}\n ]\n}\n'), 'x.json', true).format,
			'json-object-with-array',
		);
		assert.strictEqual(sniffBytes(bytes('{"a":1}\n{"a":2}\n'), 'x.json', true).format, 'ndjson');
	});

	test('TSV is told from CSV by its delimiter', () => {
		assert.strictEqual(sniffBytes(bytes('a\tb\n1\t2\n'), 'x.txt', true).format, 'tsv');
		assert.strictEqual(sniffBytes(bytes('a,b\n1,2\n'), 'x.txt', true).format, 'csv');
	});

	test('binary, UTF-16, empty and keyed maps are refused with a reason', () => {
		const random = new Uint8Array(4096).map((_, index) => (index * 7919) % 256);
		const binary = sniffBytes(random, 'data.json', true);
		assert.strictEqual(binary.format, 'binary');
		assert.match(binary.reason ?? '', /not UTF-8/);
		assert.match(sniffBytes(bytes('PAR1....'), 'x.json', true).reason ?? '', /Parquet/);
		assert.match(
			sniffBytes(new Uint8Array([0xff, 0xfe, 0x5b, 0]), 'x.json', true).reason ?? '',
			/UTF-16/,
		);
		assert.strictEqual(sniffBytes(bytes('  \n'), 'x.json', true).format, 'empty');
		const map = sniffBytes(bytes('{"a": {"x": 1}, "b": {"x": 2}}'), 'x.json', true);
		assert.strictEqual(map.format, 'unknown');
		assert.match(map.reason ?? '', /no array of records/);
	});
});

import * as assert from 'node:assert';
import {
	classifyDataFile,
	DATA_FILE_GLOB,
	formatLabel,
	isTableable,
} from '../../../src/data/formats';

suite('data file classification', () => {
	test('recognises every followed format and its gzip form', () => {
		const cases: [string, string, boolean][] = [
			['data/events.json', 'json', false],
			['map.geojson', 'json', false],
			['logs/app.ndjson', 'ndjson', false],
			['logs/app.JSONL', 'ndjson', false],
			['export.csv', 'csv', false],
			['export.tsv', 'tsv', false],
			['table.parquet', 'parquet', false],
			['report.xlsx', 'xlsx', false],
			['frame.feather', 'arrow', false],
			['frame.arrow', 'arrow', false],
			['rows.avro', 'avro', false],
			['export.csv.gz', 'csv', true],
			['events.json.gz', 'json', true],
		];
		for (const [path, format, gzip] of cases) {
			const kind = classifyDataFile(path);
			assert.ok(kind, path);
			assert.strictEqual(kind.format, format, path);
			assert.strictEqual(kind.gzip, gzip, path);
		}
	});

	test('keeps the stem without the data extensions, for pairing conversions', () => {
		assert.strictEqual(classifyDataFile('/a/Events.csv.gz')?.stem, 'Events');
		assert.strictEqual(classifyDataFile('/a/events.v2.json')?.stem, 'events.v2');
	});

	test('ignores code, archives and tool configuration', () => {
		for (const path of [
			'main.ts',
			'notes.txt',
			'backup.gz',
			'package.json',
			'package-lock.json',
			'tsconfig.build.json',
			'.eslintrc.json',
			'.vscode/settings.json',
			'json',
			'.csv',
		]) {
			assert.strictEqual(classifyDataFile(path), undefined, path);
		}
	});

	test('only plain JSON, NDJSON, CSV and TSV open as a table', () => {
		assert.strictEqual(isTableable(classifyDataFile('a.json')), true);
		assert.strictEqual(isTableable(classifyDataFile('a.tsv')), true);
		assert.strictEqual(isTableable(classifyDataFile('a.csv.gz')), false);
		assert.strictEqual(isTableable(classifyDataFile('a.parquet')), false);
		assert.strictEqual(formatLabel(classifyDataFile('a.csv.gz')!), 'CSV.gz');
	});

	test('the glob names every extension and its gzip form', () => {
		assert.ok(DATA_FILE_GLOB.includes('csv.gz'));
		assert.ok(DATA_FILE_GLOB.includes('jsonl'));
		assert.ok(DATA_FILE_GLOB.startsWith('**/*.{'));
	});
});

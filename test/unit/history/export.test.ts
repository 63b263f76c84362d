import * as assert from 'node:assert';
import { CSV_COLUMNS, formatOfFileName, toCsv, toJson } from '../../../src/history/export';
import { makeRecord } from './records';

suite('history export', () => {
	test('CSV has a header and one row per record, quoting commas, quotes and line breaks', () => {
		const record = makeRecord({ label: 'say "hi", then\nleave', energyWh: 1.25 });
		const lines = toCsv([record, makeRecord()]).split('\r\n');
		assert.strictEqual(lines[0], CSV_COLUMNS.join(','));
		assert.strictEqual(lines.length, 4, 'header, two rows, final empty string after the last CRLF');
		assert.ok(lines[1].includes('"say ""hi"", then\nleave"'));
		const plainRow = lines[2].split(',');
		assert.strictEqual(plainRow[CSV_COLUMNS.indexOf('energyWh')], '0.12');
		assert.strictEqual(plainRow[CSV_COLUMNS.indexOf('energy.cpuWh')], '0.1');
	});

	test('JSON round-trips complete records', () => {
		const records = [makeRecord(), makeRecord({ exitCode: null })];
		assert.deepStrictEqual(JSON.parse(toJson(records)), records);
	});

	test('the file name chooses the format', () => {
		assert.strictEqual(formatOfFileName('/tmp/history.CSV'), 'csv');
		assert.strictEqual(formatOfFileName('a.json'), 'json');
		assert.strictEqual(formatOfFileName('a.txt'), undefined);
	});
});

import * as assert from 'node:assert';
import type { Finding } from '../../../src/detect/finding';
import { detectFindings, summary } from './detectHelpers';

function detect(source: string, language: 'javascript' | 'typescript' = 'javascript'): Finding[] {
	return detectFindings(source, language);
}

suite('detect: JavaScript and TypeScript', () => {
	test('@json2csv Parser fed by JSON.parse, written with writeFileSync', () => {
		const findings = detect(
			[
				"import { Parser } from '@json2csv/plainjs';",
				"import fs from 'node:fs';",
				'',
				"const records = JSON.parse(fs.readFileSync('data/events.json', 'utf8'));",
				'const parser = new Parser({ header: true });',
				'const csv = parser.parse(records);',
				"fs.writeFileSync('out/events.csv', csv);",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [
			['json→csv', 'node', 'data/events.json', 'out/events.csv'],
		]);
		assert.strictEqual(findings[0].writeRange.line, 6);
	});

	test('json2csv parse with the JSON read through an intermediate variable (CommonJS)', () => {
		const findings = detect(
			[
				"const { parse } = require('json2csv');",
				"const fs = require('fs');",
				"const path = require('path');",
				"const raw = fs.readFileSync(path.join(__dirname, 'data', 'users.json'), 'utf8');",
				'const users = JSON.parse(raw);',
				"fs.writeFile('users.csv', parse(users), () => {});",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [
			['json→csv', 'node', 'data/users.json', 'users.csv'],
		]);
	});

	test('papaparse unparse whose output is not visibly written is reported at the conversion', () => {
		const findings = detect(
			[
				"import Papa from 'papaparse';",
				"const data = require('./items.json');",
				'const text = Papa.unparse(data);',
				'upload(text);',
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [['json→csv', 'node', './items.json', '?']]);
		assert.strictEqual(findings[0].writeRange.line, 2);
	});

	test('csv-stringify fed by JSON.parse in TypeScript with type annotations', () => {
		const findings = detect(
			[
				"import { stringify } from 'csv-stringify/sync';",
				"import { readFile, writeFile } from 'node:fs/promises';",
				'interface Row { id: number }',
				"const rows: Row[] = JSON.parse(await readFile('rows.json', 'utf8'));",
				"await writeFile('rows.csv', stringify(rows, { header: true }));",
			].join('\n'),
			'typescript',
		);

		assert.deepStrictEqual(summary(findings), [['json→csv', 'node', 'rows.json', 'rows.csv']]);
	});

	test('a hand-written join of parsed JSON written to a .csv file', () => {
		const findings = detect(
			[
				"const fs = require('fs');",
				"const items = JSON.parse(fs.readFileSync('items.json', 'utf8'));",
				"const header = Object.keys(items[0]).join(',');",
				"const lines = items.map((item) => Object.values(item).join(','));",
				"fs.writeFileSync('items.csv', [header, ...lines].join('\\n'));",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [['json→csv', 'node', 'items.json', 'items.csv']]);
		assert.strictEqual(findings[0].confidence, 'medium');
	});

	test('rows pushed in a forEach and joined with tabs, written to a stream', () => {
		const findings = detect(
			[
				"const fs = require('fs');",
				"const list = JSON.parse(fs.readFileSync('list.json'));",
				'const out = [];',
				"list.forEach(entry => { out.push([entry.a, entry.b].join('\\t')); });",
				"const stream = fs.createWriteStream('list.tsv');",
				"stream.write(out.join('\\n'));",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [['json→tsv', 'node', 'list.json', 'list.tsv']]);
	});

	test('CSV parsed with papaparse and written as JSON', () => {
		const findings = detect(
			[
				"const Papa = require('papaparse');",
				"const parsed = Papa.parse(fs.readFileSync('in.csv', 'utf8'), { header: true });",
				"fs.writeFileSync('in.json', JSON.stringify(parsed.data));",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [['csv→json', 'node', 'in.csv', 'in.json']]);
	});

	test('hyparquet-writer fed by parsed JSON is JSON→Parquet', () => {
		const findings = detect(
			[
				"import { parquetWriteFile } from 'hyparquet-writer';",
				"const rows = JSON.parse(readFileSync('rows.json', 'utf8'));",
				"parquetWriteFile({ filename: 'rows.parquet', columnData: [{ name: 'id', data: rows.map((r) => r.id) }] });",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [
			['json→parquet', 'node', 'rows.json', 'rows.parquet'],
		]);
	});

	suite('near misses', () => {
		test('JSON parsed, but an unrelated array is converted', () => {
			const findings = detect(
				[
					"import { parse } from 'json2csv';",
					"const data = JSON.parse(fs.readFileSync('a.json', 'utf8'));",
					'const other = loadRows();',
					"fs.writeFileSync('a.csv', parse(other));",
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('the conversion in a comment, a block comment, a string or a template', () => {
			const findings = detect(
				[
					"import { parse } from 'json2csv';",
					"const data = JSON.parse(fs.readFileSync('a.json', 'utf8'));",
					"// fs.writeFileSync('a.csv', parse(data));",
					"/* fs.writeFileSync('a.csv', parse(data)); */",
					'const help = "fs.writeFileSync(\'a.csv\', parse(data))";',
					'const doc = `Papa.unparse(data)`;',
					"const pattern = /unparse\\(data\\)'/;",
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('a mocked json2csv module or a jest.fn converter is not a conversion', () => {
			const mockedModule = detect(
				[
					"jest.mock('json2csv');",
					"import { parse } from 'json2csv';",
					"const data = JSON.parse(fs.readFileSync('a.json', 'utf8'));",
					"fs.writeFileSync('a.csv', parse(data));",
				].join('\n'),
			);
			const mockedFunction = detect(
				[
					'const unparse = jest.fn();',
					"const data = JSON.parse(fs.readFileSync('a.json', 'utf8'));",
					'unparse(data);',
				].join('\n'),
			);

			assert.deepStrictEqual(mockedModule, []);
			assert.deepStrictEqual(mockedFunction, []);
		});

		test('JSON.stringify and join used for logging are not conversions', () => {
			const findings = detect(
				[
					"const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));",
					'console.log(JSON.stringify(config));',
					"console.log(Object.keys(config).join(','));",
					"const names = ['a', 'b'].join(',');",
					"fs.writeFileSync('names.csv', names);",
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});
	});
});

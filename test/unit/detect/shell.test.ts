import * as assert from 'node:assert';
import type { Finding } from '../../../src/detect/finding';
import { detectFindings, summary } from './detectHelpers';

function detect(source: string): Finding[] {
	return detectFindings(source, 'shellscript');
}

suite('detect: shell', () => {
	test('jq with @csv and @tsv, input as an argument or through cat, output redirected or via tee', () => {
		const findings = detect(
			[
				'#!/usr/bin/env bash',
				'set -euo pipefail',
				"jq -r '.[] | [.id, .name] | @csv' data/events.json > data/events.csv",
				"cat data/users.json | jq -r --arg sep x '.[] | [.a, .b] | @tsv' | tee users.tsv",
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [
			['json→csv', 'jq', 'data/events.json', 'data/events.csv'],
			['json→tsv', 'jq', 'data/users.json', 'users.tsv'],
		]);
		assert.strictEqual(findings[0].writeRange.line, 2);
		assert.deepStrictEqual(findings[0].columns, ['id', 'name']);
		assert.strictEqual(findings[0].writeRange.column, 0);
	});

	test('Miller in both directions, long and short flags, and csvkit', () => {
		const findings = detect(
			[
				'mlr --ijson --ocsv cat data/a.json > data/a.csv',
				'mlr --c2j sort -f name people.csv > people.json',
				'mlr --icsv --ojson \\',
				'  cat < wide.csv > wide.json',
				'in2csv -f json orders.json > orders.csv',
				'csvjson table.csv > table.json',
			].join('\n'),
		);

		assert.deepStrictEqual(summary(findings), [
			['json→csv', 'miller', 'data/a.json', 'data/a.csv'],
			['csv→json', 'miller', 'people.csv', 'people.json'],
			['csv→json', 'miller', 'wide.csv', 'wide.json'],
			['json→csv', 'python-csv', 'orders.json', 'orders.csv'],
			['csv→json', 'python-csv', 'table.csv', 'table.json'],
		]);
	});

	test('an input held in a variable still warns, without a path', () => {
		const findings = detect('jq -r ".[] | @csv" "$INPUT" > out.csv');

		assert.deepStrictEqual(summary(findings), [['json→csv', 'jq', '?', 'out.csv']]);
		assert.strictEqual(findings[0].confidence, 'medium');
	});

	suite('near misses', () => {
		test('jq without @csv or @tsv', () => {
			assert.deepStrictEqual(detect("jq '.[] | .id' data/events.json > ids.txt"), []);
		});

		test('Miller without JSON input (CSV to pretty-print)', () => {
			assert.deepStrictEqual(detect('mlr --icsv --opprint cat a.csv'), []);
		});

		test('the command inside echo, a comment or a here-document', () => {
			const findings = detect(
				[
					'echo "jq -r \'.[] | @csv\' data/events.json > data/events.csv"',
					"# jq -r '@csv' a.json > a.csv",
					"cat <<'DOC'",
					'mlr --ijson --ocsv cat a.json > a.csv',
					'DOC',
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});
	});
});

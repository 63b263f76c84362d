import * as assert from 'node:assert';
import type { Finding } from '../../../src/detect/finding';
import { detectFindings } from './detectHelpers';

function detect(source: string): Finding[] {
	return detectFindings(source, 'python');
}

suite('detect: Python', () => {
	test('pandas read_json → json_normalize → to_csv is one JSON→CSV finding on the writing line', () => {
		const findings = detect(
			[
				'import pandas as pd',
				'',
				'events = pd.read_json("data/events.json")',
				'flat = pd.json_normalize(events.to_dict(orient="records"))',
				'flat.to_csv("data/events.csv", index=False)',
			].join('\n'),
		);

		assert.strictEqual(findings.length, 1);
		const [finding] = findings;
		assert.strictEqual(finding.kind, 'json→csv');
		assert.strictEqual(finding.converter, 'pandas');
		assert.strictEqual(finding.from.pathLiteral, 'data/events.json');
		assert.strictEqual(finding.to.pathLiteral, 'data/events.csv');
		assert.strictEqual(finding.writeRange.line, 4);
		assert.strictEqual(finding.from.range.line, 2);
		assert.strictEqual(finding.confidence, 'high');
		assert.match(finding.evidence, /events → flat/);
	});

	test('DataFrame(...) built from json.load, written to Excel and Parquet', () => {
		const findings = detect(
			[
				'import json',
				'import pandas as pd',
				"with open('raw/orders.json', encoding='utf-8') as handle:",
				'    orders = json.load(handle)',
				'frame = pd.DataFrame(orders)',
				"recent = frame[frame['year'] > 2020]",
				"recent.to_excel('out/orders.xlsx')",
				"recent.to_parquet(path='out/orders.parquet')",
			].join('\n'),
		);

		assert.deepStrictEqual(
			findings.map((finding) => [finding.kind, finding.from.pathLiteral, finding.to.pathLiteral]),
			[
				['json→excel', 'raw/orders.json', 'out/orders.xlsx'],
				['json→parquet', 'raw/orders.json', 'out/orders.parquet'],
			],
		);
	});

	test('json.load feeding csv.DictWriter through a list comprehension', () => {
		const findings = detect(
			[
				'import csv, json',
				'',
				'def flatten(record):',
				'    return {**record, **record.pop("meta", {})}',
				'',
				'with open("users.json") as source:',
				'    data = json.load(source)',
				'rows = [flatten(r) for r in data]',
				'with open("users.csv", "w", newline="") as target:',
				'    writer = csv.DictWriter(target, fieldnames=sorted(rows[0]))',
				'    writer.writeheader()',
				'    for row in rows:',
				'        writer.writerow(row)',
			].join('\n'),
		);

		assert.strictEqual(findings.length, 1);
		assert.strictEqual(findings[0].kind, 'json→csv');
		assert.strictEqual(findings[0].converter, 'python-csv');
		assert.strictEqual(findings[0].from.pathLiteral, 'users.json');
		assert.strictEqual(findings[0].to.pathLiteral, 'users.csv');
		assert.strictEqual(findings[0].writeRange.line, 12);
	});

	test('rows appended in a loop, written as TSV with csv.writer', () => {
		const findings = detect(
			[
				'import csv, json',
				"records = json.loads(open('in.json').read())",
				'out = []',
				'for record in records:',
				"    out.append([record['id'], record['name']])",
				"writer = csv.writer(open('in.tsv', 'w'), delimiter='\\t')",
				'writer.writerows(out)',
			].join('\n'),
		);

		assert.strictEqual(findings.length, 1);
		assert.strictEqual(findings[0].kind, 'json→tsv');
		assert.strictEqual(findings[0].from.pathLiteral, 'in.json');
	});

	test('CSV→JSON with pandas and with csv.DictReader feeding json.dump', () => {
		const findings = detect(
			[
				'import csv, json',
				'import pandas as pd',
				"pd.read_csv('a.csv').to_json('a.json', orient='records')",
				"with open('b.csv') as f:",
				'    rows = list(csv.DictReader(f))',
				"with open('b.json', 'w') as g:",
				'    json.dump(rows, g)',
			].join('\n'),
		);

		assert.deepStrictEqual(
			findings.map((finding) => [finding.kind, finding.converter, finding.to.pathLiteral]),
			[
				['csv→json', 'pandas', 'a.json'],
				['csv→json', 'python-csv', 'b.json'],
			],
		);
	});

	test('a path held in a constant or built with os.path.join is resolved to its literal', () => {
		const findings = detect(
			[
				'import os',
				'import pandas as pd',
				"SOURCE = os.path.join('data', 'events.json')",
				"TARGET = 'data/events.csv'",
				'pd.read_json(SOURCE, lines=True).to_csv(TARGET)',
			].join('\n'),
		);

		assert.strictEqual(findings.length, 1);
		assert.strictEqual(findings[0].kind, 'ndjson→csv');
		assert.strictEqual(findings[0].from.pathLiteral, 'data/events.json');
		assert.strictEqual(findings[0].to.pathLiteral, 'data/events.csv');
	});

	test('an input path that is not a literal still gives a finding, without a path and with less confidence', () => {
		const findings = detect(
			['import sys', 'import pandas as pd', 'pd.read_json(sys.argv[1]).to_csv("out.csv")'].join(
				'\n',
			),
		);

		assert.strictEqual(findings.length, 1);
		assert.strictEqual(findings[0].from.pathLiteral, undefined);
		assert.strictEqual(findings[0].confidence, 'medium');
	});

	test('columns the code visibly keeps are reported with the finding', () => {
		const findings = detect(
			[
				'import pandas as pd',
				"events = pd.read_json('events.json')",
				"slim = events[['id', 'type']]",
				"slim.to_csv('slim.csv')",
				"events.to_csv('named.csv', columns=['id', 'user.country', 'type'])",
			].join('\n'),
		);

		assert.deepStrictEqual(
			findings.map((finding) => finding.columns),
			[
				['id', 'type'],
				['id', 'user.country', 'type'],
			],
		);
	});

	suite('near misses', () => {
		test('JSON read, but a different, unrelated frame is written as CSV', () => {
			const findings = detect(
				[
					'import pandas as pd',
					"events = pd.read_json('events.json')",
					"summary = pd.DataFrame({'count': [len(events)], 'columns': events.shape[1]})",
					"summary.to_csv('summary.csv')",
					'print(len(events))',
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('the conversion only in a comment or a docstring or a string', () => {
			const findings = detect(
				[
					'"""',
					"Usage: pd.read_json('events.json').to_csv('events.csv')",
					'"""',
					"# pd.read_json('events.json').to_csv('events.csv')",
					"code = \"pd.read_json('events.json').to_csv('events.csv')\"",
					"template = f\"{pd.read_json}('x.json').to_csv('y.csv')\"",
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('a test that patches DataFrame.to_csv is not a conversion', () => {
			const findings = detect(
				[
					'from unittest import mock',
					'import pandas as pd',
					'',
					"@mock.patch('pandas.DataFrame.to_csv')",
					'def test_export(to_csv):',
					"    frame = pd.read_json('fixture.json')",
					"    frame.to_csv('out.csv')",
					'    to_csv.assert_called_once()',
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('a MagicMock frame written with to_csv is not a conversion', () => {
			const findings = detect(
				[
					'from unittest.mock import MagicMock',
					"events = pd.read_json('events.json')",
					'frame = MagicMock()',
					"frame.to_csv('out.csv')",
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});

		test('JSON in, JSON out, or CSV in, CSV out, is not a conversion', () => {
			const findings = detect(
				["pd.read_json('a.json').to_json('b.json')", "pd.read_csv('a.csv').to_csv('b.csv')"].join(
					'\n',
				),
			);

			assert.deepStrictEqual(findings, []);
		});
	});
});

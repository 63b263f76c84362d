import * as assert from 'node:assert';
import { detectConversions } from '../../../src/detect/detect';

function notebook(cells: Array<[string, string]>): string {
	return JSON.stringify({
		cells: cells.map(([kind, source]) => ({
			cell_type: kind,
			metadata: {},
			source: source.split(/(?<=\n)/),
			...(kind === 'code' ? { outputs: [], execution_count: null } : {}),
		})),
		metadata: { kernelspec: { language: 'python', name: 'python3' } },
		nbformat: 4,
		nbformat_minor: 5,
	});
}

suite('detect: Jupyter notebooks', () => {
	test('a read in one cell and a write in a later cell map to their own cells', () => {
		const result = detectConversions(
			notebook([
				['markdown', '# Events\nWe load `pd.read_json("x.json").to_csv("y.csv")` here.'],
				['code', 'import pandas as pd\nevents = pd.read_json("data/events.json")'],
				['code', '%matplotlib inline\nevents.head()'],
				[
					'code',
					'flat = pd.json_normalize(events.to_dict("records"))\n\nflat.to_csv("data/events.csv")',
				],
			]),
			'jupyter',
		);

		assert.strictEqual(result.findings.length, 1);
		const [finding] = result.findings;
		assert.strictEqual(finding.kind, 'json→csv');
		assert.strictEqual(finding.cell, 3);
		assert.strictEqual(finding.writeRange.line, 2);
		assert.strictEqual(finding.from.cell, 1);
		assert.strictEqual(finding.from.range.line, 1);
		assert.match(finding.evidence, /read in cell 2, written in cell 4/);
	});

	test('shell escapes are read as shell', () => {
		const result = detectConversions(
			notebook([['code', "x = 1\n!jq -r '.[] | @csv' data/a.json > data/a.csv"]]),
			'jupyter',
		);

		assert.strictEqual(result.findings[0]?.kind, 'json→csv');
		assert.strictEqual(result.findings[0]?.converter, 'jq');
		assert.strictEqual(result.findings[0]?.writeRange.line, 1);
		assert.strictEqual(result.findings[0]?.writeRange.column, 1);
	});

	test('a broken notebook gives a clear message and no findings', () => {
		const truncated = detectConversions('{"cells": [', 'jupyter');
		const notANotebook = detectConversions('{"hello": 1}', 'jupyter');

		assert.deepStrictEqual(truncated.findings, []);
		assert.match(truncated.error ?? '', /not a readable notebook/);
		assert.match(notANotebook.error ?? '', /no "cells" list/);
	});
});

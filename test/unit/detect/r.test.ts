import * as assert from 'node:assert';
import type { Finding } from '../../../src/detect/finding';
import { detectFindings } from './detectHelpers';

function detect(source: string): Finding[] {
	return detectFindings(source, 'r');
}

suite('detect: R', () => {
	test('jsonlite fromJSON then write.csv through a derived data frame', () => {
		const findings = detect(
			[
				'library(jsonlite)',
				'events <- fromJSON("data/events.json", flatten = TRUE)',
				'flat <- as.data.frame(events)',
				'write.csv(flat, "data/events.csv", row.names = FALSE)',
			].join('\n'),
		);

		assert.strictEqual(findings.length, 1);
		assert.strictEqual(findings[0].kind, 'json→csv');
		assert.strictEqual(findings[0].converter, 'r');
		assert.strictEqual(findings[0].from.pathLiteral, 'data/events.json');
		assert.strictEqual(findings[0].to.pathLiteral, 'data/events.csv');
		assert.strictEqual(findings[0].writeRange.line, 3);
	});

	test('a pipe ending in readr::write_csv, with file.path for the input', () => {
		const findings = detect(
			[
				'jsonlite::read_json(file.path("data", "x.json"), simplifyVector = TRUE) %>%',
				'  dplyr::select(id, name) %>%',
				'  readr::write_csv("x.csv")',
			].join('\n'),
		);

		assert.deepStrictEqual(
			findings.map((finding) => [finding.kind, finding.from.pathLiteral, finding.to.pathLiteral]),
			[['json→csv', 'data/x.json', 'x.csv']],
		);
	});

	test('CSV to Parquet with arrow', () => {
		const findings = detect(
			['t = read.csv("big.csv")', 'arrow::write_parquet(t, "big.parquet")'].join('\n'),
		);

		assert.strictEqual(findings[0]?.kind, 'csv→parquet');
	});

	suite('near misses', () => {
		test('an unrelated data frame written as CSV, and the conversion in comments and strings', () => {
			const findings = detect(
				[
					'events <- fromJSON("data/events.json")',
					'other <- data.frame(a = 1:3)',
					'write.csv(other, "other.csv")',
					'# write.csv(events, "e.csv")',
					'msg <- "write.csv(events, \'e.csv\')"',
				].join('\n'),
			);

			assert.deepStrictEqual(findings, []);
		});
	});
});

import * as assert from 'node:assert';
import { detectConversions } from '../../../src/detect/detect';
import type { DetectLanguage, Finding } from '../../../src/detect/finding';

/** The findings for `source`, asserting that detection reported no error. */
export function detectFindings(source: string, language: DetectLanguage): Finding[] {
	const result = detectConversions(source, language);
	assert.strictEqual(result.error, undefined);
	return result.findings;
}

/** Each finding as [kind, converter, input path, output path], `?` where a path is not a literal. */
export function summary(findings: Finding[]): string[][] {
	return findings.map((finding) => [
		finding.kind,
		finding.converter,
		finding.from.pathLiteral ?? '?',
		finding.to.pathLiteral ?? '?',
	]);
}

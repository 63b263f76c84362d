import * as assert from 'node:assert';
import { randomBytes } from 'node:crypto';
import { detectConversions } from '../../../src/detect/detect';
import type { DetectLanguage } from '../../../src/detect/finding';

const languages: DetectLanguage[] = [
	'python',
	'javascript',
	'typescript',
	'shellscript',
	'r',
	'jupyter',
];

suite('detect: bad and half-typed input', () => {
	test('empty text, binary noise, unterminated strings and comments give no finding and no exception', () => {
		const inputs = [
			'',
			randomBytes(20_000).toString('latin1'),
			"pd.read_json('a.json').to_csv('b.csv", // unterminated string, as while typing
			'x = """never closed\npd.read_json("a.json").to_csv("b.csv")',
			'/* never closed\nfs.writeFileSync("a.csv", parse(JSON.parse(x)))',
			')))]]]}}} read_json( to_csv( JSON.parse( unparse( write.csv(',
			// Whitespace the shell does not split on (vertical tab, no-break space) beside a real command word.
			"jq\u000b'.[] | @csv'\u00a0a.json > a.csv\u000c",
		];
		for (const language of languages) {
			for (const input of inputs) {
				const result = detectConversions(input, language);
				assert.deepStrictEqual(
					result.findings,
					[],
					`${language}: ${JSON.stringify(input.slice(0, 40))}`,
				);
			}
		}
	});

	test('very deep nesting is refused with a message or read, never thrown', () => {
		const deep = `import pandas as pd\nx = pd.read_json('a.json')\ny = ${'f('.repeat(50_000)}x${')'.repeat(50_000)}\ny.to_csv('b.csv')`;
		for (const language of ['python', 'javascript', 'r'] as const) {
			const result = detectConversions(deep, language);
			assert.ok(Array.isArray(result.findings));
			assert.ok(result.findings.length <= 1);
		}
	});

	test('a conversion typed half-way is found once the write call is closed', () => {
		const typing = [
			'import pandas as pd',
			"events = pd.read_json('events.json')",
			"events.to_csv('events.csv'",
		].join('\n');

		assert.deepStrictEqual(detectConversions(typing, 'python').findings, []);
		assert.strictEqual(detectConversions(`${typing})`, 'python').findings.length, 1);
	});
});

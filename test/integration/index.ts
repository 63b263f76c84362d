// The tests module VS Code loads into the extension host (`extensionTestsPath`): it runs every
// bundled *.test.js beside it with mocha and settles when they are done.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

function testFiles(folder: string): string[] {
	return readdirSync(folder, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.test.js'))
		.sort()
		.map((name) => join(folder, name));
}

/** Called by VS Code once the extension host is up; rejects when any test fails. */
export async function run(): Promise<void> {
	// The workbench forwards the host's console as its arguments joined by spaces, without applying
	// printf-style placeholders: format here, so "2 passing" arrives as such.
	const print = console.log;
	Mocha.reporters.Base.consoleLog = (...data: unknown[]) => print(format(...data));
	// No colours: the output travels through the browser console to a log, not a terminal.
	const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 60_000 });
	const grep = process.env.FOOTPRINT_TEST_GREP;
	if (grep) {
		mocha.grep(grep);
	}

	for (const file of testFiles(__dirname)) {
		mocha.addFile(file);
	}

	const stats = await new Promise<Mocha.Stats | undefined>((resolve) => {
		const runner = mocha.run(() => resolve(runner.stats));
	});
	const failed = stats?.failures ?? 1;
	const resultFile = process.env.FOOTPRINT_TEST_RESULT_FILE;
	if (resultFile) {
		const result = { passed: stats?.passes ?? 0, failed, pending: stats?.pending ?? 0 };
		writeFileSync(resultFile, JSON.stringify(result));
	}

	if (failed > 0) {
		throw new Error(`${failed} integration test(s) failed`);
	}
}

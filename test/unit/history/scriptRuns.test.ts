import * as assert from 'node:assert';
import { commandRunsScript, isScriptPath, runsOfScript } from '../../../src/history/scriptRuns';
import { makeRecord } from './records';

suite('runs of a script', () => {
	test('matches the script path resolved against the working folder', () => {
		assert.ok(commandRunsScript('python3 convert.py --in a.json', '/ws', '/ws/convert.py'));
		assert.ok(commandRunsScript('./tools/run.sh', '/ws', '/ws/tools/run.sh'));
		assert.ok(commandRunsScript('node /ws/src/x.js', '/elsewhere', '/ws/src/x.js'));
		assert.ok(commandRunsScript('sh -c "python3 convert.py"', '/ws', '/ws/convert.py'));
		assert.ok(commandRunsScript('python "my script.py"', '/ws', '/ws/my script.py'));
		assert.ok(commandRunsScript('cd sub && python ../convert.py', '/ws/sub', '/ws/convert.py'));
	});

	test('does not match another file of the same name or a mere mention', () => {
		assert.ok(!commandRunsScript('python3 convert.py', '/other', '/ws/convert.py'));
		assert.ok(!commandRunsScript('python3 convert.pyc', '/ws', '/ws/convert.py'));
		assert.ok(!commandRunsScript('echo convert', '/ws', '/ws/convert.py'));
	});

	test('lists matching runs newest first', () => {
		const records = [
			makeRecord({ command: 'python3 convert.py', cwd: '/ws', endedAt: '2026-01-01T10:00:00Z' }),
			makeRecord({ command: 'npm test', cwd: '/ws', endedAt: '2026-01-01T11:00:00Z' }),
			makeRecord({ command: 'python3 ./convert.py', cwd: '/ws', endedAt: '2026-01-01T12:00:00Z' }),
		];
		const runs = runsOfScript(records, '/ws/convert.py');
		assert.deepStrictEqual(
			runs.map((run) => run.endedAt),
			['2026-01-01T12:00:00Z', '2026-01-01T10:00:00Z'],
		);
	});

	test('only scripts get lenses', () => {
		assert.ok(isScriptPath('/a/b.py'));
		assert.ok(isScriptPath('run.SH'));
		assert.ok(!isScriptPath('data.json'));
	});
});

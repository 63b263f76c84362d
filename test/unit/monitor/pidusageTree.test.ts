import * as assert from 'node:assert';
import { PidusageTreeReader } from '../../../src/monitor/pidusageTree';
import { closed, collect, shell } from './helpers';

suite('PidusageTreeReader (the fallback for macOS and Windows, run here on Linux)', function () {
	this.timeout(20000);

	test('follows the root and its children, and keeps their time after they exit', async () => {
		const child = shell(
			'sleep 30 >/dev/null & a=$!; sleep 30 >/dev/null & b=$!; echo started; read _; kill $a $b; wait',
		);
		const output = collect(child.stdout);
		await output.waitFor(/started/);
		const reader = new PidusageTreeReader(child.pid as number);
		const running = await reader.sample();
		child.stdin?.end('\n');
		await closed(child);
		const after = await reader.sample();

		assert.strictEqual(running.processCount, 3);
		assert.strictEqual(running.rootAlive, true);
		assert.ok(running.rssBytes > 0);
		assert.strictEqual(after.rootAlive, false);
		assert.strictEqual(reader.rootReaped, true);
		assert.ok(after.cpuSeconds >= running.cpuSeconds);
	});
});

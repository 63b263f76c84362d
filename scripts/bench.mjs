// `npm run bench`: runs every bench/*.bench.ts in turn (or the ones named on the command line).
// Each prints its own figures as a markdown table and may write JSON under .bench/. Benchmarks
// report figures against their targets; they are not pass/fail timers.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const files = readdirSync(join(root, 'bench'))
	.filter((name) => name.endsWith('.bench.ts'))
	.filter((name) => wanted.length === 0 || wanted.some((w) => name.includes(w)))
	.sort();

let failures = 0;
for (const file of files) {
	console.log(`\n## ${file.replace('.bench.ts', '')}\n`);
	const result = spawnSync(process.execPath, ['--import', 'tsx', join('bench', file)], {
		cwd: root,
		stdio: 'inherit',
	});
	if (result.status !== 0) {
		failures++;
		console.log(`(${file} exited with ${result.status ?? result.signal})`);
	}
}

process.exitCode = failures > 0 ? 1 : 0;

// Generates sample/data/access.ndjson: a deterministic web server access log, one JSON object per
// line, with client IP addresses (flagged as personal data in the Data view).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let seed = 7;
function random() {
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed / 2147483648;
}

function pick(list) {
	return list[Math.floor(random() * list.length)];
}

const paths = ['/', '/pricing', '/docs/api', '/blog/green-software', '/signup', '/static/app.js'];
const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Macintosh)', 'curl/8.5.0'];
const count = Number(process.argv[2] ?? 2000);
const start = Date.UTC(2026, 10, 1);
const lines = [];
for (let i = 0; i < count; i++) {
	const status = random() < 0.92 ? 200 : pick([301, 404, 500]);
	lines.push(
		JSON.stringify({
			time: new Date(start + Math.floor(random() * 7 * 86400000)).toISOString(),
			clientIp: `${Math.floor(random() * 223) + 1}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 254) + 1}`,
			method: random() < 0.85 ? 'GET' : 'POST',
			path: pick(paths),
			status,
			bytes: status === 200 ? Math.floor(random() * 90000) + 500 : 0,
			durationMs: Math.round(random() * 400 * 10) / 10,
			userAgent: pick(agents),
		}),
	);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'access.ndjson');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} log lines to ${out}`);

// Generates sample/data/events.json: a deterministic, realistic JSON array of web analytics events
// (nested objects, optional fields, arrays), the kind of file people convert to CSV for colleagues.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let seed = 42;
function random() {
	seed = (seed * 1103515245 + 12345) % 2147483648;
	return seed / 2147483648;
}

function pick(list) {
	return list[Math.floor(random() * list.length)];
}

const pages = ['/', '/pricing', '/docs/getting-started', '/docs/api', '/blog/green-software', '/signup'];
const browsers = ['Firefox', 'Chrome', 'Safari', 'Edge'];
const countries = ['DE', 'FR', 'GB', 'US', 'IN', 'BR', 'JP', 'SE'];
const kinds = ['page_view', 'click', 'scroll', 'signup', 'search'];
const count = Number(process.argv[2] ?? 6000);
const start = Date.UTC(2026, 10, 1);
const events = [];
for (let i = 0; i < count; i++) {
	const kind = pick(kinds);
	const event = {
		id: `evt_${(100000 + i).toString(36)}`,
		type: kind,
		timestamp: new Date(start + Math.floor(random() * 30 * 86400000)).toISOString(),
		page: pick(pages),
		session: { id: `s${Math.floor(random() * 900000 + 100000)}`, durationMs: Math.floor(random() * 600000) },
		client: { browser: pick(browsers), version: `${Math.floor(random() * 40 + 90)}.0`, mobile: random() < 0.4 },
		geo: { country: pick(countries), city: null },
		tags: random() < 0.3 ? ['campaign', pick(['autumn', 'launch', 'newsletter'])] : [],
	};
	if (kind === 'search') {
		event.query = pick(['carbon', 'energy per request', 'csv export', 'parquet', 'pricing']);
	}

	if (kind === 'click') {
		event.target = { selector: pick(['#buy', '.nav a', 'button.primary']), x: Math.floor(random() * 1400) };
	}

	events.push(event);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'events.json');
writeFileSync(out, JSON.stringify(events, null, 2) + '\n');
console.log(`wrote ${events.length} events to ${out}`);

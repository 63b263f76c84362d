// Builds a per-page CSV report by hand from the events: Footprint recognises the join(',') of parsed JSON.
const fs = require('node:fs');
const path = require('node:path');

const events = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'events.json'), 'utf8'));
const header = ['id', 'type', 'page', 'country'].join(',');
const lines = events.map((event) => [event.id, event.type, event.page, event.geo.country].join(','));
fs.writeFileSync(path.join(__dirname, 'data', 'events_by_page.csv'), [header, ...lines].join('\n'));

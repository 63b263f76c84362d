import * as assert from 'node:assert';
import { cellText, flattenForTable } from '../../../src/data/flatten';

suite('flattening records for the table', () => {
	const record = {
		id: 1,
		geo: { country: 'DE', city: null, pos: { lat: 1.5 } },
		tags: ['a', 'b'],
		extra: {},
	};

	test('nested objects become dot-named columns; arrays stay JSON text by default', () => {
		assert.deepStrictEqual(flattenForTable(record, 'json'), {
			id: 1,
			'geo.country': 'DE',
			'geo.city': null,
			'geo.pos.lat': 1.5,
			tags: '["a","b"]',
			extra: '{}',
		});
	});

	test('arrays spread into numbered columns with the columns convention', () => {
		const flat = flattenForTable(record, 'columns');
		assert.strictEqual(flat['tags.0'], 'a');
		assert.strictEqual(flat['tags.1'], 'b');
		assert.ok(!('tags' in flat));
	});

	test('a record that is not an object is one value cell', () => {
		assert.deepStrictEqual(flattenForTable(42, 'json'), { value: 42 });
		assert.deepStrictEqual(flattenForTable([1, 2], 'json'), { value: '[1,2]' });
		assert.strictEqual(cellText(null), '');
		assert.strictEqual(cellText(false), 'false');
	});
});

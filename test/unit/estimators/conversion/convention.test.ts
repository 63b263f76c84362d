import * as assert from 'node:assert';
import {
	describeConvention,
	flattenRecord,
	parseConvention,
} from '../../../../src/estimators/conversion/convention';

suite('flattening convention', () => {
	const event = {
		id: 'e1',
		session: { id: 's1', durationMs: 12 },
		geo: { country: 'DE', city: null },
		tags: ['campaign', 'autumn'],
		extra: {},
	};

	test('nested objects become dot-named columns and arrays stay JSON text by default', () => {
		const row = flattenRecord(event);
		assert.deepStrictEqual(
			[...row.entries()],
			[
				['id', 'e1'],
				['session.id', 's1'],
				['session.durationMs', 12],
				['geo.country', 'DE'],
				['geo.city', null],
				['tags', '["campaign","autumn"]'],
				['extra', '{}'],
			],
		);
	});

	test('arrays can be spread into numbered columns, and an empty one keeps its column', () => {
		const row = flattenRecord(
			{ tags: ['a', 'b'], none: [], nested: [{ x: 1 }] },
			parseConvention('columns'),
		);
		assert.deepStrictEqual(
			[...row.entries()],
			[
				['tags.0', 'a'],
				['tags.1', 'b'],
				['none', '[]'],
				['nested.0.x', 1],
			],
		);
	});

	test('a record that is not an object becomes one column named value', () => {
		assert.deepStrictEqual([...flattenRecord(42).entries()], [['value', 42]]);
		assert.deepStrictEqual([...flattenRecord([1, 2]).entries()], [['value', '[1,2]']]);
	});

	test('a custom separator joins the names', () => {
		const row = flattenRecord({ a: { b: 1 } }, { arrays: 'json', separator: '_' });
		assert.deepStrictEqual([...row.keys()], ['a_b']);
	});

	test('deep nesting does not overflow the stack', () => {
		let value: Record<string, unknown> = { leaf: 1 };
		for (let depth = 0; depth < 2000; depth++) {
			value = { child: value };
		}

		const row = flattenRecord(value);
		assert.strictEqual(row.size, 1);
	});

	test('the description names the separator, the array rule, the header and missing cells', () => {
		const text = describeConvention(parseConvention('json'));
		assert.match(text, /'\.'/);
		assert.match(text, /arrays kept as JSON text/);
		assert.match(text, /union of all keys/);
		assert.match(text, /missing cells empty/);
		assert.match(describeConvention(parseConvention('columns')), /tags\.0, tags\.1/);
	});
});

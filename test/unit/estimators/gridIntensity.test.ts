import * as assert from 'node:assert';
import { averageIntensity } from '@tgwf/co2/data';
import {
	ALPHA2_TO_ALPHA3,
	resolveGridIntensity,
	TIME_ZONE_TO_ALPHA2,
	toAlpha3,
	UnknownCountryError,
} from '../../../src/estimators/gridIntensity';

suite('gridIntensity', () => {
	test('a user override wins over the country', () => {
		const grid = resolveGridIntensity({
			country: 'DE',
			intensityOverride: 120,
			timeZone: 'Europe/Paris',
		});
		assert.strictEqual(grid.gramsPerKwh, 120);
		assert.strictEqual(grid.source.kind, 'override');
	});

	test('alpha-2 and alpha-3 codes, any case, give the same country average', () => {
		const two = resolveGridIntensity({ country: 'de' });
		const three = resolveGridIntensity({ country: 'DEU' });
		assert.strictEqual(two.region, 'DEU');
		assert.strictEqual(two.gramsPerKwh, three.gramsPerKwh);
		assert.strictEqual(two.gramsPerKwh, averageIntensity.data.DEU);
		assert.strictEqual(two.source.kind, 'setting');
		assert.ok(two.source.dataset.includes('Ember') && two.source.dataset.includes('CC BY-SA 4.0'));
		// France's nuclear-heavy grid is far cleaner than Poland's coal-heavy one.
		assert.ok(
			resolveGridIntensity({ country: 'FR' }).gramsPerKwh <
				resolveGridIntensity({ country: 'PL' }).gramsPerKwh / 3,
		);
	});

	test('unknown or data-less country codes are refused with a readable message', () => {
		for (const code of ['ZZ', 'XYZ', 'ATA', 'D', '12']) {
			assert.throws(
				() => resolveGridIntensity({ country: code }),
				(error: unknown) => {
					return error instanceof UnknownCountryError && error.message.includes(`'${code}'`);
				},
			);
		}
	});

	test('without a country the time zone decides, and says so', () => {
		const grid = resolveGridIntensity({ timeZone: 'Europe/Berlin' });
		assert.strictEqual(grid.region, 'DEU');
		assert.strictEqual(grid.source.kind, 'timezone');
		assert.ok(grid.source.detail.includes('Europe/Berlin'));
	});

	test('a zone without a country falls back to the world average of the same dataset', () => {
		const grid = resolveGridIntensity({ timeZone: 'UTC' });
		assert.strictEqual(grid.region, 'WORLD');
		assert.strictEqual(grid.gramsPerKwh, averageIntensity.data.WORLD);
		assert.ok(grid.gramsPerKwh > 400 && grid.gramsPerKwh < 550);
		assert.strictEqual(grid.source.kind, 'world');
	});

	test('absurd overrides are refused', () => {
		assert.throws(() => resolveGridIntensity({ intensityOverride: -5 }), RangeError);
		assert.throws(() => resolveGridIntensity({ intensityOverride: 1e6 }), RangeError);
	});

	test('every country in the dataset can be reached by its alpha-2 code', () => {
		const reachable = new Set(ALPHA2_TO_ALPHA3.values());
		const countries = Object.keys(averageIntensity.data).filter((key) => /^[A-Z]{3}$/.test(key));
		const regions = new Set(['G20', 'EU']);
		const missing = countries.filter((code) => !regions.has(code) && !reachable.has(code));
		assert.deepStrictEqual(missing, []);
		assert.strictEqual(toAlpha3('GB'), 'GBR');
		assert.strictEqual(toAlpha3('US'), 'USA');
	});

	test('every alpha-2 code in the table is a region the runtime knows, and every zone is real', () => {
		const names = new Intl.DisplayNames(['en'], { type: 'region' });
		for (const alpha2 of ALPHA2_TO_ALPHA3.keys()) {
			assert.notStrictEqual(names.of(alpha2), alpha2, `unknown region ${alpha2}`);
		}

		for (const [zone, alpha2] of TIME_ZONE_TO_ALPHA2) {
			assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { timeZone: zone }), zone);
			assert.ok(ALPHA2_TO_ALPHA3.has(alpha2), `${zone} → ${alpha2}`);
		}
	});
});

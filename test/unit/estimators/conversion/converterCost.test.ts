import * as assert from 'node:assert';
import { CONVERTER_COEFFICIENTS } from '../../../../src/estimators/conversion/converterCoefficients';
import {
	CONVERTERS,
	estimateConverterCost,
} from '../../../../src/estimators/conversion/converterCost';

suite('estimateConverterCost', () => {
	test('every measured run falls inside the predicted time and memory range', () => {
		for (const converter of CONVERTERS) {
			for (const run of CONVERTER_COEFFICIENTS[converter].runs) {
				const cost = estimateConverterCost(run.inputBytes, 'json-array', 'csv', converter);
				assert.ok(
					cost.secondsLow <= run.seconds && run.seconds <= cost.secondsHigh,
					`${converter} ${run.inputBytes}: time`,
				);
				assert.ok(
					cost.peakRssLowBytes <= run.peakRssBytes && run.peakRssBytes <= cost.peakRssHighBytes,
					`${converter} ${run.inputBytes}: memory`,
				);
			}
		}
	});

	test('a bigger input costs more time and memory', () => {
		for (const converter of CONVERTERS) {
			const small = estimateConverterCost(10e6, 'json-array', 'csv', converter);
			const large = estimateConverterCost(200e6, 'json-array', 'csv', converter);
			assert.ok(
				large.seconds > small.seconds && large.peakRssBytes > small.peakRssBytes,
				converter,
			);
		}
	});

	test('the basis names the machine, and says when a pair or a size was not measured', () => {
		const measured = estimateConverterCost(10e6, 'json-array', 'csv', 'pandas');
		assert.match(measured.basis, /measured \d{4}-\d\d-\d\d on .+ cores/);
		assert.doesNotMatch(measured.basis, /approximation|extrapolated/);
		const other = estimateConverterCost(500e6, 'csv', 'parquet', 'pandas');
		assert.match(other.basis, /applied to csv → parquet as an approximation/);
		assert.match(other.basis, /extrapolated beyond the largest run/);
	});
});

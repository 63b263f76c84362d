import * as assert from 'node:assert';
import { statusAccessibilityText, statusText } from '../../../src/views/statusText';

suite('status bar text', () => {
	const readout = { watts: 14.2, sessionWh: 2.3, sessionGrams: 1.1 };

	test('each choice of footprint.statusBar.show gives its own text', () => {
		assert.strictEqual(statusText('powerEnergyCarbon', readout), '⚡ 14 W · 2.3 Wh · 1.1 gCO2e');
		assert.strictEqual(statusText('powerCarbon', readout), '⚡ 14 W · 1.1 gCO2e');
		assert.strictEqual(statusText('power', readout), '⚡ 14 W');
		assert.strictEqual(statusText('energy', readout), '⚡ 2.3 Wh');
		assert.strictEqual(statusText('carbon', readout), '⚡ 1.1 gCO2e');
	});

	test('power is marked unknown until it has been sampled', () => {
		assert.strictEqual(statusText('power', { ...readout, watts: undefined }), '⚡ … W');
		assert.ok(statusAccessibilityText({ ...readout, watts: undefined }).includes('not yet known'));
	});
});

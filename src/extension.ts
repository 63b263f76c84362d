import * as vscode from 'vscode';
import { registerAlternatives } from './views/alternativesView';
import { Configuration } from './views/configuration';
import { registerConversionLens } from './views/conversionLens';
import type { FootprintHost } from './views/host';

/** Wires Footprint's parts together; everything else lives in src/views and the pure core. */
export function activate(context: vscode.ExtensionContext): void {
	const log = vscode.window.createOutputChannel('Footprint', { log: true });
	context.subscriptions.push(log);
	const configuration = new Configuration(log);
	context.subscriptions.push(configuration);
	const host: FootprintHost = { extension: context, log, configuration };

	// Each feature registers itself here with one line: register…(host).
	registerAlternatives(host, registerConversionLens(host));
	log.info('Footprint activated');
}

export function deactivate(): void {}

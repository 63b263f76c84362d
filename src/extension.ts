import * as vscode from 'vscode';
import { Configuration } from './views/configuration';

/**
 * Everything a feature needs from the host, handed to each `register…` function. Features own their
 * listeners and push every disposable onto `extension.subscriptions` the moment it exists.
 */
export interface FootprintHost {
	extension: vscode.ExtensionContext;
	log: vscode.LogOutputChannel;
	configuration: Configuration;
}

/** Wires Footprint's parts together; everything else lives in src/views and the pure core. */
export function activate(context: vscode.ExtensionContext): void {
	const log = vscode.window.createOutputChannel('Footprint', { log: true });
	context.subscriptions.push(log);
	const configuration = new Configuration(log);
	context.subscriptions.push(configuration);
	const host: FootprintHost = { extension: context, log, configuration };
	void host;
	log.info('Footprint activated');
}

export function deactivate(): void {}

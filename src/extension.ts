import * as vscode from 'vscode';

/** Wires Footprint's parts together; everything else lives in src/views and the pure core. */
export function activate(context: vscode.ExtensionContext): void {
	const log = vscode.window.createOutputChannel('Footprint', { log: true });
	context.subscriptions.push(log);
	log.info('Footprint activated');
}

export function deactivate(): void {}

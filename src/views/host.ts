import type * as vscode from 'vscode';
import type { Configuration } from './configuration';

/**
 * Everything a feature needs from the host, handed to each `register…` function. Features own their
 * listeners and push every disposable onto `extension.subscriptions` the moment it exists.
 */
export interface FootprintHost {
	extension: vscode.ExtensionContext;
	log: vscode.LogOutputChannel;
	configuration: Configuration;
}

import * as vscode from 'vscode';
import { normaliseSettings, type FootprintSettings } from '../core/settings';

/**
 * The one typed accessor for Footprint's settings. Reads `footprint.*` through the pure validator,
 * logs each ignored value once, and fires when a Footprint setting changes (no reload needed).
 */
export class Configuration implements vscode.Disposable {
	private settings: FootprintSettings;
	private readonly changed = new vscode.EventEmitter<FootprintSettings>();
	private readonly subscription: vscode.Disposable;

	/** Fires with the new settings after any `footprint.*` setting changes. */
	readonly onDidChange = this.changed.event;

	constructor(private readonly log: vscode.LogOutputChannel) {
		this.settings = this.read();
		this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
			if (event.affectsConfiguration('footprint')) {
				this.settings = this.read();
				this.changed.fire(this.settings);
			}
		});
	}

	/** The settings in force now. */
	get current(): FootprintSettings {
		return this.settings;
	}

	private read(): FootprintSettings {
		const section = vscode.workspace.getConfiguration('footprint');
		const { settings, problems } = normaliseSettings((key) => section.get(key));
		for (const problem of problems) {
			this.log.warn(problem);
		}

		return settings;
	}

	dispose(): void {
		this.subscription.dispose();
		this.changed.dispose();
	}
}

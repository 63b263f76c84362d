/** Every command id Footprint's task and history features register, in one place (see package.json). */
export const COMMANDS = {
	showSidebar: 'footprint.showSidebar',
	showMachine: 'footprint.showMachine',
	forgetHistory: 'footprint.forgetHistory',
	exportHistory: 'footprint.exportHistory',
	copyEntryAsJson: 'footprint.copyEntryAsJson',
	rerunEntry: 'footprint.rerunEntry',
	deleteEntry: 'footprint.deleteEntry',
	showRunsOfScript: 'footprint.showRunsOfScript',
} as const;

/** The Tasks view's id. */
export const TASKS_VIEW = 'footprint.tasks';

/** The built-in command that opens the Footprint activity-bar container. */
export const OPEN_CONTAINER = 'workbench.view.extension.footprint';

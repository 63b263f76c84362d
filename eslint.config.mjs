// @ts-check
import tseslint from 'typescript-eslint';

/** Folders that make up the pure core: they must run without an editor (CLI, unit tests). */
const pureCore = [
	'src/core/**',
	'src/estimators/**',
	'src/monitor/**',
	'src/detect/**',
	'src/data/**',
	'src/history/**',
	'src/cli/**',
];

export default tseslint.config(
	{
		ignores: [
			'dist/**',
			'out/**',
			'node_modules/**',
			'sample/**',
			'test/fixtures/**',
			'**/*.js',
			'**/*.mjs',
		],
	},
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				tsconfigRootDir: import.meta.dirname,
			},
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			curly: 'error',
			eqeqeq: ['error', 'smart'],
			'no-console': 'error',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: pureCore,
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'vscode',
							message: 'The core is pure: only src/views and src/extension.ts may import vscode.',
						},
					],
				},
			],
		},
	},
	{
		// The CLI and test/bench scripts talk to a terminal on purpose.
		files: ['src/cli/**', 'test/**', 'scripts/**', 'bench/**'],
		rules: { 'no-console': 'off' },
	},
);

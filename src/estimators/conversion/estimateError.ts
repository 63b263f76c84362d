/** Why an estimate could not be made; `message` is one line a user can act on. */
export type EstimateErrorCode =
	| 'not-found'
	| 'not-a-file'
	| 'empty'
	| 'binary'
	| 'unsupported'
	| 'malformed'
	| 'truncated'
	| 'too-deep'
	| 'record-too-large'
	| 'changed'
	| 'cancelled';

/** The one error type the conversion estimator throws on bad input; never carries a stack to the user. */
export class EstimateError extends Error {
	constructor(
		readonly code: EstimateErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'EstimateError';
	}
}

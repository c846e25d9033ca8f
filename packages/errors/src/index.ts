export { errorCodes, isErrorCode, type ErrorCode } from './error-codes.ts';
export { Errors } from './errors.ts';
export { FedbaseError, type FedbaseErrorOptions } from './fedbase-error.ts';
export { maskError } from './mask-error.ts';
export { renderErrorDocs } from './render-error-docs.ts';

/**
 * The part of the Lambda SDK ./lambda-channel.ts uses, imported dynamically from there: a dynamic import keeps every
 * export of the module it names, so naming the SDK itself would bundle all its commands (+50 KiB).
 */
export { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

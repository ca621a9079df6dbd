/** How the operator scripts (npm run admin, npm run ops) put an error in one line. */

/** The first line of an error's message. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() || 'unknown error';
}

/**
 * One line for an AWS error, with a hint for the usual setup mistakes (no credentials, no region). An error of the
 * script's own (`ownError`) already says what to do and is shown as it is.
 */
export function describeAwsError(error: unknown, ownError: abstract new (...args: never[]) => Error): string {
  const name = error instanceof Error ? error.name : 'Error';
  const message = oneLine(error);
  if (error instanceof ownError) return message;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return `no usable AWS credentials (${message}): set AWS_PROFILE or run aws sso login`;
  }
  if (/region is missing|region not accepted/i.test(message)) return 'no AWS region: pass --region or set AWS_REGION';
  return `${name}: ${message}`;
}

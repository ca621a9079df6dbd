/**
 * Environment access: fail loudly when a required variable is missing.
 *
 * What a function is configured with (its policy STAGE, PAYMENT_CHANNELS, MONITORING_CONFIG) is read once, at module
 * scope of its entry point, and every entry checks at cold start that all the variables its declaration needs are set
 * (catalog.ts `requireEnvironmentOf`). Resource names (table, topic, bucket, state machine ARN) are read by the AWS
 * adapter when it calls AWS: in Lambda that is the same value each time, and locally one adapter instance serves
 * every function of the stack in one process, each invocation seeing only its own function's variables
 * (local/deployed/scope.ts), which is how a missing variable fails on the laptop as it would in AWS.
 */

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

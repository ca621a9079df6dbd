/** Environment access for handlers: read where used, fail loudly when a required variable is missing. */

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

/** The alert as finance reads it over HTTP (docs/api.md), shared by the list and the action routes. */
import type { AlertRecord } from '../../domain/monitoring/index.ts';
import type { Alert } from '../../schemas/alert.ts';

/**
 * docs/api.md names the detection time `detectedAt` (when this episode of the problem was first seen;
 * `firstDetectedAt` stays for existing readers); the store's version is not shown.
 */
export const presentAlert = ({ version: _version, ...record }: AlertRecord): Alert => ({
  ...record,
  detectedAt: record.firstDetectedAt,
});

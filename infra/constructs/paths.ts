import { resolve } from 'node:path';

/** The repository root, from which handler entries and ASL files are resolved. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

/**
 * The local runner's wait timers: a wait longer than setTimeout's 24.8 days (a policy may set one; Step Functions
 * allows a year) fires when it is due, not at once, as a bare setTimeout would.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { longTimeout } from '../../local/asl-runner.ts';

afterEach(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;

it('fires a 30-day timer after 30 days, not before', () => {
  vi.useFakeTimers();
  const fire = vi.fn();
  longTimeout(fire, 30 * DAY);
  vi.advanceTimersByTime(1);
  expect(fire).not.toHaveBeenCalled();
  vi.advanceTimersByTime(29 * DAY);
  expect(fire).not.toHaveBeenCalled();
  vi.advanceTimersByTime(DAY);
  expect(fire).toHaveBeenCalledTimes(1);
});

it('fires a short timer as setTimeout does, and a cleared one never', () => {
  vi.useFakeTimers();
  const fire = vi.fn();
  const cleared = vi.fn();
  longTimeout(fire, 1000);
  longTimeout(cleared, 40 * DAY).clear();
  vi.advanceTimersByTime(1000);
  expect(fire).toHaveBeenCalledTimes(1);
  vi.advanceTimersByTime(40 * DAY);
  expect(cleared).not.toHaveBeenCalled();
});

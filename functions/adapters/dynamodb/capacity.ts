/**
 * Sums the read capacity DynamoDB reports (ReturnConsumedCapacity TOTAL), so a monitor run can state what it cost
 * and a test can prove that cost follows the outstanding work, not the table size.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';

export class ReadMeter {
  /** Read capacity units consumed so far. */
  units = 0;
  /** Requests made so far. */
  requests = 0;

  add(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
    this.requests += 1;
    for (const c of [consumed].flat()) this.units += c?.CapacityUnits ?? c?.ReadCapacityUnits ?? 0;
  }
}

/** Lifecycle task "Wait" (placeholder until the lifecycle lands): stores the task token on the refund. */
export async function handler(input: { refundId: string; outcome: string; taskToken: string }) {
  return { refundId: input.refundId, waiting: input.outcome };
}

/** Lifecycle task "OnTimeout" (placeholder until the lifecycle lands): a wait ran out; end the execution. */
export async function handler(_input: { refundId: string; outcome: string }) {
  return { outcome: 'END', timeoutSeconds: 1 };
}

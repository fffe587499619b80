import type { ResolvedOptions } from "./SignalRPubClientOptions.js";

/** The wait before reconnect attempt `attempt` (from 1): exponential, capped, with a random part taken off. */
export function backoffDelay(policy: ResolvedOptions["reconnect"], attempt: number, random: () => number = Math.random): number {
  const exponential = policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

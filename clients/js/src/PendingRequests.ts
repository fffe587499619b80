import type { RequestFrame, ResponseFrame, SignalRPubResponse } from "./frames.js";
import { SignalRPubError } from "./SignalRPubError.js";
import type { PubTransport } from "./transports/PubTransport.js";

interface Pending {
  uri: string;
  transport: PubTransport;
  resolve: (response: SignalRPubResponse) => void;
  reject: (error: unknown) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The requests sent and not yet answered, each under the `msgId` it was sent with and tied to the transport that sent
 * it: an answer, a failure or a lost connection settles only the requests of that transport, and a request nobody
 * answers in time fails with `timeout`.
 */
export class PendingRequests {
  readonly #pending = new Map<string, Pending>();
  readonly #timeoutMs: number;
  #nextMsgId = 0;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  /** Sends a request frame over `transport`; resolves with its answer, whatever its status. */
  send(transport: PubTransport, uri: string, body: unknown, headers: Record<string, unknown> | undefined): Promise<SignalRPubResponse> {
    const msgId = String(++this.#nextMsgId);
    const frame: RequestFrame = { uri, header: { ...(headers ?? {}), msgId }, body: body ?? {} };
    return new Promise<SignalRPubResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#pending.delete(msgId)) {
          reject(new SignalRPubError(0, "timeout", `No answer to ${uri} (msgId ${msgId}) within ${this.#timeoutMs} ms.`));
        }
      }, this.#timeoutMs);
      this.#pending.set(msgId, { uri, transport, resolve, reject, timer });
      transport.send(frame, msgId);
    });
  }

  /**
   * Settles the request `frame` answers, when `transport` sent it: `beforeResolve` sees the request's URI and the
   * answer first (so the client's state has changed by the time the caller hears of it).
   */
  answer(transport: PubTransport, frame: ResponseFrame, beforeResolve: (uri: string, response: SignalRPubResponse) => void): void {
    const msgId = typeof frame.msgId === "string" ? frame.msgId : frame.msgId === null || frame.msgId === undefined ? undefined : String(frame.msgId);
    const pending = msgId === undefined ? undefined : this.#take(transport, msgId);
    if (pending === undefined) {
      return;
    }

    const response: SignalRPubResponse = { status: typeof frame.status === "number" ? frame.status : 0, body: frame.body ?? null };
    beforeResolve(pending.uri, response);
    pending.resolve(response);
  }

  /** Fails request `msgId` of `transport`: `connection_lost` when the transport is gone, `request_failed` otherwise. */
  fail(transport: PubTransport, msgId: string, error: unknown, lost: boolean): void {
    const pending = this.#take(transport, msgId);
    pending?.reject(
      new SignalRPubError(
        0,
        lost ? "connection_lost" : "request_failed",
        `${pending.uri} (msgId ${msgId}) failed: ${error instanceof Error ? error.message : String(error)}`,
        undefined,
        { cause: error },
      ),
    );
  }

  /** Fails every request of `transport` with `connection_lost`. */
  failAll(transport: PubTransport, cause: unknown): void {
    for (const [msgId, pending] of [...this.#pending]) {
      if (pending.transport === transport) {
        this.#take(transport, msgId);
        pending.reject(
          new SignalRPubError(0, "connection_lost", `The connection was lost before ${pending.uri} (msgId ${msgId}) was answered.`, undefined, {
            cause,
          }),
        );
      }
    }
  }

  #take(transport: PubTransport, msgId: string): Pending | undefined {
    const pending = this.#pending.get(msgId);
    if (pending === undefined || pending.transport !== transport) {
      return undefined;
    }

    this.#pending.delete(msgId);
    clearTimeout(pending.timer);
    return pending;
  }
}

/**
 * A request was not answered with a 2xx status, or not answered at all.
 *
 * For an answer from the gateway, `status` is its HTTP status and `code` the error code programs branch on
 * (docs/protocol.md §10, e.g. `invalid_topic`, `not_found`, `upstream_rejected`); `body` is the whole answer body and
 * `upstream` the upstream's own answer when an upstream refused the action.
 *
 * When no answer came, `status` is 0 and `code` says why: `timeout` (nothing within `requestTimeoutMs`),
 * `connection_lost` (the connection dropped while the request was in flight), `not_connected` (the client was not
 * connected when the request was made).
 */
export class SignalRPubError extends Error {
  /** The answer's status, e.g. 404; 0 when no answer came. */
  readonly status: number;

  /** The error code, e.g. `not_found`, `timeout`; undefined when the answer named none. */
  readonly code: string | undefined;

  /** The whole body of the answer; undefined when no answer came. */
  readonly body: unknown;

  constructor(status: number, code: string | undefined, message: string, body?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SignalRPubError";
    this.status = status;
    this.code = code;
    this.body = body;
  }

  /** The upstream's answer when an upstream refused the action (`upstream_rejected`, docs/protocol.md §9); otherwise undefined. */
  get upstream(): unknown {
    return isObject(this.body) ? this.body["upstream"] : undefined;
  }

  /** The error for a non-2xx answer: reads `{"error":{"code","message"}}` and the flat `{"error":"code","message"}`. */
  static fromAnswer(status: number, body: unknown): SignalRPubError {
    let code: string | undefined;
    let message: string | undefined;
    if (isObject(body)) {
      const error = body["error"];
      if (isObject(error)) {
        code = stringOf(error["code"]);
        message = stringOf(error["message"]);
      } else if (typeof error === "string") {
        code = error;
        message = stringOf(body["message"]);
      }
    }

    const text = `${status}${code === undefined ? "" : ` ${code}`}: ${message ?? "the request failed"}`;
    return new SignalRPubError(status, code, text, body);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A request frame (docs/protocol.md §4). */
export interface RequestFrame {
  uri: string;
  header: Record<string, unknown>;
  body: unknown;
}

/** A response frame: one per request frame, carrying the request's `msgId`. */
export interface ResponseFrame {
  type: "response";
  msgId: unknown;
  status: number;
  body: unknown;
}

/** A push: `data` is whatever JSON value the publisher sent. */
export interface Push {
  topic: string;
  data: unknown;
}

/** The answer to a request: its status and body. */
export interface SignalRPubResponse<T = unknown> {
  status: number;
  body: T;
}

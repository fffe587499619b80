import type { RequestFrame, ResponseFrame } from "../frames.js";

/** What a transport tells its client. */
export interface TransportSink {
  /** A response frame arrived. */
  onResponse(transport: PubTransport, frame: ResponseFrame): void;
  /** A push arrived. */
  onPush(transport: PubTransport, topic: string, data: unknown): void;
  /** A request could not be sent or answered on this transport (it stays open). */
  onRequestFailed(transport: PubTransport, msgId: string, error: unknown): void;
  /**
   * The open connection ended. `intentional` when it was ended on purpose: closed by the client, or by the gateway after
   * a `disconnect` action; otherwise the client reconnects.
   */
  onClosed(transport: PubTransport, intentional: boolean, error: unknown): void;
}

/** One connection to the gateway, opened once; a reconnect makes a new one. */
export interface PubTransport {
  /** Opens the connection; rejects when it cannot be opened. */
  start(): Promise<void>;
  /** Sends a request frame; its answer comes through the sink. */
  send(frame: RequestFrame, msgId: string): void;
  /** Closes the connection on purpose; resolves once it is closed (or after a short wait). */
  stop(): Promise<void>;
}

import type { RequestFrame, ResponseFrame } from "../frames.js";
import type { PubTransport, TransportSink } from "./PubTransport.js";

/** The close the gateway ends a connection with after a `disconnect` action (docs/protocol.md §12). */
const disconnectCode = 1000;
const disconnectReason = "disconnect";
const stopWaitMs = 5000;

type WebSocketConstructor = new (url: string) => WebSocket;

let nodeWebSocket: Promise<WebSocketConstructor> | undefined;

/** The platform's WebSocket (browsers, Node 22+), else the `ws` package (Node 20). */
function webSocketConstructor(): Promise<WebSocketConstructor> {
  const platform = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (platform !== undefined) {
    return Promise.resolve(platform);
  }

  nodeWebSocket ??= import("ws").then(
    (module) => (module.default ?? module.WebSocket) as unknown as WebSocketConstructor,
    (error: unknown) => {
      nodeWebSocket = undefined;
      throw new Error("This platform has no WebSocket; install the `ws` package (npm install ws).", { cause: error });
    },
  );
  return nodeWebSocket;
}

/** A plain WebSocket on an entry route: one JSON text message per frame, or a batch of pushes (docs/protocol.md §4). */
export class WebSocketTransport implements PubTransport {
  readonly #url: string;
  readonly #sink: TransportSink;
  #socket: WebSocket | undefined;
  #stopping = false;
  #closed: Promise<void> | undefined;

  constructor(url: string, sink: TransportSink) {
    this.#url = url;
    this.#sink = sink;
  }

  async start(): Promise<void> {
    const Socket = await webSocketConstructor();
    if (this.#stopping) {
      throw new Error("The connection was closed while it was being opened.");
    }

    const socket = new Socket(this.#url);
    this.#socket = socket;
    let opened = false;
    let closed!: () => void;
    this.#closed = new Promise((resolve) => (closed = resolve));
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => {
        opened = true;
        resolve();
      };
      socket.onerror = () => {
        // A close event follows every error; it decides.
      };
      socket.onclose = (event) => {
        closed();
        if (!opened) {
          reject(new Error(`Could not open a WebSocket to ${this.#url} (close ${event.code}${event.reason ? ` ${event.reason}` : ""}).`));
          return;
        }

        const intentional = this.#stopping || (event.code === disconnectCode && event.reason === disconnectReason);
        const error = intentional ? undefined : new Error(`The WebSocket closed with ${event.code}${event.reason ? ` ${event.reason}` : ""}.`);
        this.#sink.onClosed(this, intentional, error);
      };
      socket.onmessage = (event) => this.#receive(event.data);
    });
  }

  send(frame: RequestFrame, msgId: string): void {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== 1) {
      this.#sink.onRequestFailed(this, msgId, new Error("The WebSocket is not open."));
      return;
    }

    try {
      socket.send(JSON.stringify(frame));
    } catch (error) {
      this.#sink.onRequestFailed(this, msgId, error);
    }
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const socket = this.#socket;
    if (socket === undefined || socket.readyState === 3) {
      return;
    }

    socket.close(1000);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.#closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, stopWaitMs)))]);
    clearTimeout(timer);
  }

  #receive(data: unknown): void {
    if (typeof data !== "string") {
      return;
    }

    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }

    if (typeof frame !== "object" || frame === null) {
      return;
    }

    const message = frame as Record<string, unknown>;
    if (message["type"] === "push") {
      this.#push(message);
    } else if (message["type"] === "batch" && Array.isArray(message["frames"])) {
      // Several pushes in one message (docs/protocol.md §4), each handled as if it had come alone, in order.
      for (const push of message["frames"] as unknown[]) {
        if (typeof push === "object" && push !== null && (push as Record<string, unknown>)["type"] === "push") {
          this.#push(push as Record<string, unknown>);
        }
      }
    } else if (message["type"] === "response") {
      this.#sink.onResponse(this, message as unknown as ResponseFrame);
    }
  }

  #push(message: Record<string, unknown>): void {
    if (typeof message["topic"] === "string") {
      this.#sink.onPush(this, message["topic"], message["data"]);
    }
  }
}

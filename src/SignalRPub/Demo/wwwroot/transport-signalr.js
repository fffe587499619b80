// The SignalR transport: SignalR's JSON hub protocol spoken over one WebSocket, the negotiation skipped
// (docs/protocol.md §7). Records are JSON texts ended by 0x1E. The page calls the hub method Request(frame),
// whose completion carries the response frame, and receives pushes as invocations of the client method push.

import { describeClose } from "./transport-websocket.js";

const RECORD_SEPARATOR = "\u001e";
const INVOCATION = 1;
const COMPLETION = 3;
const PING = 6;
const CLOSE = 7;
const DEFAULT_TIMEOUT_MS = 10000;

// SignalR clients ping every 15 s so that the server's client timeout (30 s) never fires on a quiet connection.
const PING_INTERVAL_MS = 15000;

export class SignalRTransport {
  /**
   * @param {string} url ws:// or wss:// address of the hub, e.g. ws://127.0.0.1:9080/hub?entry=1
   * @param {{ onPush: (topic: string, data: unknown) => void, onClose: (info: { code: number, reason: string }) => void }} handlers
   */
  constructor(url, handlers, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.name = "signalr";
    this.url = url;
    this.handlers = handlers;
    this.timeoutMs = timeoutMs;
    this.pending = new Map();
    this.nextInvocationId = 1;
    this.nextMsgId = 1;
    this.socket = null;
    this.buffer = "";
    this.handshake = null;
    this.closeError = "";
    this.pingTimer = 0;
  }

  /** Opens the socket and completes the hub handshake; rejects when either fails. */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      this.handshake = { resolve, reject };
      socket.addEventListener("open", () => this.#send({ protocol: "json", version: 1 }));
      socket.addEventListener("message", (event) => this.#receive(event.data));
      socket.addEventListener("close", (event) => {
        clearInterval(this.pingTimer);
        const how = this.closeError ? `the hub closed the connection: ${this.closeError}` : describeClose(event.code, event.reason);
        this.#failPending(new Error(`the connection closed (${how})`));
        if (this.handshake) {
          this.handshake.reject(new Error(`cannot open ${this.url} (${how})`));
          this.handshake = null;
          return;
        }

        this.handlers.onClose({ code: event.code, reason: this.closeError || event.reason });
      });
    });
  }

  /** Calls Request with a request frame; resolves with its response frame ({ type, msgId, status, body }). */
  request(uri, body) {
    const invocationId = String(this.nextInvocationId++);
    const frame = { uri, header: { ts: Date.now(), msgId: String(this.nextMsgId++), "Content-Type": "json", "client-metadata": {} }, body };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(invocationId);
        reject(new Error(`no answer to ${uri} within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(invocationId, { resolve, reject, timer });
      try {
        this.#send({ type: INVOCATION, invocationId, target: "Request", arguments: [frame] });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(invocationId);
        reject(error);
      }
    });
  }

  close() {
    if (this.socket?.readyState === WebSocket.OPEN) {
      this.#send({ type: CLOSE });
    }

    this.socket?.close(1000, "closed by the page");
  }

  #send(message) {
    this.socket.send(JSON.stringify(message) + RECORD_SEPARATOR);
  }

  // A WebSocket message may hold several records, and a record may in principle span messages: keep the tail.
  #receive(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.indexOf(RECORD_SEPARATOR)) >= 0) {
      const record = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      let message;
      try {
        message = JSON.parse(record);
      } catch {
        continue;
      }

      if (this.handshake) {
        this.#completeHandshake(message);
      } else {
        this.#dispatch(message);
      }
    }
  }

  #completeHandshake(answer) {
    const { resolve, reject } = this.handshake;
    this.handshake = null;
    if (answer?.error) {
      reject(new Error(`the hub refused the handshake: ${answer.error}`));
      this.socket.close();
      return;
    }

    this.pingTimer = setInterval(() => {
      if (this.socket.readyState === WebSocket.OPEN) {
        this.#send({ type: PING });
      }
    }, PING_INTERVAL_MS);
    resolve();
  }

  #dispatch(message) {
    switch (message?.type) {
      case INVOCATION:
        if (message.target === "push" && message.arguments?.length === 1) {
          const { topic, data } = message.arguments[0] ?? {};
          this.handlers.onPush(topic, data);
        }

        break;
      case COMPLETION: {
        const waiter = this.pending.get(message.invocationId);
        if (!waiter) {
          break;
        }

        this.pending.delete(message.invocationId);
        clearTimeout(waiter.timer);
        if (message.error !== undefined) {
          waiter.reject(new Error(`the hub failed the call: ${message.error}`));
        } else {
          waiter.resolve(message.result);
        }

        break;
      }
      case CLOSE:
        this.closeError = message.error ?? "";
        break;
      case PING:
      default:
        // Pings only keep the connection alive; streams and client results are not used by this page.
        break;
    }
  }

  #failPending(error) {
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }

    this.pending.clear();
  }
}

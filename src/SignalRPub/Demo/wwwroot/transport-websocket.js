// The raw transport: one WebSocket on an entry route, one JSON frame per message (docs/protocol.md §4).
// Requests carry a msgId; the gateway answers every request once, in order, echoing it.

const DEFAULT_TIMEOUT_MS = 10000;

export class WebSocketTransport {
  /**
   * @param {string} url ws:// or wss:// address of an entry route, e.g. ws://127.0.0.1:9080/msg-pub
   * @param {{ onPush: (topic: string, data: unknown) => void, onClose: (info: { code: number, reason: string }) => void }} handlers
   */
  constructor(url, handlers, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.name = "websocket";
    this.url = url;
    this.handlers = handlers;
    this.timeoutMs = timeoutMs;
    this.pending = new Map();
    this.nextMsgId = 1;
    this.socket = null;
  }

  /** Opens the socket; resolves once it is open, rejects when it cannot be opened. */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      let opened = false;
      socket.addEventListener("open", () => {
        opened = true;
        resolve();
      });
      socket.addEventListener("message", (event) => this.#receive(event.data));
      socket.addEventListener("close", (event) => {
        this.#failPending(new Error(`the socket closed (${describeClose(event.code, event.reason)})`));
        if (!opened) {
          reject(new Error(`cannot open ${this.url} (${describeClose(event.code, event.reason)})`));
          return;
        }

        this.handlers.onClose({ code: event.code, reason: event.reason });
      });
    });
  }

  /** Sends a request frame; resolves with its response frame ({ type, msgId, status, body }). */
  request(uri, body) {
    const msgId = String(this.nextMsgId++);
    const frame = { uri, header: { ts: Date.now(), msgId, "Content-Type": "json", "client-metadata": {} }, body };
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(msgId);
        reject(new Error(`no answer to ${uri} within ${this.timeoutMs / 1000} s`));
      }, this.timeoutMs);
      this.pending.set(msgId, { resolve, reject, timer });
      try {
        this.socket.send(JSON.stringify(frame));
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(msgId);
        reject(error);
      }
    });
  }

  close() {
    this.socket?.close(1000, "closed by the page");
  }

  #receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }

    if (frame?.type === "push") {
      this.handlers.onPush(frame.topic, frame.data);
    } else if (frame?.type === "response") {
      const waiter = this.pending.get(String(frame.msgId));
      if (waiter) {
        this.pending.delete(String(frame.msgId));
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      }
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

export function describeClose(code, reason) {
  return reason ? `code ${code}, ${reason}` : `code ${code}`;
}

import {
  HubConnectionBuilder,
  JsonHubProtocol,
  LogLevel,
  MessageType,
  type HubConnection,
  type HubMessage,
  type IHubProtocol,
  type ILogger,
  type IHttpConnectionOptions,
  type TransferFormat,
} from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import type { RequestFrame, ResponseFrame } from "../frames.js";
import type { SignalRPubProtocol } from "../SignalRPubClientOptions.js";
import type { PubTransport, TransportSink } from "./PubTransport.js";

const requestMethod = "Request";
const pushMethod = "push";

/**
 * A hub protocol that passes everything through and notes a close message that forbids reconnecting: the gateway ends a
 * hub connection that way after a `disconnect` action, while a server going away drops it without one.
 */
class ObservingHubProtocol implements IHubProtocol {
  readonly #inner: IHubProtocol;
  closedForGood = false;

  constructor(inner: IHubProtocol) {
    this.#inner = inner;
  }

  get name(): string {
    return this.#inner.name;
  }

  get version(): number {
    return this.#inner.version;
  }

  get transferFormat(): TransferFormat {
    return this.#inner.transferFormat;
  }

  parseMessages(input: string | ArrayBuffer, logger: ILogger): HubMessage[] {
    const messages = this.#inner.parseMessages(input, logger);
    for (const message of messages) {
      if (message.type === MessageType.Close && message.allowReconnect !== true && !message.error) {
        this.closedForGood = true;
      }
    }

    return messages;
  }

  writeMessage(message: HubMessage): string | ArrayBuffer {
    return this.#inner.writeMessage(message);
  }
}

/** A SignalR connection to the hub (docs/protocol.md §7): frames go to `Request`, pushes come to `push`. */
export class HubTransport implements PubTransport {
  readonly #connection: HubConnection;
  readonly #protocol: ObservingHubProtocol;
  readonly #sink: TransportSink;
  #stopping = false;

  constructor(
    url: string,
    protocol: SignalRPubProtocol,
    options: { connection?: IHttpConnectionOptions; logLevel?: LogLevel },
    sink: TransportSink,
  ) {
    this.#sink = sink;
    this.#protocol = new ObservingHubProtocol(protocol === "messagepack" ? new MessagePackHubProtocol() : new JsonHubProtocol());
    this.#connection = new HubConnectionBuilder()
      .withUrl(url, options.connection ?? {})
      .withHubProtocol(this.#protocol)
      .configureLogging(options.logLevel ?? LogLevel.None)
      .build();
    this.#connection.on(pushMethod, (push: unknown) => {
      if (typeof push === "object" && push !== null && typeof (push as { topic?: unknown }).topic === "string") {
        const { topic, data } = push as { topic: string; data?: unknown };
        this.#sink.onPush(this, topic, data ?? null);
      }
    });
    this.#connection.onclose((error) => {
      const intentional = this.#stopping || this.#protocol.closedForGood;
      this.#sink.onClosed(this, intentional, intentional ? undefined : (error ?? new Error("The gateway closed the SignalR connection.")));
    });
  }

  start(): Promise<void> {
    return this.#connection.start();
  }

  send(frame: RequestFrame, msgId: string): void {
    this.#connection.invoke(requestMethod, frame).then(
      (answer: unknown) => {
        if (typeof answer === "object" && answer !== null) {
          this.#sink.onResponse(this, answer as ResponseFrame);
        } else {
          this.#sink.onRequestFailed(this, msgId, new Error("The hub answered Request with something that is not a response frame."));
        }
      },
      (error: unknown) => this.#sink.onRequestFailed(this, msgId, error),
    );
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#connection.stop();
  }
}

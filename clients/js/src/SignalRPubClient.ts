import { backoffDelay, delay } from "./backoff.js";
import type { ResponseFrame, SignalRPubResponse } from "./frames.js";
import { PendingRequests } from "./PendingRequests.js";
import { PushHandlers, type PushHandler } from "./PushHandlers.js";
import { SignalRPubError } from "./SignalRPubError.js";
import {
  resolveOptions,
  type ResolvedOptions,
  type SignalRPubClientOptions,
  type SignalRPubState,
} from "./SignalRPubClientOptions.js";
import type { PubTransport, TransportSink } from "./transports/PubTransport.js";
import { WebSocketTransport } from "./transports/WebSocketTransport.js";

/** Receives a new state, and the error that caused it when there was one (a lost connection, a failed reconnect). */
export type StateHandler = (state: SignalRPubState, error?: unknown) => void;

/**
 * A client of a SignalRPub gateway over a plain WebSocket (`transport: "websocket"`) or SignalR (`"signalr"`): it
 * registers, keeps the topic set the gateway confirmed, delivers pushes to handlers, correlates every request by
 * `msgId`, and reconnects a lost connection (registering again and restoring the topics). docs/protocol.md describes
 * the wire.
 */
export class SignalRPubClient {
  readonly #options: ResolvedOptions;
  readonly #pending: PendingRequests;
  readonly #handlers = new PushHandlers();
  readonly #stateHandlers = new Set<StateHandler>();
  readonly #sink: TransportSink;
  #state: SignalRPubState = "disconnected";
  #transport: PubTransport | undefined;
  #topics: readonly string[] = Object.freeze([]);
  #connectionId: string | undefined;
  #connectionToken: string | undefined;
  #closingOnPurpose = false;
  #reconnecting: AbortController | undefined;

  constructor(options: SignalRPubClientOptions) {
    this.#options = resolveOptions(options);
    this.#pending = new PendingRequests(this.#options.requestTimeoutMs);
    this.#sink = {
      onResponse: (transport, frame) => this.#onResponse(transport, frame),
      onPush: (_, topic, data) => this.#onPush(topic, data),
      onRequestFailed: (transport, msgId, error) => this.#onRequestFailed(transport, msgId, error),
      onClosed: (transport, intentional, error) => this.#onClosed(transport, intentional, error),
    };
  }

  /** The connection's state. */
  get state(): SignalRPubState {
    return this.#state;
  }

  /** The connection's id from the last registration (a reconnect gives a new one); undefined before. */
  get connectionId(): string | undefined {
    return this.#connectionId;
  }

  /** The token for HTTP actions on this connection (docs/protocol.md §6); undefined before registering. */
  get connectionToken(): string | undefined {
    return this.#connectionToken;
  }

  /** The topic set the gateway last confirmed, sorted as the gateway sorts it. */
  get topics(): readonly string[] {
    return this.#topics;
  }

  /** Opens the connection and registers; resolves once registered. Rejects (and stays disconnected) when either fails. */
  async connect(): Promise<void> {
    if (this.#state !== "disconnected") {
      throw new Error(`connect() needs a disconnected client; this one is ${this.#state}.`);
    }

    this.#closingOnPurpose = false;
    this.#topics = Object.freeze([]);
    this.#setState("connecting");
    try {
      await this.#open([]);
    } catch (error) {
      await this.#closeTransport();
      this.#setState("disconnected", error);
      throw error;
    }

    if ((this.#state as SignalRPubState) === "connecting" && this.#transport !== undefined) {
      this.#setState("connected");
      return;
    }

    const lost = new SignalRPubError(0, "connection_lost", "The connection was lost while it was being opened.");
    this.#setState("disconnected", lost);
    throw lost;
  }

  /** Adds `topics` (`sub_add`); resolves to the whole set the gateway confirmed. */
  subscribe(topics: Iterable<string>): Promise<readonly string[]> {
    return this.#changeTopics(this.#options.routes.subAdd, topics);
  }

  /** Replaces the set with `topics` (`sub_put`); resolves to the set the gateway confirmed. */
  replace(topics: Iterable<string>): Promise<readonly string[]> {
    return this.#changeTopics(this.#options.routes.subPut, topics);
  }

  /** Removes `topics` (`sub_delete`); resolves to the set left. */
  unsubscribe(topics: Iterable<string>): Promise<readonly string[]> {
    return this.#changeTopics(this.#options.routes.subDelete, topics);
  }

  /**
   * Sends a request to any action route (a custom route, a `sub_*` route with a query, …) and resolves to its answer.
   * Rejects with a {@link SignalRPubError} on a non-2xx answer, a timeout or a lost connection.
   */
  async request<T = unknown>(uri: string, body: unknown = {}, headers?: Record<string, unknown>): Promise<SignalRPubResponse<T>> {
    const transport = this.#transport;
    if (this.#state !== "connected" || transport === undefined) {
      throw new SignalRPubError(0, "not_connected", `The client is ${this.#state}; requests need a connected client.`);
    }

    return this.#ensureOk(await this.#send(transport, uri, body, headers)) as SignalRPubResponse<T>;
  }

  /** Calls `handler` with every push on `topic`; returns a function that removes it. */
  on(topic: string, handler: PushHandler): () => void {
    if (typeof handler !== "function") {
      throw new TypeError("handler must be a function.");
    }

    return this.#handlers.add(topic, handler);
  }

  /** Calls `handler` with every push, whatever its topic; returns a function that removes it. */
  onPush(handler: PushHandler): () => void {
    if (typeof handler !== "function") {
      throw new TypeError("handler must be a function.");
    }

    return this.#handlers.addForAll(handler);
  }

  /** Calls `handler` on every change of state; returns a function that removes it. */
  onState(handler: StateHandler): () => void {
    const entry: StateHandler = (state, error) => handler(state, error);
    this.#stateHandlers.add(entry);
    return () => this.#stateHandlers.delete(entry);
  }

  /**
   * Performs the `disconnect` action: the gateway answers, then ends the connection for good, and the client does not
   * reconnect. When the client is not connected, it just stops (ending a reconnect in progress).
   */
  async disconnect(body: unknown = {}): Promise<void> {
    const transport = this.#transport;
    if (this.#state !== "connected" || transport === undefined) {
      await this.close();
      return;
    }

    this.#closingOnPurpose = true;
    try {
      this.#ensureOk(await this.#send(transport, this.#options.routes.disconnect, body, undefined));
    } catch (error) {
      if (!(error instanceof SignalRPubError && error.code === "connection_lost")) {
        this.#closingOnPurpose = false;
        throw error;
      }
    }

    await this.close();
  }

  /** Closes the connection without the `disconnect` action, and stops reconnecting. */
  async close(): Promise<void> {
    this.#closingOnPurpose = true;
    this.#reconnecting?.abort(new Error("The client was closed."));
    this.#reconnecting = undefined;
    await this.#closeTransport();
    this.#setState("disconnected");
  }

  async #changeTopics(uri: string, topics: Iterable<string>): Promise<readonly string[]> {
    const list = [...topics];
    await this.request(uri, { topics: list });
    return this.#topics;
  }

  /** Opens a new transport, registers, and restores `restore` with one `sub_put` when it is not empty. */
  async #open(restore: readonly string[]): Promise<void> {
    const transport = await this.#createTransport();
    this.#transport = transport;
    await this.#withTimeout(transport.start(), `Could not connect to ${this.#options.url} within ${this.#options.requestTimeoutMs} ms.`);
    if (this.#transport !== transport) {
      throw new SignalRPubError(0, "connection_lost", "The connection was closed while it was being opened.");
    }

    const { routes, registerBody } = this.#options;
    const register = this.#ensureOk(await this.#send(transport, routes.register, registerBody, this.#registerHeaders()));
    const body = (register.body ?? {}) as { connectionId?: unknown; connectionToken?: unknown };
    this.#connectionId = typeof body.connectionId === "string" ? body.connectionId : undefined;
    this.#connectionToken = typeof body.connectionToken === "string" ? body.connectionToken : undefined;
    if (restore.length > 0) {
      this.#ensureOk(await this.#send(transport, routes.subPut, { topics: [...restore] }, undefined));
    }
  }

  /** The register request's headers: the caller's, and `pushBatch: true` when batch frames are asked for. */
  #registerHeaders(): Record<string, unknown> {
    const { headers, pushBatching, transport } = this.#options;
    if (!pushBatching || transport !== "websocket") {
      return headers;
    }

    // The gateway reads the header without regard to case: one of the caller's own would contradict ours.
    const own = Object.entries(headers).filter(([name]) => name.toLowerCase() !== "pushbatch");
    return { ...Object.fromEntries(own), pushBatch: true };
  }

  async #createTransport(): Promise<PubTransport> {
    const { url, transport, protocol, signalr } = this.#options;
    if (transport === "signalr") {
      // Loaded on demand, so that WebSocket-only users do not load @microsoft/signalr.
      const { HubTransport } = await import("./transports/HubTransport.js");
      return new HubTransport(url, protocol, signalr, this.#sink);
    }

    return new WebSocketTransport(url, this.#sink);
  }

  #send(transport: PubTransport, uri: string, body: unknown, headers: Record<string, unknown> | undefined): Promise<SignalRPubResponse> {
    return this.#pending.send(transport, uri, body, headers);
  }

  #ensureOk(response: SignalRPubResponse): SignalRPubResponse {
    if (response.status < 200 || response.status > 299) {
      throw SignalRPubError.fromAnswer(response.status, response.body);
    }

    return response;
  }

  #onResponse(transport: PubTransport, frame: ResponseFrame): void {
    this.#pending.answer(transport, frame, (uri, { status, body }) => {
      if (status >= 200 && status <= 299 && this.#changesTopics(uri)) {
        const topics = (body as { topics?: unknown } | null)?.topics;
        if (Array.isArray(topics) && topics.every((t) => typeof t === "string")) {
          this.#topics = Object.freeze([...topics]);
        }
      }
    });
  }

  #changesTopics(uri: string): boolean {
    const path = uri.split("?", 1)[0];
    const { subAdd, subPut, subDelete } = this.#options.routes;
    return path === subAdd || path === subPut || path === subDelete;
  }

  #onRequestFailed(transport: PubTransport, msgId: string, error: unknown): void {
    this.#pending.fail(transport, msgId, error, this.#transport !== transport);
  }

  #onPush(topic: string, data: unknown): void {
    this.#handlers.deliver(topic, data);
  }

  #onClosed(transport: PubTransport, intentional: boolean, error: unknown): void {
    if (transport !== this.#transport) {
      return;
    }

    this.#transport = undefined;
    this.#failPending(transport, error);
    if (this.#state !== "connected") {
      // Connecting or reconnecting: the attempt fails on its own and decides what comes next.
      return;
    }

    if (intentional || this.#closingOnPurpose || !this.#options.reconnect.enabled) {
      this.#setState("disconnected", intentional || this.#closingOnPurpose ? undefined : error);
      return;
    }

    this.#setState("reconnecting", error);
    void this.#reconnect([...this.#topics]);
  }

  async #reconnect(restore: readonly string[]): Promise<void> {
    const policy = this.#options.reconnect;
    const controller = new AbortController();
    this.#reconnecting = controller;
    let lastError: unknown;
    for (let attempt = 1; policy.maxAttempts === undefined || attempt <= policy.maxAttempts; attempt++) {
      try {
        await delay(backoffDelay(policy, attempt), controller.signal);
        await this.#open(restore);
      } catch (error) {
        lastError = error;
        if (controller.signal.aborted) {
          return;
        }

        await this.#closeTransport();
        if (isRefusal(error)) {
          break;
        }

        continue;
      }

      if (controller.signal.aborted) {
        await this.#closeTransport();
        return;
      }

      if (this.#state === "reconnecting" && this.#transport !== undefined) {
        this.#reconnecting = undefined;
        this.#setState("connected");
        return;
      }

      lastError = new SignalRPubError(0, "connection_lost", "The connection was lost again while it was being restored.");
    }

    if (this.#reconnecting === controller) {
      this.#reconnecting = undefined;
    }

    if (this.#state === "reconnecting") {
      this.#setState("disconnected", lastError);
    }
  }

  async #closeTransport(): Promise<void> {
    const transport = this.#transport;
    this.#transport = undefined;
    if (transport !== undefined) {
      this.#failPending(transport, undefined);
      try {
        await transport.stop();
      } catch {
        // Closing a connection that already failed; nothing left to do.
      }
    }
  }

  #failPending(transport: PubTransport, cause: unknown): void {
    this.#pending.failAll(transport, cause);
  }

  async #withTimeout<T>(promise: Promise<T>, message: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new SignalRPubError(0, "timeout", message)), this.#options.requestTimeoutMs);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #setState(state: SignalRPubState, error?: unknown): void {
    if (this.#state === state) {
      return;
    }

    this.#state = state;
    for (const handler of [...this.#stateHandlers]) {
      try {
        handler(state, error);
      } catch {
        // A handler's failure is its own; the others still hear of the change.
      }
    }
  }
}

/** An answer that asking again will not change: a 4xx other than 408 and 429. */
function isRefusal(error: unknown): boolean {
  return error instanceof SignalRPubError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

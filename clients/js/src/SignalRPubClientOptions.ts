import type { IHttpConnectionOptions, LogLevel } from "@microsoft/signalr";

/** The transport a client connects over. */
export type SignalRPubTransport = "websocket" | "signalr";

/** The SignalR hub protocol (the `signalr` transport only). */
export type SignalRPubProtocol = "json" | "messagepack";

/** The state of a client's connection. */
export type SignalRPubState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** The URIs of the action routes the client uses; the defaults are the routes the server ships with. */
export interface SignalRPubRoutes {
  /** Default `/60101/ormp/session/channelRegister`. */
  register: string;
  /** The `sub_add` route. Default `/60150/ormp/subscribe/accountSubscribe`. */
  subAdd: string;
  /** The `sub_put` route. Default `/60150/ormp/subscribe/syncSubscribe`. */
  subPut: string;
  /** The `sub_delete` route. Default `/60150/ormp/subscribe/cancelSubscribe`. */
  subDelete: string;
  /** Default `/60101/ormp/session/channelDisconnect`. */
  disconnect: string;
}

/**
 * How a lost connection is reconnected: attempt n (from 1) waits `min(maxDelayMs, initialDelayMs × 2^(n−1))`, shortened
 * by a random part of up to `jitter` of it.
 */
export interface SignalRPubReconnectOptions {
  /** Whether a lost connection is reconnected. Default true. */
  enabled?: boolean;
  /** The wait before the first attempt, in ms. Default 1000. */
  initialDelayMs?: number;
  /** The longest wait between attempts, in ms. Default 30000. */
  maxDelayMs?: number;
  /** Attempts made before giving up (the state becomes `disconnected`); undefined (the default) tries for ever. */
  maxAttempts?: number;
  /** The share of each wait that is random, from 0 (none) to 1 (anywhere from zero to the full wait). Default 0.5. */
  jitter?: number;
}

/** What a {@link SignalRPubClient} connects to and how. */
export interface SignalRPubClientOptions {
  /**
   * The endpoint itself: an entry route for `websocket` (`ws://127.0.0.1:9080/msg-pub`), the hub with its entry for
   * `signalr` (`http://127.0.0.1:9080/hub?entry=1`).
   */
  url: string;
  /** Default `websocket`. */
  transport?: SignalRPubTransport;
  /** The hub protocol of the `signalr` transport. Default `json`. */
  protocol?: SignalRPubProtocol;
  /** The action routes; the ones not given keep the seed's URIs. */
  routes?: Partial<SignalRPubRoutes>;
  /** Extra headers of the register request (passed on to the register route's upstream, e.g. a credential). */
  headers?: Record<string, unknown>;
  /** The body of the register request. Default `{}`. */
  registerBody?: unknown;
  /**
   * `websocket` only: asks the gateway for batch frames (several pushes in one WebSocket message, docs/protocol.md §4)
   * at every register, reconnects included (header `pushBatch: true`). Pushes reach the handlers one by one and in
   * order either way. Ignored by `signalr`, which batches by itself. Default false.
   */
  pushBatching?: boolean;
  /** How long a request (and opening the connection) may take before it fails with `timeout`, in ms. Default 10000. */
  requestTimeoutMs?: number;
  /** The reconnect policy. */
  reconnect?: SignalRPubReconnectOptions;
  /** Options of the `signalr` transport: the connection options of `@microsoft/signalr` and its log level (default none). */
  signalr?: { connection?: IHttpConnectionOptions; logLevel?: LogLevel };
}

/** The seed's action routes (docs/protocol.md §2, "Routes shipped with the server"). */
export const defaultRoutes: Readonly<SignalRPubRoutes> = Object.freeze({
  register: "/60101/ormp/session/channelRegister",
  subAdd: "/60150/ormp/subscribe/accountSubscribe",
  subPut: "/60150/ormp/subscribe/syncSubscribe",
  subDelete: "/60150/ormp/subscribe/cancelSubscribe",
  disconnect: "/60101/ormp/session/channelDisconnect",
});

/** Options with every default filled in. */
export interface ResolvedOptions {
  url: string;
  transport: SignalRPubTransport;
  protocol: SignalRPubProtocol;
  routes: SignalRPubRoutes;
  headers: Record<string, unknown>;
  registerBody: unknown;
  pushBatching: boolean;
  requestTimeoutMs: number;
  reconnect: Required<Omit<SignalRPubReconnectOptions, "maxAttempts">> & { maxAttempts: number | undefined };
  signalr: { connection?: IHttpConnectionOptions; logLevel?: LogLevel };
}

/** Checks `options` (every problem at once) and fills in the defaults. */
export function resolveOptions(options: SignalRPubClientOptions): ResolvedOptions {
  const problems: string[] = [];
  if (typeof options?.url !== "string" || options.url.length === 0) {
    problems.push("url is required");
  }

  const transport = options?.transport ?? "websocket";
  if (transport !== "websocket" && transport !== "signalr") {
    problems.push(`transport must be "websocket" or "signalr", not ${JSON.stringify(transport)}`);
  }

  const protocol = options?.protocol ?? "json";
  if (protocol !== "json" && protocol !== "messagepack") {
    problems.push(`protocol must be "json" or "messagepack", not ${JSON.stringify(protocol)}`);
  } else if (protocol === "messagepack" && transport !== "signalr") {
    problems.push(`protocol "messagepack" needs transport "signalr"`);
  }

  const routes = { ...defaultRoutes, ...(options?.routes ?? {}) };
  for (const [name, uri] of Object.entries(routes)) {
    if (typeof uri !== "string" || !uri.startsWith("/")) {
      problems.push(`routes.${name} must be a path starting with "/"`);
    }
  }

  const pushBatching = options?.pushBatching ?? false;
  if (typeof pushBatching !== "boolean") {
    problems.push(`pushBatching must be true or false, not ${JSON.stringify(pushBatching)}`);
  }

  const requestTimeoutMs = options?.requestTimeoutMs ?? 10_000;
  positive(requestTimeoutMs, "requestTimeoutMs", problems);

  const given = options?.reconnect ?? {};
  const reconnect = {
    enabled: given.enabled ?? true,
    initialDelayMs: given.initialDelayMs ?? 1000,
    maxDelayMs: given.maxDelayMs ?? 30_000,
    maxAttempts: given.maxAttempts,
    jitter: given.jitter ?? 0.5,
  };
  if (!(reconnect.initialDelayMs >= 0)) {
    problems.push("reconnect.initialDelayMs must be at least 0");
  }

  if (!(reconnect.maxDelayMs >= reconnect.initialDelayMs)) {
    problems.push("reconnect.maxDelayMs must be at least reconnect.initialDelayMs");
  }

  if (reconnect.maxAttempts !== undefined && !(Number.isInteger(reconnect.maxAttempts) && reconnect.maxAttempts >= 1)) {
    problems.push("reconnect.maxAttempts must be a whole number of at least 1");
  }

  if (!(reconnect.jitter >= 0 && reconnect.jitter <= 1)) {
    problems.push("reconnect.jitter must be from 0 to 1");
  }

  if (problems.length > 0) {
    throw new TypeError(`Invalid SignalRPubClient options: ${problems.join("; ")}.`);
  }

  return {
    url: options.url,
    transport,
    protocol,
    routes,
    headers: { ...(options.headers ?? {}) },
    registerBody: options.registerBody ?? {},
    pushBatching,
    requestTimeoutMs,
    reconnect,
    signalr: options.signalr ?? {},
  };
}

function positive(value: number, name: string, problems: string[]): void {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) {
    problems.push(`${name} must be a positive number`);
  }
}

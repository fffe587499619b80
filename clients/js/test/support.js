// What every test file shares: the server the xunit host started (from the environment), the test routes, and waits
// that end with a timeout instead of sleeping.
import assert from "node:assert/strict";

/** The longest any one expected event may take. */
export const eventTimeoutMs = 10_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set. These tests run against a gateway the xunit test in ` +
        "tests/SignalRPub.FunctionalTests/Clients/Js starts; see clients/js/README.md (Tests).",
    );
  }

  return value.replace(/\/+$/, "");
}

// Which WebSocket the client's websocket transport finds: "ws" hides the platform's (as on Node 20), "platform" needs it.
switch (process.env.SIGNALRPUB_TEST_WEBSOCKET ?? "ws") {
  case "ws":
    delete globalThis.WebSocket;
    break;
  case "platform":
    if (typeof globalThis.WebSocket !== "function") {
      throw new Error("SIGNALRPUB_TEST_WEBSOCKET=platform, but this Node has no global WebSocket (Node 20/21: --experimental-websocket).");
    }

    break;
  default:
    throw new Error(`SIGNALRPUB_TEST_WEBSOCKET must be "ws" or "platform", not ${process.env.SIGNALRPUB_TEST_WEBSOCKET}.`);
}

/** The gateway listener, e.g. http://127.0.0.1:40123. */
export const gatewayUrl = required("SIGNALRPUB_URL");
export const publishKey = required("SIGNALRPUB_PUBLISH_KEY");
/** The test host's control listener: POST /stop, /start, /restart of the gateway (same port). */
export const controlUrl = required("SIGNALRPUB_CONTROL_URL");

/** The routes JsTestRoutes.cs adds to the seed's (the URIs must match). */
export const testRoutes = Object.freeze({
  guardedEntry: "/js-guarded",
  guardedEntryId: "2",
  guardedRegister: "/js/guarded/register",
  custom: "/js/custom",
  refused: "/js/refused",
  slow: "/js/slow",
  disconnect: "/60101/ormp/session/channelDisconnect",
});

/** The three ways to connect, by name. */
export const kinds = Object.freeze({
  websocket: { transport: "websocket", entryUrl: (path, _id) => `${gatewayUrl.replace(/^http/, "ws")}${path}` },
  "signalr-json": { transport: "signalr", protocol: "json", entryUrl: (_path, id) => `${gatewayUrl}/hub?entry=${id}` },
  "signalr-messagepack": { transport: "signalr", protocol: "messagepack", entryUrl: (_path, id) => `${gatewayUrl}/hub?entry=${id}` },
});

/** Client options of `kind` for the seed's entry (or `entry`), reconnecting quickly, with `extra` on top. */
export function clientOptions(kind, extra = {}, entry = { path: "/msg-pub", id: "1" }) {
  const { transport, protocol, entryUrl } = kinds[kind];
  return {
    url: entryUrl(entry.path, entry.id),
    transport,
    ...(protocol ? { protocol } : {}),
    requestTimeoutMs: eventTimeoutMs,
    reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
    ...extra,
  };
}

let topicCounter = 0;

/** A topic no other test uses. */
export function uniqueTopic(prefix = "js") {
  return `${prefix}_${process.pid}_${++topicCounter}`;
}

/** Publishes `data` on `topic` through POST /api/v1/publish and checks the 202. */
export async function publish(topic, data) {
  const answer = await fetch(`${gatewayUrl}/api/v1/publish`, {
    method: "POST",
    headers: { "X-API-KEY": publishKey, "Content-Type": "application/json" },
    body: JSON.stringify({ topic, data }),
    signal: AbortSignal.timeout(eventTimeoutMs),
  });
  assert.equal(answer.status, 202, `publish to ${topic}: ${answer.status} ${await answer.text()}`);
}

/** POSTs an action over HTTP as a backend (X-API-KEY + connId), docs/protocol.md §6. */
export async function backendAction(uri, connectionId, body = {}) {
  const answer = await fetch(`${gatewayUrl}${uri}`, {
    method: "POST",
    headers: { "X-API-KEY": publishKey, connId: connectionId, "Content-Type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(eventTimeoutMs),
  });
  return { status: answer.status, body: await answer.json() };
}

/** Asks the test host to `stop`, `start` or `restart` the gateway, or to `deny-registers` / `allow-registers`; resolves once done. */
export async function control(action) {
  const answer = await fetch(`${controlUrl}/${action}`, { method: "POST", signal: AbortSignal.timeout(3 * eventTimeoutMs) });
  assert.equal(answer.status, 204, `control ${action}: ${answer.status}`);
}

/** `promise`, or a rejection naming `what` when it takes longer than `ms`. */
export async function within(promise, what, ms = eventTimeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Things that arrive (pushes, states) in order; `next()` waits for the next one with a timeout. */
export class Inbox {
  #items = [];
  #waiters = [];
  /** Everything received so far, in order. */
  all = [];

  add = (item) => {
    this.all.push(item);
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter(item);
    } else {
      this.#items.push(item);
    }
  };

  next(what = "the next item", ms = eventTimeoutMs) {
    if (this.#items.length > 0) {
      return Promise.resolve(this.#items.shift());
    }

    return within(new Promise((resolve) => this.#waiters.push(resolve)), what, ms);
  }

  /** Waits until an item that `match` accepts arrives (skipping others); returns it. */
  async until(match, what, ms = eventTimeoutMs) {
    const deadline = Date.now() + ms;
    for (;;) {
      const item = await this.next(what, Math.max(1, deadline - Date.now()));
      if (match(item)) {
        return item;
      }
    }
  }
}

/** Records a client's state changes. */
export function recordStates(client) {
  const states = new Inbox();
  client.onState((state, error) => states.add({ state, error }));
  return states;
}

/** Records every push a client receives as {topic, data}. */
export function recordPushes(client) {
  const pushes = new Inbox();
  client.onPush((data, topic) => pushes.add({ topic, data }));
  return pushes;
}

/** Asserts that `promise` rejects with a SignalRPubError matching `expected`; returns the error. */
export async function rejectsWith(promise, expected, what) {
  let error;
  try {
    await within(promise, what);
  } catch (e) {
    error = e;
  }

  assert.ok(error, `${what}: resolved, expected a rejection`);
  assert.equal(error.name, "SignalRPubError", `${what}: ${error.stack}`);
  for (const [name, value] of Object.entries(expected)) {
    assert.deepEqual(error[name], value, `${what}: ${name} of ${error.message}`);
  }

  return error;
}

/** Repeats `attempt` (every 50 ms) until `done` accepts its result, for states the gateway reaches on its own; returns that result. */
export async function eventually(attempt, done, what, ms = eventTimeoutMs) {
  const deadline = Date.now() + ms;
  for (;;) {
    const result = await attempt();
    if (done(result)) {
      return result;
    }

    if (Date.now() > deadline) {
      assert.fail(`${what}: not within ${ms} ms; last ${JSON.stringify(result)}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with the next state `client` reports that `match` accepts; the listener goes away either way. */
export async function nextState(client, match, what, ms = eventTimeoutMs) {
  let off;
  try {
    return await within(
      new Promise((resolve) => {
        off = client.onState((state, error) => {
          if (match(state)) {
            resolve({ state, error });
          }
        });
      }),
      what,
      ms,
    );
  } finally {
    off?.();
  }
}

/**
 * Waits until `client` is connected to the gateway running now, proven by a `$conn:` push published through it.
 * A gateway that is stopping still accepts connections for a moment (ASP.NET Core signals the stop before it closes
 * its listener); a client that reconnected to it in that moment is dropped again and reconnects once more.
 */
export async function connectedToLiveGateway(client, ms = 3 * eventTimeoutMs) {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = () => Math.max(1, deadline - Date.now());
    if (client.state !== "connected") {
      await nextState(client, (state) => state === "connected" || state === "disconnected", "connected again", left());
      assert.equal(client.state, "connected", "the client gave up reconnecting");
    }

    const topic = `$conn:${client.connectionId}`;
    let offPush;
    const probed = new Promise((resolve) => {
      offPush = client.on(topic, () => resolve("live"));
    });
    try {
      const dropped = nextState(client, (state) => state !== "connected", "a drop", left()).then(() => "dropped", () => "timeout");
      await publish(topic, "probe");
      const outcome = await Promise.race([probed, dropped]);
      if (outcome === "live") {
        return;
      }

      assert.notEqual(outcome, "timeout", `no probe push and no drop within ${ms} ms`);
    } finally {
      offPush();
    }
  }
}

// Parts that need no gateway: option checks, the backoff, and reading error bodies.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backoffDelay } from "../dist/backoff.js";
import { defaultRoutes, SignalRPubClient, SignalRPubError } from "../dist/index.js";

describe("options", () => {
  test("every problem is reported at once", () => {
    assert.throws(
      () =>
        new SignalRPubClient({
          url: "",
          transport: "tcp",
          routes: { register: "no-slash" },
          requestTimeoutMs: 0,
          reconnect: { initialDelayMs: 10, maxDelayMs: 5, jitter: 2, maxAttempts: 0 },
        }),
      (error) => {
        assert.ok(error instanceof TypeError);
        for (const part of ["url", "transport", "routes.register", "requestTimeoutMs", "maxDelayMs", "jitter", "maxAttempts"]) {
          assert.ok(error.message.includes(part), `${part} in ${error.message}`);
        }

        return true;
      },
    );
  });

  test("pushBatching must be a boolean", () => {
    assert.throws(() => new SignalRPubClient({ url: "ws://127.0.0.1:1/msg-pub", pushBatching: "yes" }), /pushBatching/);
  });

  test("messagepack needs the signalr transport", () => {
    assert.throws(() => new SignalRPubClient({ url: "ws://127.0.0.1:1/msg-pub", protocol: "messagepack" }), /messagepack/);
  });

  test("a new client is disconnected, with no ids and no topics", () => {
    const client = new SignalRPubClient({ url: "ws://127.0.0.1:1/msg-pub" });

    assert.equal(client.state, "disconnected");
    assert.equal(client.connectionId, undefined);
    assert.equal(client.connectionToken, undefined);
    assert.deepEqual(client.topics, []);
  });

  test("the default routes are the seed's", () => {
    assert.deepEqual(defaultRoutes, {
      register: "/60101/ormp/session/channelRegister",
      subAdd: "/60150/ormp/subscribe/accountSubscribe",
      subPut: "/60150/ormp/subscribe/syncSubscribe",
      subDelete: "/60150/ormp/subscribe/cancelSubscribe",
      disconnect: "/60101/ormp/session/channelDisconnect",
    });
  });
});

describe("backoff", () => {
  const policy = { enabled: true, initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: undefined, jitter: 0.5 };

  test("doubles from initialDelayMs up to maxDelayMs without jitter", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(policy, attempt, () => 0));

    assert.deepEqual(delays, [100, 200, 400, 800, 1000, 1000]);
  });

  test("jitter takes at most its share off", () => {
    assert.equal(backoffDelay(policy, 3, () => 1), 200);
    assert.equal(backoffDelay({ ...policy, jitter: 1 }, 3, () => 1), 0);
    assert.equal(backoffDelay({ ...policy, jitter: 0 }, 3, () => 1), 400);
  });
});

describe("SignalRPubError.fromAnswer", () => {
  test("reads the gateway's error body and the upstream's answer", () => {
    const body = { error: { code: "upstream_rejected", message: "the upstream answered 403" }, upstream: { reason: "no" } };

    const error = SignalRPubError.fromAnswer(403, body);

    assert.equal(error.name, "SignalRPubError");
    assert.equal(error.status, 403);
    assert.equal(error.code, "upstream_rejected");
    assert.equal(error.message, "403 upstream_rejected: the upstream answered 403");
    assert.deepEqual(error.upstream, { reason: "no" });
    assert.equal(error.body, body);
  });

  test("reads the flat form and tolerates bodies without an error", () => {
    assert.equal(SignalRPubError.fromAnswer(401, { error: "unauthorized", message: "no key" }).code, "unauthorized");
    const bare = SignalRPubError.fromAnswer(500, "oops");
    assert.equal(bare.code, undefined);
    assert.equal(bare.upstream, undefined);
    assert.equal(bare.message, "500: the request failed");
  });
});

// Reconnecting after the gateway goes away (the test host stops and starts it on the same port), for each transport.
// The tests run one after another: each stops the one gateway of this file.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SignalRPubClient } from "../dist/index.js";
import {
  clientOptions,
  connectedToLiveGateway,
  control,
  Inbox,
  nextState,
  publish,
  recordStates,
  rejectsWith,
  testRoutes,
  uniqueTopic,
  within,
} from "./support.js";

for (const kind of ["websocket", "signalr-json", "signalr-messagepack"]) {
  describe(`reconnect over ${kind}`, { concurrency: 1 }, () => {
    const open = new Set();

    async function connected(extra = {}) {
      const client = new SignalRPubClient(clientOptions(kind, extra));
      open.add(client);
      await within(client.connect(), "connect()");
      return client;
    }

    after(async () => {
      await Promise.all([...open].map((client) => client.close()));
    });

    test("after a restart the client registers again, restores its topics, and each handler gets each push once", async () => {
      const client = await connected();
      const [a, b] = [uniqueTopic("ra"), uniqueTopic("rb")].sort();
      const onA = new Inbox();
      const onB = new Inbox();
      const all = new Inbox();
      client.on(a, onA.add);
      client.on(b, onB.add);
      client.onPush((data, topic) => topic.startsWith("$conn:") || all.add({ topic, data }));
      await client.subscribe([a, b]);
      const before = client.connectionId;
      const states = recordStates(client);

      await control("restart");
      await connectedToLiveGateway(client);

      // Usually one round; more when the client came back to the stopping gateway for a moment.
      assert.match(states.all.map((s) => s.state).join(","), /^(reconnecting,connected,)*reconnecting,connected$/);
      assert.notEqual(client.connectionId, before);
      assert.ok(client.connectionToken.startsWith(`${client.connectionId}.`));
      assert.deepEqual(client.topics, [a, b]);
      await publish(a, "first");
      await publish(b, "second");
      await publish(a, "fence");
      await onA.until((data) => data === "fence", `the fence on ${a}`);
      // Pushes to one connection arrive in order: by the fence, every earlier push has been handled.
      assert.deepEqual(onA.all, ["first", "fence"]);
      assert.deepEqual(onB.all, ["second"]);
      assert.deepEqual(all.all.map((p) => p.data), ["first", "second", "fence"]);
    });

    test("a request in flight when the gateway stops rejects at once; requests while reconnecting reject with not_connected", async () => {
      const client = await connected({ requestTimeoutMs: 60_000 });
      const topic = uniqueTopic("rs");
      await client.subscribe([topic]);
      const states = recordStates(client);
      const slow = client.request(testRoutes.slow, { topics: [uniqueTopic()] });
      slow.catch(() => {});

      await control("stop");

      // Well before requestTimeoutMs: the connection's loss (or the gateway closing it) ends the request.
      const error = await rejectsWith(slow, {}, "the request in flight");
      assert.ok(
        error.code === "connection_lost" || (error.status === 503 && error.code === "unavailable"),
        `${error.code}: ${error.message}`,
      );
      await states.until((s) => s.state === "reconnecting", "reconnecting");
      if (client.state !== "reconnecting") {
        // Back on the stopping gateway for a moment: dropped again at once.
        await nextState(client, (state) => state === "reconnecting", "reconnecting again");
      }

      await rejectsWith(client.subscribe([uniqueTopic()]), { status: 0, code: "not_connected" }, "subscribe() while reconnecting");

      await control("start");

      await connectedToLiveGateway(client);
      assert.deepEqual(client.topics, [topic]);
      const received = new Inbox();
      client.on(topic, received.add);
      await publish(topic, "back");
      assert.equal(await received.next(`the push on ${topic}`), "back");
    });

    test("when reconnect.maxAttempts are spent the client gives up: disconnected, with the last error", async () => {
      const client = await connected({ reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 } });
      const states = recordStates(client);

      await control("stop");
      try {
        const last = await states.until((s) => s.state === "disconnected", "disconnected");

        // (A moment's connection to the stopping gateway would start a new round of attempts.)
        assert.match(states.all.map((s) => s.state).join(","), /^(reconnecting,connected,)*reconnecting,disconnected$/);
        assert.ok(last.error instanceof Error, String(last.error));
        assert.equal(client.state, "disconnected");
      } finally {
        await control("start");
      }
    });

    test("a register refused while reconnecting ends the reconnecting: disconnected, with the refusal", async () => {
      const entry = { path: testRoutes.guardedEntry, id: testRoutes.guardedEntryId };
      const client = new SignalRPubClient(
        clientOptions(kind, { routes: { register: testRoutes.guardedRegister }, headers: { "x-user": uniqueTopic("user") } }, entry),
      );
      open.add(client);
      await within(client.connect(), "connect()");
      const states = recordStates(client);

      await control("deny-registers");
      try {
        await control("restart");
        const last = await states.until((s) => s.state === "disconnected", "disconnected");

        assert.deepEqual(
          states.all.map((s) => s.state),
          ["reconnecting", "disconnected"],
        );
        assert.equal(last.error?.name, "SignalRPubError", String(last.error));
        assert.equal(last.error.status, 403);
        assert.equal(last.error.code, "upstream_rejected");
      } finally {
        await control("allow-registers");
      }
    });

    test("close() while reconnecting stops reconnecting", async () => {
      const client = await connected({ reconnect: { initialDelayMs: 10, maxDelayMs: 50 } });
      const states = recordStates(client);

      await control("stop");
      try {
        await states.until((s) => s.state === "reconnecting", "reconnecting");
        await within(client.close(), "close()");

        assert.equal(client.state, "disconnected");
        assert.equal(states.all.at(-1).state, "disconnected");
      } finally {
        await control("start");
      }

      // Had a reconnect loop survived close(), it would now connect: the gateway is back.
      const other = await connected();
      assert.equal(other.state, "connected");
      assert.equal(client.state, "disconnected");
    });
  });
}

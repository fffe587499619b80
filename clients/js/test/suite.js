// The behaviour every transport must show, defined once and run per transport by websocket.test.js,
// signalr-json.test.js and signalr-messagepack.test.js.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { SignalRPubClient, SignalRPubError } from "../dist/index.js";
import {
  backendAction,
  clientOptions,
  eventually,
  Inbox,
  publish,
  recordPushes,
  recordStates,
  rejectsWith,
  testRoutes,
  uniqueTopic,
  within,
} from "./support.js";

export function defineClientSuite(kind) {
  describe(`SignalRPubClient over ${kind}`, () => {
    const open = new Set();

    async function connected(extra = {}, entry = undefined) {
      const client = new SignalRPubClient(clientOptions(kind, extra, entry));
      open.add(client);
      await within(client.connect(), "connect()");
      return client;
    }

    after(async () => {
      await Promise.all([...open].map((client) => client.close()));
    });

    test("connect() registers: the ids are set and the state is connected", async () => {
      const client = new SignalRPubClient(clientOptions(kind));
      open.add(client);
      const states = recordStates(client);
      assert.equal(client.state, "disconnected");

      await within(client.connect(), "connect()");

      assert.equal(client.state, "connected");
      assert.match(client.connectionId, /^\S+$/);
      assert.ok(client.connectionToken.startsWith(`${client.connectionId}.`), client.connectionToken);
      assert.deepEqual(client.topics, []);
      assert.deepEqual(states.all.map((s) => s.state), ["connecting", "connected"]);

      // Registered means reachable by its id.
      const pushes = recordPushes(client);
      await publish(`$conn:${client.connectionId}`, { hello: kind });
      assert.deepEqual(await pushes.next("the $conn push"), { topic: `$conn:${client.connectionId}`, data: { hello: kind } });
    });

    test("subscribe() resolves to the confirmed set, and a published message reaches on()", async () => {
      const client = await connected();
      const [a, b] = [uniqueTopic("b"), uniqueTopic("a")].sort().reverse();
      const received = new Inbox();
      client.on(a, (data, topic) => received.add({ data, topic }));

      const topics = await client.subscribe([a, b]);

      assert.deepEqual(topics, [a, b].sort());
      assert.deepEqual(client.topics, [a, b].sort());
      await publish(a, { last: 12.34, nested: [1, "two", null, true] });
      assert.deepEqual(await received.next(`the push on ${a}`), { topic: a, data: { last: 12.34, nested: [1, "two", null, true] } });
    });

    test("replace() swaps the set: topics left out stop arriving", async () => {
      const client = await connected();
      const [a, b, c] = [uniqueTopic("r"), uniqueTopic("r"), uniqueTopic("r")];
      const pushes = recordPushes(client);
      await client.subscribe([a, b]);

      const topics = await client.replace([b, c]);

      assert.deepEqual(topics, [b, c].sort());
      assert.deepEqual(client.topics, [b, c].sort());
      await publish(a, "dropped");
      await publish(c, "fence");
      await pushes.until((p) => p.topic === c, `the push on ${c}`);
      assert.deepEqual(pushes.all, [{ topic: c, data: "fence" }]);
    });

    test("unsubscribe() removes the topics and ignores ones not subscribed", async () => {
      const client = await connected();
      const [a, b] = [uniqueTopic("u"), uniqueTopic("u")];
      const pushes = recordPushes(client);
      await client.subscribe([a, b]);

      const topics = await client.unsubscribe([a, uniqueTopic("never")]);

      assert.deepEqual(topics, [b]);
      assert.deepEqual(client.topics, [b]);
      await publish(a, "dropped");
      await publish(b, "fence");
      await pushes.until((p) => p.topic === b, `the push on ${b}`);
      assert.deepEqual(pushes.all, [{ topic: b, data: "fence" }]);
    });

    test("on() returns a function that removes just that handler", async () => {
      const client = await connected();
      const topic = uniqueTopic("h");
      const kept = new Inbox();
      const removed = new Inbox();
      client.on(topic, kept.add);
      const off = client.on(topic, removed.add);
      await client.subscribe([topic]);

      off();
      await publish(topic, 1);

      assert.equal(await kept.next("the push to the kept handler"), 1);
      assert.deepEqual(removed.all, []);
    });

    test("request() on a custom route reaches its upstream with the body and headers, and resolves to the answer", async () => {
      const client = await connected();
      const topic = uniqueTopic("c");

      const answer = await client.request(testRoutes.custom, { topics: [topic] }, { "x-trace": "trace-1" });

      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body.topics, [topic]);
      assert.deepEqual(answer.body.upstream, { echo: { topics: [topic] }, trace: "trace-1" });
    });

    test("an upstream's refusal rejects with a SignalRPubError carrying its status and body; the client stays connected", async () => {
      const client = await connected();

      const error = await rejectsWith(
        client.request(testRoutes.refused, { topics: [uniqueTopic()] }),
        { status: 403, code: "upstream_rejected", upstream: { reason: "no entitlement" } },
        "request() on the refusing route",
      );

      assert.ok(error instanceof SignalRPubError);
      assert.match(error.message, /^403 upstream_rejected: /);
      assert.equal(error.body.upstream.reason, "no entitlement");
      assert.equal(client.state, "connected");
      const topic = uniqueTopic();
      assert.deepEqual(await client.subscribe([topic]), [topic]);
    });

    test("a uri with no route rejects with 404 not_found", async () => {
      const client = await connected();

      await rejectsWith(client.request("/no/such/route", {}), { status: 404, code: "not_found" }, "request() on /no/such/route");
    });

    test("an invalid topic rejects with 400 invalid_topic and leaves the set as it was", async () => {
      const client = await connected();
      const topic = uniqueTopic();
      await client.subscribe([topic]);

      await rejectsWith(client.subscribe(["$all"]), { status: 400, code: "invalid_topic" }, "subscribe(['$all'])");
      await rejectsWith(client.subscribe(["a b"]), { status: 400, code: "invalid_topic" }, "subscribe(['a b'])");

      assert.deepEqual(client.topics, [topic]);
    });

    test("a register the upstream refuses rejects connect() with its answer and leaves the client disconnected", async () => {
      const entry = { path: testRoutes.guardedEntry, id: testRoutes.guardedEntryId };
      const client = new SignalRPubClient(
        clientOptions(kind, { routes: { register: testRoutes.guardedRegister }, headers: { "x-deny": "yes" } }, entry),
      );
      open.add(client);
      const states = recordStates(client);

      await rejectsWith(
        client.connect(),
        { status: 403, code: "upstream_rejected", upstream: { reason: "denied by the test upstream" } },
        "connect() with a refused register",
      );

      assert.equal(client.state, "disconnected");
      assert.deepEqual(states.all.map((s) => s.state), ["connecting", "disconnected"]);
      assert.equal(client.connectionId, undefined);
    });

    test("the register headers reach the upstream: the user it names gets $user pushes", async () => {
      const user = uniqueTopic("user");
      const entry = { path: testRoutes.guardedEntry, id: testRoutes.guardedEntryId };
      const client = await connected({ routes: { register: testRoutes.guardedRegister }, headers: { "x-user": user } }, entry);
      const received = new Inbox();
      client.on(`$user:${user}`, received.add);

      await publish(`$user:${user}`, { notice: "hello" });

      assert.deepEqual(await received.next("the $user push"), { notice: "hello" });
    });

    test("200 requests in flight are each answered with their own answer (msgId correlation)", async () => {
      const client = await connected();
      const count = 200;

      const answers = await within(
        Promise.all(
          Array.from({ length: count }, (_, i) =>
            i % 2 === 0
              ? client.request(testRoutes.custom, { topics: [`m_${i}`] }, { "x-trace": `t${i}` })
              : client.request("/no/such/route", { n: i }).then(
                  () => assert.fail("a request without a route succeeded"),
                  (error) => ({ status: error.status, code: error.code, index: i }),
                ),
          ),
        ),
        `${count} requests`,
      );

      answers.forEach((answer, i) => {
        if (i % 2 === 0) {
          assert.deepEqual(answer.body.upstream, { echo: { topics: [`m_${i}`] }, trace: `t${i}` }, `answer ${i}`);
        } else {
          assert.deepEqual(answer, { status: 404, code: "not_found", index: i }, `answer ${i}`);
        }
      });
    });

    test("a request not answered within requestTimeoutMs rejects with timeout", async () => {
      const client = await connected({ requestTimeoutMs: 300 });

      await rejectsWith(client.request(testRoutes.slow, { topics: [uniqueTopic()] }), { status: 0, code: "timeout" }, "request() on the slow route");
    });

    test("disconnect() performs the action and the client is not reconnected", async () => {
      const client = await connected({ reconnect: { initialDelayMs: 0, maxDelayMs: 0 } });
      const states = recordStates(client);
      const id = client.connectionId;

      await within(client.disconnect(), "disconnect()");

      assert.equal(client.state, "disconnected");
      assert.deepEqual(states.all.map((s) => s.state), ["disconnected"]);
      await rejectsWith(client.subscribe([uniqueTopic()]), { status: 0, code: "not_connected" }, "subscribe() after disconnect()");
      // The gateway lets the connection go (503 "closing" while it does, then 404).
      await eventually(() => backendAction(testRoutes.disconnect, id), (answer) => answer.status === 404, "the connection gone");
    });

    test("a backend's disconnect over HTTP ends the connection for good: disconnected, never reconnecting", async () => {
      const client = await connected({ reconnect: { initialDelayMs: 0, maxDelayMs: 0 } });
      const states = recordStates(client);

      const answer = await backendAction(testRoutes.disconnect, client.connectionId);

      assert.equal(answer.status, 200, JSON.stringify(answer));
      const first = await states.next("the state after the gateway closed the connection");
      assert.equal(first.state, "disconnected", `first state ${first.state} (${first.error})`);
      assert.equal(first.error, undefined);
    });

    test("a request made while disconnected rejects with not_connected", async () => {
      const client = new SignalRPubClient(clientOptions(kind));

      await rejectsWith(client.request(testRoutes.custom, { topics: ["x"] }), { status: 0, code: "not_connected" }, "request() before connect()");
    });
  });
}

// pushBatching: the register header that asks for batch frames, and batch frames read push by push, in order
// (docs/protocol.md §3, §4). A scripted WebSocket server of the test's own shows what the client sends and sends it
// batch frames for certain; the gateway shows the same end to end.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { WebSocketServer } from "ws";
import { SignalRPubClient } from "../dist/index.js";
import { clientOptions, eventTimeoutMs, gatewayUrl, Inbox, publishKey, recordPushes, uniqueTopic, within } from "./support.js";

/**
 * A WebSocket server on a free loopback port that answers every register frame with 200 (and records it), then sends
 * `frames` (each one text message). `dropFirst` closes the first connection with 1011 after that, so the client reconnects.
 */
async function scriptedEntry(frames, { dropFirst = false } = {}) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise((resolve) => server.once("listening", resolve));
  const registers = new Inbox();
  let connections = 0;
  server.on("connection", (socket) => {
    const number = ++connections;
    socket.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      registers.add(frame);
      const msgId = frame.header.msgId;
      socket.send(JSON.stringify({ type: "response", msgId, status: 200, body: { connectionId: `c${number}`, connectionToken: `c${number}.t`, upstream: null } }));
      for (const out of frames) {
        socket.send(out);
      }

      if (dropFirst && number === 1) {
        socket.close(1011, "scripted drop");
      }
    });
  });
  return {
    url: `ws://127.0.0.1:${server.address().port}/msg-pub`,
    registers,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const scriptedFrames = [
  JSON.stringify({ type: "batch", frames: [{ type: "push", topic: "t", data: 1 }, { type: "push", topic: "t", data: { two: 2 } }, { type: "push", topic: "u", data: 3 }] }),
  JSON.stringify({ type: "push", topic: "t", data: 4 }),
  JSON.stringify({ type: "batch", frames: [{ type: "push", topic: "t", data: 5 }, { type: "push", topic: "t", data: 6 }] }),
];

const scriptedPushes = [
  { topic: "t", data: 1 },
  { topic: "t", data: { two: 2 } },
  { topic: "u", data: 3 },
  { topic: "t", data: 4 },
  { topic: "t", data: 5 },
  { topic: "t", data: 6 },
];

async function nextPushes(pushes, count, what) {
  const received = [];
  for (let i = 0; i < count; i++) {
    received.push(await pushes.next(`${what} ${i + 1} of ${count}`));
  }

  return received;
}

describe("pushBatching", () => {
  const open = new Set();

  after(async () => {
    await Promise.all([...open].map((closable) => closable.close()));
  });

  test("on: the register frame asks with pushBatch: true, and batch frames reach onPush one by one in order", async () => {
    const server = await scriptedEntry(scriptedFrames);
    open.add(server);
    const client = new SignalRPubClient({ ...clientOptions("websocket"), url: server.url, pushBatching: true, headers: { PushBatch: "no", ts: 1 } });
    open.add(client);
    const pushes = recordPushes(client);

    await within(client.connect(), "connect()");

    const register = await server.registers.next("the register frame");
    assert.equal(register.header.pushBatch, true);
    assert.equal(register.header.ts, 1);
    assert.equal(register.header.PushBatch, undefined, "the caller's own pushBatch header is replaced");
    assert.deepEqual(await nextPushes(pushes, scriptedPushes.length, "push"), scriptedPushes);
  });

  test("off (the default): the register frame does not ask, and a batch frame sent anyway is read all the same", async () => {
    const server = await scriptedEntry(scriptedFrames);
    open.add(server);
    const client = new SignalRPubClient({ ...clientOptions("websocket"), url: server.url });
    open.add(client);
    const pushes = recordPushes(client);

    await within(client.connect(), "connect()");

    const register = await server.registers.next("the register frame");
    assert.equal("pushBatch" in register.header, false);
    assert.deepEqual(await nextPushes(pushes, scriptedPushes.length, "push"), scriptedPushes);
  });

  test("on: a reconnect registers with pushBatch: true again", async () => {
    const server = await scriptedEntry([], { dropFirst: true });
    open.add(server);
    const client = new SignalRPubClient({ ...clientOptions("websocket"), url: server.url, pushBatching: true });
    open.add(client);

    await within(client.connect(), "connect()");

    assert.equal((await server.registers.next("the first register frame")).header.pushBatch, true);
    assert.equal((await server.registers.next("the register frame after the reconnect")).header.pushBatch, true);
  });

  test("signalr transport with pushBatching: true: connects, and pushes arrive as ever", async () => {
    const client = new SignalRPubClient(clientOptions("signalr-json", { pushBatching: true }));
    open.add(client);
    await within(client.connect(), "connect()");
    const topic = uniqueTopic("batch_hub");
    const pushes = recordPushes(client);
    await client.subscribe([topic]);

    await publishBurst(topic, 50);

    assert.deepEqual((await nextPushes(pushes, 50, "push")).map((p) => p.data.n), [...Array(50).keys()]);
  });

  test("against the gateway: a burst reaches onPush once each, in order", async () => {
    const client = new SignalRPubClient(clientOptions("websocket", { pushBatching: true }));
    open.add(client);
    await within(client.connect(), "connect()");
    const topic = uniqueTopic("batch");
    const pushes = recordPushes(client);
    await client.subscribe([topic]);

    await publishBurst(topic, 2000);

    const received = await nextPushes(pushes, 2000, "push");
    assert.deepEqual(received.map((p) => p.topic), Array(2000).fill(topic));
    assert.deepEqual(received.map((p) => p.data.n), [...Array(2000).keys()]);
  });
});

/** Publishes {n: 0 … count − 1} on `topic` in one request of the publish API's messages form. */
async function publishBurst(topic, count) {
  const messages = Array.from({ length: count }, (_, n) => ({ topic, data: { n } }));
  const answer = await fetch(`${gatewayUrl}/api/v1/publish`, {
    method: "POST",
    headers: { "X-API-KEY": publishKey, "Content-Type": "application/json" },
    body: JSON.stringify({ messages }),
    signal: AbortSignal.timeout(eventTimeoutMs),
  });
  assert.equal(answer.status, 202, `publish: ${answer.status} ${await answer.text()}`);
}

// The official @microsoft/signalr client, used directly exactly as docs/protocol.md §7 shows (JSON, and the same with
// the MessagePack protocol): register, subscribe, receive a push.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HubConnectionBuilder, LogLevel } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { gatewayUrl, Inbox, publish, uniqueTopic, within } from "./support.js";

const protocols = {
  json: (builder) => builder,
  messagepack: (builder) => builder.withHubProtocol(new MessagePackHubProtocol()),
};

describe("@microsoft/signalr as docs/protocol.md §7 says", () => {
  for (const [name, withProtocol] of Object.entries(protocols)) {
    test(`${name}: Request registers and subscribes, push delivers`, async () => {
      const connection = withProtocol(new HubConnectionBuilder().withUrl(`${gatewayUrl}/hub?entry=1`))
        .configureLogging(LogLevel.Warning)
        .build();
      const pushes = new Inbox();
      connection.on("push", ({ topic, data }) => pushes.add({ topic, data }));
      await within(connection.start(), "start()");
      try {
        const reg = await within(
          connection.invoke("Request", { uri: "/60101/ormp/session/channelRegister", header: { msgId: "1" }, body: {} }),
          "register",
        );
        assert.equal(reg.type, "response");
        assert.equal(reg.msgId, "1");
        assert.equal(reg.status, 200);
        assert.equal(typeof reg.body.connectionId, "string");
        assert.ok(reg.body.connectionToken.startsWith(`${reg.body.connectionId}.`));

        const topic = uniqueTopic("hq_100001");
        const sub = await within(
          connection.invoke("Request", { uri: "/60150/ormp/subscribe/accountSubscribe", header: { msgId: "2" }, body: { topics: [topic] } }),
          "subscribe",
        );
        assert.deepEqual(sub, { type: "response", msgId: "2", status: 200, body: { topics: [topic], upstream: null } });

        await publish(topic, { last: 12.34 });
        assert.deepEqual(await pushes.next("the push"), { topic, data: { last: 12.34 } });
      } finally {
        await connection.stop();
      }
    });
  }
});

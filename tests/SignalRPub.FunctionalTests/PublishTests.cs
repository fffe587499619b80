using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §6: <c>POST /api/v1/publish</c>, its three body shapes, its key and its errors.</summary>
public sealed class PublishTests
{
    public static TheoryData<string> WrongShapes => new()
    {
        "{}",
        "[]",
        "42",
        "null",
        "\"topic\"",
        """{"topic":"a"}""",
        """{"topics":["a"]}""",
        """{"data":1}""",
        """{"messages":[{"topic":"a"}]}""",
        """{"messages":[{"data":1}]}""",
        """{"messages":"a"}""",
        """{"messages":[1]}""",
        """{"topics":"a","data":1}""",
        """{"topic":["a"],"data":1}""",
    };

    public static TheoryData<string> InvalidTopics => new()
    {
        "",
        " ",
        "a b",
        "a\tb",
        "a\u0001b",
        new string('x', 257),
        "$foo",
        "$",
        "$alls",
        "$conn:",
        "$user:",
    };

    public static TheoryData<string> DataValues => new()
    {
        "1",
        "-2.5e3",
        "\"text\"",
        "true",
        "null",
        "[1,\"a\",{\"b\":null}]",
        """{"last":12.34,"nested":{"list":[1,2,3],"s":"é\u0001\"x\""}}""",
    };

    [Fact]
    public async Task Publish_Topic_Returns202AndReachesSubscriber()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("hq_100001_129");

        var answer = await gateway.PublishJsonAsync("""{"topic":"hq_100001_129","data":{"last":12.34}}""");

        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":1}""", answer.Json);
        Frames.AssertPush(await client.NextPushAsync(), "hq_100001_129", """{"last":12.34}""");
    }

    [Fact]
    public async Task Publish_Topics_CountsOnePerTopicAndReachesEach()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var answer = await gateway.PublishJsonAsync("""{"topics":["a","b"],"data":{"x":1}}""");

        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":2}""", answer.Json);
        var pushes = new[] { await client.NextPushAsync(), await client.NextPushAsync() }.OrderBy(p => p.GetProperty("topic").GetString()).ToArray();
        Frames.AssertPush(pushes[0], "a", """{"x":1}""");
        Frames.AssertPush(pushes[1], "b", """{"x":1}""");
    }

    [Fact]
    public async Task Publish_Messages_CountsEachAndDeliversInOrder()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "b");

        var answer = await gateway.PublishJsonAsync("""{"messages":[{"topic":"a","data":1},{"topic":"b","data":2},{"topic":"a","data":3}]}""");

        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":3}""", answer.Json);
        Frames.AssertPush(await client.NextPushAsync(), "a", "1");
        Frames.AssertPush(await client.NextPushAsync(), "b", "2");
        Frames.AssertPush(await client.NextPushAsync(), "a", "3");
    }

    [Fact]
    public async Task Publish_TopicWithoutSubscribers_Returns202()
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.PublishJsonAsync("""{"topic":"nobody","data":1}""");

        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":1}""", answer.Json);
    }

    [Fact]
    public async Task Publish_ManyMessages_ArriveInPublishOrder()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("seq");

        for (var i = 0; i < 50; i++)
        {
            await gateway.PublishAsync("seq", JsonValue.Create(i));
        }

        for (var i = 0; i < 50; i++)
        {
            Frames.AssertPush(await client.NextPushAsync(), "seq", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [MemberData(nameof(DataValues))]
    public async Task Publish_DataOfAnyJsonType_ArrivesUnchanged(string data)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("t");

        (await gateway.PublishJsonAsync($$"""{"topic":"t","data":{{data}}}""")).AssertStatus(202);

        Frames.AssertPush(await client.NextPushAsync(), "t", data);
    }

    [Fact]
    public async Task Publish_OneTopic_ReachesEverySubscriber()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var first = await gateway.ConnectRegisteredAsync();
        await using var second = await gateway.ConnectRegisteredAsync();
        await first.SubscribeAsync("shared");
        await second.SubscribeAsync("shared");

        await gateway.PublishAsync("shared", JsonValue.Create(1));

        Frames.AssertPush(await first.NextPushAsync(), "shared", "1");
        Frames.AssertPush(await second.NextPushAsync(), "shared", "1");
    }

    [Fact]
    public async Task Publish_MissingKey_Returns401Unauthorized()
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PostAsync("/api/v1/publish", """{"topic":"a","data":1}""")).AssertError(401, "unauthorized");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData("test-publish-key-")]
    [InlineData("Test-Publish-Key")]
    public async Task Publish_WrongKey_Returns401Unauthorized(string key)
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PublishJsonAsync("""{"topic":"a","data":1}""", key)).AssertError(401, "unauthorized");
    }

    [Fact]
    public async Task Publish_BearerTokenInsteadOfKey_Returns401Unauthorized()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        var answer = await gateway.PostAsync("/api/v1/publish", """{"topic":"a","data":1}""", client.Authorization);

        answer.AssertError(401, "unauthorized");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("{\"topic\":\"a\",\"data\":}")]
    public async Task Publish_NotJson_Returns400InvalidJson(string body)
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PublishJsonAsync(body)).AssertError(400, "invalid_json");
    }

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Publish_WrongShape_Returns400BadRequest(string body)
    {
        await using var gateway = await TestGateway.StartAsync();

        (await gateway.PublishJsonAsync(body)).AssertError(400, "bad_request");
    }

    [Theory]
    [MemberData(nameof(InvalidTopics))]
    public async Task Publish_InvalidTopic_Returns400InvalidTopic(string topic)
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.PublishJsonAsync(new JsonObject { ["topic"] = topic, ["data"] = 1 }.ToJsonString());

        answer.AssertError(400, "invalid_topic");
    }

    [Fact]
    public async Task Publish_InvalidTopicAmongMessages_Returns400AndDeliversNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a", "sentinel");

        (await gateway.PublishJsonAsync("""{"messages":[{"topic":"a","data":1},{"topic":"$foo","data":2}]}""")).AssertError(400, "invalid_topic");
        await gateway.PublishAsync("sentinel", JsonValue.Create(0));

        Frames.AssertPush(await client.NextPushAsync(), "sentinel", "0");
    }

    [Fact]
    public async Task Publish_BodyOverMaxPublishBytes_Returns413PayloadTooLarge()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPublishBytes"] = 1024);

        var answer = await gateway.PublishJsonAsync(new JsonObject { ["topic"] = "a", ["data"] = new string('x', 2000) }.ToJsonString());

        answer.AssertError(413, "payload_too_large");
    }

    [Fact]
    public async Task Publish_ChunkedBody_DeliversLikeAnyOther()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();
        await client.SubscribeAsync("a");

        var answer = await PublishChunkedAsync(gateway, """{"topic":"a","data":{"x":1}}""");

        answer.AssertStatus(202);
        JsonAssert.Equal("""{"accepted":1}""", answer.Json);
        Frames.AssertPush(await client.NextPushAsync(), "a", """{"x":1}""");
    }

    [Fact]
    public async Task Publish_ChunkedBodyOverMaxPublishBytes_Returns413PayloadTooLarge()
    {
        await using var gateway = await TestGateway.StartAsync(o => o.Limits["MaxPublishBytes"] = 1024);

        var answer = await PublishChunkedAsync(gateway, new JsonObject { ["topic"] = "a", ["data"] = new string('x', 2000) }.ToJsonString());

        answer.AssertError(413, "payload_too_large");
    }

    /// <summary>A publish whose body has no Content-Length: it goes <c>Transfer-Encoding: chunked</c>.</summary>
    private static async Task<HttpAnswer> PublishChunkedAsync(TestGateway gateway, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/publish")
        {
            Content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Add("X-API-KEY", gateway.PublishKey);
        return await HttpAnswer.ReadAsync(await gateway.HttpClient.SendAsync(request));
    }
}

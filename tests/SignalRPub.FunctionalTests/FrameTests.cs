using System.Text.Json;
using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests;

/// <summary>PROTOCOL.md §4: request and response frames on a raw WebSocket (parsing, msgId, method, uri, order).</summary>
public sealed class FrameTests
{
    public static TheoryData<string> NotJson => new()
    {
        "not json",
        "{",
        "{\"uri\":",
        "",
        " ",
        "{'uri':'/x'}",
        $$$"""{"uri":"{{{SeedUris.Register}}}"}}""",
        $$$"""{"uri":"{{{SeedUris.Register}}}"} trailing""",
    };

    public static TheoryData<string> NotObjectOrNoStringUri => new()
    {
        "[]",
        "42",
        "\"text\"",
        "null",
        "true",
        "{}",
        """{"uri":5}""",
        """{"uri":null}""",
        $$$"""{"uri":["{{{SeedUris.Register}}}"]}""",
        """{"body":{"topics":["a"]}}""",
    };

    public static TheoryData<string, string> MsgIdPlacements => new()
    {
        { $$$"""{"uri":"{{{SeedUris.Register}}}","header":{"msgId":"2"}}""", "\"2\"" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","headers":{"msgId":"2"}}""", "\"2\"" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","header":{"msgId":2}}""", "2" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","headers":{"msgId":12345678901}}""", "12345678901" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","msgId":"top"}""", "\"top\"" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","msgId":7}""", "7" },
        { $$$"""{"uri":"{{{SeedUris.Register}}}","header":{"ts":132132132,"msgId":"2","Content-Type":"json","client-metadata":{}},"body":{}}""", "\"2\"" },
    };

    [Theory]
    [MemberData(nameof(NotJson))]
    public async Task Frame_NotJson_Returns400InvalidJsonWithNullMsgId(string text)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(text);
        var response = await client.NextResponseAsync();

        Frames.AssertError(response, 400, "invalid_json");
        JsonAssert.Null(MsgIdOf(response));
    }

    [Theory]
    [MemberData(nameof(NotObjectOrNoStringUri))]
    public async Task Frame_NotObjectOrWithoutStringUri_Returns400BadRequest(string text)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(text);

        Frames.AssertError(await client.NextResponseAsync(), 400, "bad_request");
    }

    [Theory]
    [InlineData("""{"msgId":"k","body":{}}""", "\"k\"")]
    [InlineData("""{"header":{"msgId":9}}""", "9")]
    [InlineData("""{"uri":5,"headers":{"msgId":"u"}}""", "\"u\"")]
    public async Task Frame_WithoutStringUri_EchoesMsgId(string text, string expectedMsgId)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(text);
        var response = await client.NextResponseAsync();

        Frames.AssertError(response, 400, "bad_request");
        JsonAssert.Equal(expectedMsgId, JsonAssert.Property(response, "msgId"));
    }

    [Fact]
    public async Task Frame_Bad_KeepsSocketOpen()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        foreach (var text in new[] { "not json", "[]", "{}", """{"uri":"/nowhere"}""" })
        {
            await client.SendTextAsync(text);
            await client.NextResponseAsync();
        }

        await client.RegisterAsync();
        Assert.False(client.IsClosed);
    }

    [Theory]
    [MemberData(nameof(MsgIdPlacements))]
    public async Task Frame_MsgId_IsEchoedAsGiven(string text, string expectedMsgId)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync(text);
        var response = await client.NextResponseAsync();

        Frames.AssertStatus(response, 200);
        JsonAssert.Equal(expectedMsgId, JsonAssert.Property(response, "msgId"));
    }

    [Theory]
    [InlineData("header")]
    [InlineData("headers")]
    public async Task Frame_HeaderOrHeaders_IsAccepted(string headerName)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("a"), "x1", headerName);
        var response = await client.NextResponseAsync();

        Assert.Equal(["a"], Frames.Topics(response));
        JsonAssert.Equal("\"x1\"", JsonAssert.Property(response, "msgId"));
    }

    [Fact]
    public async Task Frame_WithoutMsgId_AnswersNullMsgId()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync($$$"""{"uri":"{{{SeedUris.Register}}}"}""");
        var response = await client.NextResponseAsync();

        Frames.AssertStatus(response, 200);
        JsonAssert.Null(MsgIdOf(response));
    }

    [Fact]
    public async Task Frame_WithoutBodyOrHeader_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectAsync();

        await client.SendTextAsync($$$"""{"uri":"{{{SeedUris.Register}}}","msgId":"only-uri"}""");

        Frames.AssertStatus(await client.NextResponseAsync(), 200);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Frame_MethodOtherThanPost_Returns405MethodNotAllowed(string method)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("a"), "1", method: method);

        Frames.AssertError(await client.NextResponseAsync(), 405, "method_not_allowed");
    }

    [Fact]
    public async Task Frame_MethodPost_IsServed()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("a"), "1", method: "POST");

        Assert.Equal(["a"], Frames.Topics(await client.NextResponseAsync()));
    }

    [Theory]
    [InlineData("/nowhere")]
    [InlineData(SeedUris.Entry)]
    [InlineData(SeedUris.Register + "/more")]
    [InlineData("/api/v1/publish")]
    [InlineData("/hub")]
    [InlineData("/healthz")]
    public async Task Frame_UriOfNoActionRoute_Returns404NotFound(string uri)
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.AssertError(await client.RequestAsync(uri, Frames.Topics("a")), 404, "not_found");
    }

    [Fact]
    public async Task Frame_UriWithQuery_MatchesRouteOnPath()
    {
        await using var gateway = await TestGateway.StartAsync();
        await using var client = await gateway.ConnectRegisteredAsync();

        Assert.Equal(["a"], Frames.Topics(await client.RequestAsync(SeedUris.SubAdd + "?account=1&x=%20y", Frames.Topics("a"))));
    }

    [Fact]
    public async Task Frame_UriWithQuery_ForwardsQueryAsGiven()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();

        Frames.Topics(await client.RequestAsync(SeedUris.SubAdd + "?account=1&x=%20y", Frames.Topics("a")));

        Assert.Equal(SeedUris.SubAdd + "?account=1&x=%20y", Assert.Single(upstream.RequestsFor("sub_add")).PathAndQuery);
    }

    [Fact]
    public async Task Frame_HeaderValuesOfAnyJsonType_AreAcceptedAndForwardedJsonEncoded()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectAsync();
        var frame = $$$$"""
            {"uri":"{{{{SeedUris.Register}}}}","msgId":"1",
             "header":{"ts":132132132,"s":"text","flag":true,"none":null,"client-metadata":{"app":"x","v":[1,2]}}}
            """;

        await client.SendTextAsync(frame);

        Frames.AssertStatus(await client.NextResponseAsync(), 200);
        var headers = Assert.Single(upstream.RequestsFor("register")).Headers;
        Assert.Equal("text", HeaderValue(headers, "s"));
        JsonAssert.Equal("132132132", JsonAssert.Parse(HeaderValue(headers, "ts")));
        JsonAssert.Equal("true", JsonAssert.Parse(HeaderValue(headers, "flag")));
        JsonAssert.Equal("""{"app":"x","v":[1,2]}""", JsonAssert.Parse(HeaderValue(headers, "client-metadata")));
    }

    [Fact]
    public async Task Frames_TwentySentBackToBack_AreAnsweredOnceEachInRequestOrder()
    {
        var upstream = new FakeForwarder();
        await using var gateway = await TestGateway.StartAsync(o => o.UseSeedWithUpstream(upstream));
        await using var client = await gateway.ConnectRegisteredAsync();
        var firstHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        upstream.AnswerWith(async (request, _) =>
        {
            // The first frame's upstream answers only after every frame was sent, so later frames could overtake it.
            if (request.Headers.Any(h => h.Key.Equals("msgId", StringComparison.OrdinalIgnoreCase) && h.Value == "1"))
            {
                await firstHeld.Task.WaitAsync(TestTimeouts.Default);
            }

            return FakeForwarder.Json(200, "{}");
        });
        var expected = new List<(JsonNode? MsgId, int Status)>();

        for (var i = 1; i <= 20; i++)
        {
            switch (i % 4)
            {
                case 1:
                    await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics($"t{i}"), i);
                    expected.Add((i, 200));
                    break;
                case 2:
                    await client.SendFrameAsync(SeedUris.SubAdd, Frames.Topics("bad topic"), $"s{i}");
                    expected.Add(($"s{i}", 400));
                    break;
                case 3:
                    await client.SendFrameAsync("/nowhere", null, i);
                    expected.Add((i, 404));
                    break;
                default:
                    await client.SendTextAsync("not json");
                    expected.Add((null, 400));
                    break;
            }
        }

        firstHeld.SetResult();

        foreach (var (msgId, status) in expected)
        {
            var response = await client.NextResponseAsync();
            Frames.AssertStatus(response, status);
            if (msgId is null)
            {
                JsonAssert.Null(MsgIdOf(response));
            }
            else
            {
                JsonAssert.Equal(msgId.ToJsonString(), JsonAssert.Property(response, "msgId"));
            }
        }

        Assert.Equal(["t1", "t13", "t17", "t5", "t9"], await client.CurrentTopicsAsync());
    }

    private static JsonElement? MsgIdOf(JsonElement response) =>
        response.TryGetProperty("msgId", out var msgId) ? msgId : null;

    private static string HeaderValue(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        Assert.Single(headers, h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

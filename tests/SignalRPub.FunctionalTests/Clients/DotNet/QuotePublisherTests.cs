using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

public sealed class QuotePublisherTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    public async Task Worker_SubscribedClient_ReceivesQuotesOfAgreedShapeOnEveryTopic(double rate)
    {
        await using var gateway = await TestGateway.StartAsync();
        var (client, _) = await Clients.ConnectAsync(gateway, ClientKind.SignalRJson);
        await using var _1 = client;
        string[] topics = ["hq_100001_130", "hq_100001_131", "hq_100001_132"];
        await using var pushes = client.ReadAllAsync().GetAsyncEnumerator();
        var first = pushes.MoveNextAsync();
        await client.SubscribeAsync(topics);
        using var host = QuoteHost(gateway, rate);

        var started = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await host.StartAsync().WaitAsync(TestTimeouts.Default);
        var seen = new HashSet<string>();
        var next = first;
        while (true)
        {
            Assert.True(await next.AsTask().WaitAsync(TestTimeouts.Default), "the pushes ended");
            var push = pushes.Current;
            Assert.Contains(push.Topic, topics);
            AssertQuote(push.Data, started);
            if (seen.Add(push.Topic) && seen.Count == topics.Length)
            {
                break;
            }

            next = pushes.MoveNextAsync();
        }

        using var stopping = new CancellationTokenSource(TestTimeouts.CleanUp);
        await host.StopAsync(stopping.Token);
    }

    private static void AssertQuote(JsonElement data, long notBefore)
    {
        Assert.Equal(["ask", "bid", "last", "ts", "volume"], data.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var last = data.GetProperty("last").GetDouble();
        var bid = data.GetProperty("bid").GetDouble();
        var ask = data.GetProperty("ask").GetDouble();
        Assert.True(bid < ask && bid <= last && last <= ask, $"bid {bid}, last {last}, ask {ask}");
        Assert.True(data.GetProperty("volume").TryGetInt64(out var volume) && volume > 0, $"volume {data.GetProperty("volume")}");
        var ts = data.GetProperty("ts").GetInt64();
        Assert.InRange(ts, notBefore, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
    }

    private static IHost QuoteHost(TestGateway gateway, double rate)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["QuotePublisher:GatewayUrl"] = gateway.BaseUri.ToString(),
            ["QuotePublisher:ApiKey"] = gateway.PublishKey,
            ["QuotePublisher:RatePerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["QuotePublisher:FirstCode"] = "130",
            ["QuotePublisher:Count"] = "3",
        });
        builder.Services.AddQuotePublisher(builder.Configuration);
        return builder.Build();
    }
}

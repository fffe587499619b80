using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SignalRPub.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>
/// The demo page (<c>/demo/</c>) in headless Chromium, over both of its transports: a raw WebSocket on
/// <c>/msg-pub</c> and SignalR's JSON hub protocol on <c>/hub?entry=1</c>. Quotes are published during each test.
/// </summary>
public sealed partial class DemoPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string TopicA = "hq_100001_120";
    private const string TopicB = "hq_100001_121";

    [Theory]
    [InlineData("websocket")]
    [InlineData("signalr")]
    public async Task Publish_QuotesOnSubscribedTopics_TableShowsEachTopicsLatestQuoteRateAndLatency(string transport)
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.ConnectAsync(transport);
        await page.SubscribeAsync([TopicA, TopicB], [TopicA, TopicB]);

        for (var i = 1; i <= 3; i++)
        {
            await gateway.PublishAsync(TopicA, DemoGateway.Quote(12.30m + (i / 100m), 1000 * i));
            await gateway.PublishAsync(TopicB, DemoGateway.Quote(45.60m + (i / 100m), 2000 * i));
        }

        await ExpectQuoteAsync(page, TopicA, "12.33", "12.32", "12.34", "3000");
        await ExpectQuoteAsync(page, TopicB, "45.63", "45.62", "45.64", "6000");
        await Expect(page.Page.Locator("#connection-id")).ToHaveTextAsync(ConnectionIdPattern());
        Assert.Empty(page.PageErrors);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("signalr")]
    public async Task Unsubscribe_OneOfTwoTopics_ItsRowLeavesAndItsLaterQuotesAreNotShown(string transport)
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.ConnectAsync(transport);
        await page.SubscribeAsync([TopicA, TopicB], [TopicA, TopicB]);
        await gateway.PublishAsync(TopicA, DemoGateway.Quote(1.5m, 1));
        await gateway.PublishAsync(TopicB, DemoGateway.Quote(2.5m, 1));
        await page.ExpectTextAsync(page.Cell(TopicA, "last"), "1.5");
        await page.ExpectTextAsync(page.Cell(TopicB, "last"), "2.5");

        await page.UnsubscribeAsync([TopicA], [TopicB]);
        await Expect(page.Row(TopicA)).ToHaveCountAsync(0);

        // Pushes reach a connection in publish order: once B's later quote shows, A's would have arrived before it.
        await gateway.PublishAsync(TopicA, DemoGateway.Quote(7.5m, 2));
        await gateway.PublishAsync(TopicB, DemoGateway.Quote(8.5m, 2));
        await page.ExpectTextAsync(page.Cell(TopicB, "last"), "8.5");
        Assert.Equal(0, await page.Row(TopicA).CountAsync());
        Assert.Empty(page.PageErrors);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("signalr")]
    public async Task Subscribe_ReservedTopic_ShowsTheGatewaysRefusalAndKeepsTheSet(string transport)
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.ConnectAsync(transport);
        await page.SubscribeAsync([TopicA], [TopicA]);

        await page.SendTopicsAsync("#subscribe", ["$all"]);

        await Expect(page.Error).ToBeVisibleAsync();
        await page.ExpectTextAsync(page.Error, new Regex(@"^sub_add refused: 400 invalid_topic: topic '\$all' is reserved"));
        await page.ExpectTextAsync(page.Page.Locator("#subscribed"), TopicA);
        await Expect(page.Page.Locator("#status")).ToHaveAttributeAsync("data-state", "registered");
    }

    [Fact]
    public async Task Publish_DataOtherThanAQuote_ShownAsJson()
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.ConnectAsync("websocket");
        await page.SubscribeAsync(["news"], ["news"]);

        await gateway.PublishAsync("news", new JsonObject { ["headline"] = "markets open", ["items"] = new JsonArray(1, 2) });

        await page.ExpectTextAsync(page.Cell("news", "raw"), """{"headline":"markets open","items":[1,2]}""");
        await page.ExpectTextAsync(page.Cell("news", "last"), "");
        await page.ExpectTextAsync(page.Cell("news", "count"), "1");
    }

    [Theory]
    [InlineData("websocket", "closed (code 1000, disconnect)")]
    [InlineData("signalr", "closed (code 1000)")]
    public async Task Disconnect_Registered_GatewayClosesAndPageSaysSo(string transport, string state)
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.ConnectAsync(transport);

        await page.Page.ClickAsync("#disconnect");

        await Expect(page.Page.Locator("#status")).ToHaveAttributeAsync("data-state", "closed");
        await page.ExpectTextAsync(page.Page.Locator("#state"), state);
        await Expect(page.Page.Locator("#connect")).ToBeEnabledAsync();
        await Expect(page.Error).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Connect_EntryRouteThatDoesNotExist_ShowsWhyAndStaysDisconnected()
    {
        await using var gateway = await DemoGateway.StartAsync();
        await using var page = await DemoPage.OpenAsync(chromium.Browser, gateway);
        await page.Page.ClickAsync("details > summary");
        await page.Page.FillAsync("#entry-path", "/no-such-entry");

        await page.Page.ClickAsync("#connect");

        await Expect(page.Page.Locator("#status")).ToHaveAttributeAsync("data-state", "failed");
        await page.ExpectTextAsync(page.Error, new Regex($"^cannot open ws://{Regex.Escape(gateway.BaseUri.Authority)}/no-such-entry"));
        await Expect(page.Page.Locator("#subscribe")).ToBeDisabledAsync();
    }

    private static async Task ExpectQuoteAsync(DemoPage page, string topic, string last, string bid, string ask, string volume)
    {
        await page.ExpectTextAsync(page.Cell(topic, "last"), last);
        await page.ExpectTextAsync(page.Cell(topic, "bid"), bid);
        await page.ExpectTextAsync(page.Cell(topic, "ask"), ask);
        await page.ExpectTextAsync(page.Cell(topic, "volume"), volume);
        await page.ExpectTextAsync(page.Cell(topic, "count"), "3");
        await page.ExpectTextAsync(page.Cell(topic, "rate"), PositiveRatePattern());
        await page.ExpectTextAsync(page.Cell(topic, "latency"), LatencyPattern());

        // Published moments ago on this machine's clock: the latency is a real, small figure.
        var latency = int.Parse(await page.Cell(topic, "latency").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.InRange(latency, 0, (int)TestTimeouts.Default.TotalMilliseconds);
    }

    [GeneratedRegex(@"^(?!0\.0$)\d+\.\d$")]
    private static partial Regex PositiveRatePattern();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex LatencyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{10,}$")]
    private static partial Regex ConnectionIdPattern();
}

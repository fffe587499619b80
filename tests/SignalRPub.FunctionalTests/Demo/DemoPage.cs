using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SignalRPub.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>
/// The demo page open in a browser page of its own, driven through its element ids as a user would drive it. Every
/// wait is one of Playwright's retrying assertions, bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class DemoPage : IAsyncDisposable
{
    private static readonly float s_timeout = (float)TestTimeouts.Default.TotalMilliseconds;

    private readonly IBrowserContext _context;
    private readonly List<string> _pageErrors = [];

    private DemoPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _pageErrors.Add($"{message.Text} ({message.Location})");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught exceptions and console errors (a CSP violation is one) the page has had so far.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;

    public static async Task<DemoPage> OpenAsync(IBrowser browser, TestGateway gateway)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(s_timeout);
        var page = await context.NewPageAsync();
        var demo = new DemoPage(context, page);
        try
        {
            await page.GotoAsync(new Uri(gateway.BaseUri, "demo/").ToString());
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = s_timeout });
            return demo;
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connects over <paramref name="transport"/> (<c>websocket</c> or <c>signalr</c>) and waits until registered.</summary>
    public async Task ConnectAsync(string transport)
    {
        await Page.SelectOptionAsync("#transport", transport);
        await Page.ClickAsync("#connect");
        await Expect(Page.Locator("#status")).ToHaveAttributeAsync("data-state", "registered", new() { Timeout = s_timeout });
    }

    /// <summary>Subscribes to <paramref name="topics"/> and waits until the gateway's confirmed set is <paramref name="expected"/>.</summary>
    public Task SubscribeAsync(IEnumerable<string> topics, IEnumerable<string> expected) => ChangeAsync("#subscribe", topics, expected);

    /// <summary>Unsubscribes from <paramref name="topics"/> and waits until the gateway's confirmed set is <paramref name="expected"/>.</summary>
    public Task UnsubscribeAsync(IEnumerable<string> topics, IEnumerable<string> expected) => ChangeAsync("#unsubscribe", topics, expected);

    /// <summary>Types <paramref name="topics"/> and clicks <paramref name="button"/> without waiting for the answer.</summary>
    public async Task SendTopicsAsync(string button, IEnumerable<string> topics)
    {
        await Page.FillAsync("#topics", string.Join(' ', topics));
        await Page.ClickAsync(button);
    }

    /// <summary>The cell of <paramref name="field"/> (<c>last</c>, <c>bid</c>, <c>ask</c>, <c>volume</c>, <c>rate</c>, <c>latency</c>, <c>count</c>, <c>raw</c>) in the row of <paramref name="topic"/>.</summary>
    public ILocator Cell(string topic, string field) => Row(topic).Locator($"td[data-field='{field}']");

    public ILocator Row(string topic) => Page.Locator($"#quote-rows tr[data-topic='{topic}']");

    public ILocator Error => Page.Locator("#error");

    public Task ExpectTextAsync(ILocator locator, string text) => Expect(locator).ToHaveTextAsync(text, new() { Timeout = s_timeout });

    public Task ExpectTextAsync(ILocator locator, Regex text) => Expect(locator).ToHaveTextAsync(text, new() { Timeout = s_timeout });

    public async ValueTask DisposeAsync() => await _context.CloseAsync();

    private async Task ChangeAsync(string button, IEnumerable<string> topics, IEnumerable<string> expected)
    {
        await SendTopicsAsync(button, topics);
        var confirmed = expected.Order(StringComparer.Ordinal).ToList();
        await ExpectTextAsync(Page.Locator("#subscribed"), confirmed.Count == 0 ? "none" : string.Join(' ', confirmed));
    }
}

using Microsoft.Playwright;
using SignalRPub.FunctionalTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SignalRPub.FunctionalTests.Dashboard;

/// <summary>
/// The dashboard open in a browser page of its own, driven through its element ids as an operator would drive it.
/// Every wait is one of Playwright's retrying assertions, bounded by <see cref="TestTimeouts.Default"/>.
/// </summary>
internal sealed class DashboardPage : IAsyncDisposable
{
    private static readonly float s_timeout = (float)TestTimeouts.Default.TotalMilliseconds;

    private readonly IBrowserContext _context;
    private readonly List<string> _pageErrors = [];

    private DashboardPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A refused key is answered 401, which the browser logs as a failed resource; anything else is the page's.
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                _pageErrors.Add($"{message.Text} ({message.Location})");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Uncaught exceptions and console errors (a CSP violation is one) the page has had so far.</summary>
    public IReadOnlyList<string> PageErrors => _pageErrors;

    public ILocator LoginError => Page.Locator("#login-error");

    public ILocator Board => Page.Locator("#board");

    public static async Task<DashboardPage> OpenAsync(IBrowser browser, Uri adminUri)
    {
        var context = await browser.NewContextAsync();
        context.SetDefaultTimeout(s_timeout);
        var page = await context.NewPageAsync();
        var dashboard = new DashboardPage(context, page);
        try
        {
            await page.GotoAsync(new Uri(adminUri, "dashboard").ToString());
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = s_timeout });
            return dashboard;
        }
        catch
        {
            await dashboard.DisposeAsync();
            throw;
        }
    }

    /// <summary>Types <paramref name="key"/> into the login box and submits it, without waiting for the answer.</summary>
    public async Task SubmitKeyAsync(string key)
    {
        await Page.FillAsync("#key", key);
        await Page.ClickAsync("#login-button");
    }

    /// <summary>Logs in with <paramref name="key"/> and waits until the board shows live figures.</summary>
    public async Task LogInAsync(string key)
    {
        await SubmitKeyAsync(key);
        await ExpectLiveAsync();
    }

    public Task ExpectLiveAsync() => Expect(Page.Locator("#status")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = s_timeout });

    /// <summary>The figure of id <paramref name="id"/> (e.g. <c>connections</c>) as the page last wrote it, in <c>data-value</c>.</summary>
    public Task ExpectValueAsync(string id, string value) =>
        Expect(Page.Locator($"#{id}")).ToHaveAttributeAsync("data-value", value, new() { Timeout = s_timeout });

    public ILocator RouteRows(string routeId) => Page.Locator($"#route-rows tr[data-route='{routeId}']");

    public ILocator TopicCell(string topic) => Page.Locator($"#topic-rows tr[data-topic='{topic}'] td[data-field='subscribers']");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

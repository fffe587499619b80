using Microsoft.Playwright;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// One headless Chromium per test class, driven by Playwright: the system's browser (Debian's <c>chromium</c>, or the
/// executable <see cref="ExecutableVariable"/> names), never a downloaded one.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>The environment variable that names the Chromium executable; <see cref="DefaultExecutable"/> without it.</summary>
    public const string ExecutableVariable = "SIGNALRPUB_CHROMIUM";

    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"The browser tests (demo page, dashboard) need Chromium at '{executable}', which does not exist. Install it "
                + $"(Debian: apt-get install chromium) or set {ExecutableVariable} to its executable. Browsers are never downloaded.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,

            // Tests run as root in containers, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox"],
            Timeout = (float)TestTimeouts.Default.TotalMilliseconds * 3,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}

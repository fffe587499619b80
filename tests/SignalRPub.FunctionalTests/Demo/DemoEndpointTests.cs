using System.Net;
using System.Net.Http.Headers;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>
/// <c>/demo/</c> over plain HTTP: off unless <c>SignalRPub:Demo:Enabled</c>; when on, our own files with their content
/// types, a Content-Security-Policy that allows nothing but them and WebSockets to the same host, and caching headers.
/// </summary>
public sealed class DemoEndpointTests
{
    [Theory]
    [InlineData("/demo")]
    [InlineData("/demo/")]
    [InlineData("/demo/index.html")]
    [InlineData("/demo/demo.js")]
    public async Task Get_DemoNotEnabled_404NotFound(string path)
    {
        await using var gateway = await TestGateway.StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Get, path, null);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Get_DemoEnabledFolder_PageServedWithCspAndCaching()
    {
        await using var gateway = await DemoGateway.StartAsync();
        using var response = await gateway.HttpClient.GetAsync("demo/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("<title>SignalRPub demo", html);
        var host = gateway.BaseUri.Authority;
        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + $"connect-src 'self' ws://{host} wss://{host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            Header(response, "Content-Security-Policy"));
        Assert.Equal("no-cache", Header(response, "Cache-Control"));
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("demo.css", "text/css; charset=utf-8")]
    [InlineData("demo.js", "text/javascript; charset=utf-8")]
    [InlineData("quote-board.js", "text/javascript; charset=utf-8")]
    [InlineData("transport-websocket.js", "text/javascript; charset=utf-8")]
    [InlineData("transport-signalr.js", "text/javascript; charset=utf-8")]
    [InlineData("favicon.svg", "image/svg+xml")]
    public async Task Get_DemoFile_ServedWithItsContentType(string file, string contentType)
    {
        await using var gateway = await DemoGateway.StartAsync();

        using var response = await gateway.HttpClient.GetAsync($"demo/{file}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
        Assert.StartsWith("default-src 'none'", Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task Get_DemoWithoutSlash_RedirectsToTheFolderKeepingTheQuery()
    {
        await using var gateway = await DemoGateway.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = gateway.BaseUri, Timeout = TestTimeouts.Default };

        using var response = await client.GetAsync("demo?topics=a");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/demo/?topics=a", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_UnchangedFileWithItsETag_304WithoutBody()
    {
        await using var gateway = await DemoGateway.StartAsync();
        using var first = await gateway.HttpClient.GetAsync("demo/demo.js");
        var etag = first.Headers.ETag!;

        using var request = new HttpRequestMessage(HttpMethod.Get, "demo/demo.js");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await gateway.HttpClient.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(etag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/demo/missing.js")]
    [InlineData("/demo/wwwroot/demo.js")]
    [InlineData("/demo/../demo/demo.js.map")]
    public async Task Get_FileTheDemoDoesNotHave_404NotFound(string path)
    {
        await using var gateway = await DemoGateway.StartAsync();

        var answer = await gateway.SendAsync(HttpMethod.Get, path, null);

        answer.AssertError(404, "not_found");
    }

    [Fact]
    public async Task Head_DemoPage_HeadersWithoutBody()
    {
        await using var gateway = await DemoGateway.StartAsync();

        using var response = await gateway.HttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Head, "demo/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    private static string Header(HttpResponseMessage response, string name)
    {
        Assert.True(response.Headers.TryGetValues(name, out var values), $"no {name} header");
        return string.Join(", ", values);
    }
}

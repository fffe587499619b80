using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Demo;

/// <summary>Gateways with the demo page on, and the quotes the page is built for.</summary>
internal static class DemoGateway
{
    /// <summary>Starts a <see cref="TestGateway"/> with <c>SignalRPub:Demo:Enabled</c> on.</summary>
    public static Task<TestGateway> StartAsync(Action<TestGatewayOptions>? configure = null) => TestGateway.StartAsync(options =>
    {
        options.Settings["Demo"] = new JsonObject { ["Enabled"] = true };
        configure?.Invoke(options);
    });

    /// <summary>A quote of the agreed shape (samples/QuotePublisher), stamped with the current time.</summary>
    public static JsonObject Quote(decimal last, long volume) => new()
    {
        ["last"] = last,
        ["bid"] = last - 0.01m,
        ["ask"] = last + 0.01m,
        ["volume"] = volume,
        ["ts"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };
}

using System.Text.Json.Nodes;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Upgrades;

/// <summary><see cref="UpgradePathTests"/> with upgrades accepted below HTTP (<c>WebSocketUpgrades = Connection</c>, the default).</summary>
public sealed class ConnectionUpgradeTests : UpgradePathTests
{
    protected override string WebSocketUpgrades => "Connection";

    protected override int HttpRequestsPerUpgrade => 0;

    [Fact]
    public async Task AdminListener_UpgradeToAnEntryPath_IsNeverAcceptedThere()
    {
        // The admin listener is a server of its own: the middleware is not on it, and its pipeline wants the admin key.
        await using var gateway = await StartAsync(o =>
            o.Settings["Admin"] = new JsonObject { ["Enabled"] = true, ["Urls"] = "http://127.0.0.1:0", ["ApiKey"] = "admin-key-for-this-test" });
        await using var wire = await WireConnection.ConnectAsync(gateway.AdminUri);

        await wire.SendAsync(WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));

        (await wire.ReadAnswerAsync()).AssertStatus(401);
    }
}

namespace SignalRPub.FunctionalTests.Upgrades;

/// <summary><see cref="UpgradePathTests"/> with upgrades taken through ASP.NET Core routing (<c>WebSocketUpgrades = Http</c>).</summary>
public sealed class HttpUpgradeTests : UpgradePathTests
{
    protected override string WebSocketUpgrades => "Http";

    protected override int HttpRequestsPerUpgrade => 1;
}

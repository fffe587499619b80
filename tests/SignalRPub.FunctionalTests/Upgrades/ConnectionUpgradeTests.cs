namespace SignalRPub.FunctionalTests.Upgrades;

/// <summary><see cref="UpgradePathTests"/> with upgrades accepted below HTTP (<c>WebSocketUpgrades = Connection</c>, the default).</summary>
public sealed class ConnectionUpgradeTests : UpgradePathTests
{
    protected override string WebSocketUpgrades => "Connection";

    protected override int HttpRequestsPerUpgrade => 0;
}

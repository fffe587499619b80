using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Upgrades;

/// <summary>
/// Issue 13, item 3: whatever a new connection's first bytes are — an upgrade head cut short, broken, padded past the
/// cap, split into pieces — the connection middleware that reads them never fails: each connection gets a clear answer
/// (101, or HTTP's 4xx) or is closed, never a 5xx, nothing is logged as an error, and the gateway goes on serving.
/// </summary>
public sealed class UpgradeHeadFuzzTests
{
    private const int Cases = 150;

    [Fact]
    public async Task FirstBytes_RandomlyBrokenHeads_AreAnsweredOrClosedNeverWith5xxAndTheGatewayGoesOn()
    {
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            o.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);

            // The heads that stay valid upgrades must not run into the per-address allowance.
            o.Settings["RateLimits"] = new JsonObject { ["UpgradesPerSecondPerAddress"] = 100_000, ["UpgradeBurstPerAddress"] = 100_000 };
        });
        var seed = Environment.TickCount;
        var random = new Random(seed);

        var seen = new List<string>();
        for (var i = 0; i < Cases; i++)
        {
            var (what, bytes) = Mutate(random, WireConnection.UpgradeHead(SeedUris.Entry, WireConnection.NewKey()));
            await using var wire = await WireConnection.ConnectAsync(gateway.BaseUri);
            try
            {
                await wire.SendAsync(bytes, piece: random.Next(2) == 0 ? 1 : random.Next(1, 256));
                wire.EndSending();
            }
            catch (IOException)
            {
                // The server answered and closed before the rest was sent (a head it refused early): read that answer.
            }

            var answer = await wire.ReadUntilClosedAsync();

            seen.Add($"{what}:{answer?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "closed"}");
            Assert.True(
                answer is null || answer.Status < 500 || answer.Status == 505,
                $"Seed {seed}, case {i} ({what}): answered {answer?.Status}: {Encoding.ASCII.GetString(bytes)}");
        }

        (await gateway.SendAsync(HttpMethod.Get, "/healthz", null)).AssertStatus(200);
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Error || (line.Level >= LogLevel.Warning && line.Category.Contains("Upgrade", StringComparison.Ordinal)));

        // Not a test that cannot fail: the cases reached both outcomes.
        Assert.Contains(seen, s => s.EndsWith(":101", StringComparison.Ordinal));
        Assert.Contains(seen, s => !s.EndsWith(":101", StringComparison.Ordinal));
    }

    private static (string What, byte[] Bytes) Mutate(Random random, string head)
    {
        var lines = head.Split("\r\n").ToList();
        var line = random.Next(1, lines.Count - 2);
        var bytes = Encoding.ASCII.GetBytes(head);
        switch (random.Next(9))
        {
            case 0:
                return ("cut", bytes[..random.Next(bytes.Length)]);
            case 1:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return ("byte", bytes);
            case 2:
                var at = random.Next(bytes.Length);
                return ("insert", [.. bytes[..at], .. RandomBytes(random, random.Next(1, 8)), .. bytes[at..]]);
            case 3:
                lines.Insert(line, lines[line]);
                return ("repeat", Encoding.ASCII.GetBytes(string.Join("\r\n", lines)));
            case 4:
                lines.RemoveAt(line);
                return ("remove", Encoding.ASCII.GetBytes(string.Join("\r\n", lines)));
            case 5:
                return ("lf", Encoding.ASCII.GetBytes(string.Join(random.Next(2) == 0 ? "\n" : "\r", lines)));
            case 6:
                lines.Insert(line, "X-Padding: " + new string('a', random.Next(7_000, 12_000)));
                return ("pad", Encoding.ASCII.GetBytes(string.Join("\r\n", lines)));
            case 7:
                return ("garbage", [.. RandomBytes(random, random.Next(1, 64)), .. bytes]);
            default:
                return ("intact", bytes);
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

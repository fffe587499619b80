using System.Threading.Channels;
using SignalRPub.Client;
using SignalRPub.FunctionalTests.Infrastructure;

namespace SignalRPub.FunctionalTests.Clients.DotNet;

/// <summary>Collects what a push handler receives, for a test to await one push at a time.</summary>
internal sealed class PushInbox
{
    private readonly Channel<Push> _pushes = Channel.CreateUnbounded<Push>();

    /// <summary>A handler that puts every push into this inbox.</summary>
    public void Handle(Push push) => _pushes.Writer.TryWrite(push);

    /// <summary>The next push, within <see cref="TestTimeouts.Default"/>.</summary>
    public async Task<Push> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        try
        {
            return await _pushes.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No push arrived within {TestTimeouts.Default.TotalSeconds} s.");
            throw;
        }
    }

    /// <summary>Whether a push is waiting now.</summary>
    public bool HasWaiting => _pushes.Reader.TryPeek(out _);
}

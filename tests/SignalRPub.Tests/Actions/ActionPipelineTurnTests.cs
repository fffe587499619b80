using SignalRPub.Tests.TestSupport;
using H = SignalRPub.Tests.TestSupport.PipelineHarness;

namespace SignalRPub.Tests.Actions;

/// <summary>Actions on one connection take turns; one from another node waits for its turn only so long.</summary>
public class ActionPipelineTurnTests
{
    private readonly H _harness = new();

    [Fact]
    public async Task ExecuteAsync_TurnNotComingWithinMaxTurnWait_Answers503AndChangesNothing()
    {
        var connection = H.Registered("kept");
        using var held = await connection.ActionGate.AcquireAsync(1);

        var response = await _harness.ExecuteAsync(H.Topics(H.SubAddUri, "x") with { MaxTurnWait = TimeSpan.FromMilliseconds(50) }, connection)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(503, response.Status);
        JsonAssert.Equal("""{"error":{"code":"unavailable","message":"the action waited too long behind the connection's others and was not run; try again"}}""", response.Body);
        Assert.Equal(["kept"], connection.Topics);
        _harness.VerifyNotForwarded();
        _harness.VerifyNoGroupChanges();
    }

    [Fact]
    public async Task ExecuteAsync_TurnComingWithinMaxTurnWait_RunsTheAction()
    {
        var connection = H.Registered();
        var held = await connection.ActionGate.AcquireAsync(1);

        var running = _harness.ExecuteAsync(H.Topics(H.SubAddUri, "x") with { MaxTurnWait = TimeSpan.FromSeconds(30) }, connection);
        Assert.False(running.IsCompleted);
        held.Dispose();
        var response = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response.Status);
        Assert.Equal(["x"], connection.Topics);
    }

    [Fact]
    public async Task ExecuteAsync_WithoutMaxTurnWait_WaitsAsLongAsTheCallerAndEndsWithItsToken()
    {
        var connection = H.Registered();
        using var held = await connection.ActionGate.AcquireAsync(1);
        using var caller = new CancellationTokenSource();

        var running = _harness.Pipeline.ExecuteAsync(H.Topics(H.SubAddUri, "x"), connection, caller.Token);
        Assert.False(running.IsCompleted);
        await caller.CancelAsync();
        var response = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(503, response.Status);
        Assert.Contains("closing", Utf8.Text(response.Body), StringComparison.Ordinal);
        Assert.Empty(connection.Topics);
    }
}

using StackExchange.Redis;
using SignalRPub.Redis.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SignalRPub.Redis.Tests;

/// <summary>The <see cref="RedisServer"/> fixture does what the cluster tests rely on.</summary>
public sealed class RedisServerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Launch_RedisServerOnPath_AnswersOnItsLoopbackPort()
    {
        await using var redis = await RedisServer.LaunchAsync(output);

        Assert.Equal("PONG", await redis.ExecuteAsync("PING"));
        Assert.Equal($"127.0.0.1:{redis.Port},abortConnect=false", redis.ConfigurationString);
        Assert.Equal(0, await redis.DbSizeAsync());
        Assert.Equal("127.0.0.1", await ConfigAsync(redis, "bind"));
        Assert.Equal("no", await ConfigAsync(redis, "appendonly"));
        Assert.Equal("", await ConfigAsync(redis, "save"));
        Assert.StartsWith(Path.GetTempPath(), await ConfigAsync(redis, "dir") + "/", StringComparison.Ordinal);

        await using var client = await redis.ConnectClientAsync();
        await client.GetDatabase().StringSetAsync("k", "v");
        Assert.Equal(["k"], await redis.KeysAsync());
        Assert.True(long.Parse((await redis.InfoAsync("stats"))["total_commands_processed"], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task StopAndStart_InTheMiddle_ClientSeesItGoneAndBackOnTheSamePortWithItsData()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var client = await redis.ConnectClientAsync();
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionFailed += (_, _) => failed.TrySetResult();
        client.ConnectionRestored += (_, _) => restored.TrySetResult();
        await client.GetDatabase().StringSetAsync("kept", "1");
        var port = redis.Port;

        await redis.StopAsync();

        await failed.Task.WaitAsync(TestTimeouts.Default);
        Assert.False(redis.IsRunning);
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => redis.ExecuteAsync("PING"));

        await redis.StartAsync();

        Assert.Equal(port, redis.Port);
        await restored.Task.WaitAsync(TestTimeouts.Default);
        Assert.Equal("1", (string?)await client.GetDatabase().StringGetAsync("kept"));
    }

    [Fact]
    public async Task RestartEmpty_KeySetBefore_IsGoneAfter()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await redis.ExecuteAsync("SET", "before", "1");
        Assert.Equal(1, await redis.DbSizeAsync());

        await redis.RestartEmptyAsync();

        Assert.Equal(0, await redis.DbSizeAsync());
        Assert.Empty(await redis.KeysAsync());
        Assert.Equal("PONG", await redis.ExecuteAsync("PING"));
    }

    [Fact]
    public async Task Pause_CommandWaitsUnanswered_ResumeAnswersIt()
    {
        await using var redis = await RedisServer.LaunchAsync(output);
        await using var client = await redis.ConnectClientAsync();

        redis.Pause();
        var pending = client.GetDatabase().StringSetAsync("during-pause", "1");

        // That no answer comes can only be seen over a window; nothing waits on it to go on.
        var first = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromMilliseconds(300)));

        Assert.NotSame(pending, first);
        redis.Resume();
        Assert.True(await pending.WaitAsync(TestTimeouts.Default));
        Assert.Equal(["during-pause"], await redis.KeysAsync());
    }

    [Fact]
    public async Task Dispose_RunningServer_IsKilledAndItsPortRefusesConnections()
    {
        var redis = await RedisServer.LaunchAsync(output);
        var port = redis.Port;

        await redis.DisposeAsync();

        Assert.False(redis.IsRunning);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var refused = await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(
            () => socket.ConnectAsync(System.Net.IPAddress.Loopback, port));
        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<string?> ConfigAsync(RedisServer redis, string parameter) =>
        (string?)((object?[])(await redis.ExecuteAsync("CONFIG", "GET", parameter))!)[1];
}

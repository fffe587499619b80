using Moq;
using SignalRPub.Actions;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Routing;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Actions;

public class SubscriptionManagerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly Mock<IGroupMembership> _groups = new();
    private readonly GatewayStats _stats = new();
    private readonly SubscriptionManager _manager;

    public SubscriptionManagerTests()
    {
        _manager = new SubscriptionManager(_groups.Object, Mock.Of<IConnectionDirectory>(), _stats);
    }

    [Theory]
    [InlineData(nameof(RouteAction.SubAdd), "a,b", "b,c", "a,b,c")]
    [InlineData(nameof(RouteAction.SubAdd), "", "a,a", "a")]
    [InlineData(nameof(RouteAction.SubAdd), "a", "", "a")]
    [InlineData(nameof(RouteAction.SubPut), "a,b", "b,c", "b,c")]
    [InlineData(nameof(RouteAction.SubPut), "a,b", "", "")]
    [InlineData(nameof(RouteAction.SubDelete), "a,b", "b", "a")]
    [InlineData(nameof(RouteAction.SubDelete), "a,b", "x,y", "a,b")]
    [InlineData(nameof(RouteAction.SubDelete), "a", "a", "")]
    public void Compute_Action_GivesSetAfter(string action, string current, string requested, string expected)
    {
        var next = SubscriptionManager.Compute(Set(current), Enum.Parse<RouteAction>(action), List(requested), maxTopics: 10);

        Assert.NotNull(next);
        Assert.Equal(List(expected).Order(StringComparer.Ordinal), next.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Compute_TopicsDifferingInCase_AreDistinct()
    {
        var next = SubscriptionManager.Compute(Set("a"), RouteAction.SubAdd, ["A"], maxTopics: 10);

        Assert.Equal(2, next!.Count);
    }

    [Fact]
    public void Compute_DoesNotChangeCurrentSet()
    {
        var current = Set("a,b");

        SubscriptionManager.Compute(current, RouteAction.SubPut, ["c"], maxTopics: 10);

        Assert.Equal(["a", "b"], current.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(nameof(RouteAction.SubAdd), "a,b", "c")]
    [InlineData(nameof(RouteAction.SubPut), "", "a,b,c")]
    public void Compute_OverMaxTopics_ReturnsNull(string action, string current, string requested)
    {
        Assert.Null(SubscriptionManager.Compute(Set(current), Enum.Parse<RouteAction>(action), List(requested), maxTopics: 2));
    }

    [Theory]
    [InlineData(nameof(RouteAction.SubAdd), "a,b", "b")]
    [InlineData(nameof(RouteAction.SubPut), "a,b,c,d", "x,y")]
    [InlineData(nameof(RouteAction.SubDelete), "a,b,c", "c")]
    public void Compute_AtMaxTopics_ReturnsSet(string action, string current, string requested)
    {
        Assert.NotNull(SubscriptionManager.Compute(Set(current), Enum.Parse<RouteAction>(action), List(requested), maxTopics: 2));
    }

    [Theory]
    [InlineData(nameof(RouteAction.Register))]
    [InlineData(nameof(RouteAction.Disconnect))]
    public void Compute_NotASubscriptionAction_Throws(string action)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SubscriptionManager.Compute(Set(""), Enum.Parse<RouteAction>(action), [], 10));
    }

    [Fact]
    public async Task ApplyAsync_NewSet_LeavesOldGroupsAndJoinsNewOnes()
    {
        var connection = PipelineHarness.Registered("a", "b");
        var next = new HashSet<string>(["b", "c"], StringComparer.Ordinal);

        await _manager.ApplyAsync(connection, next).WaitAsync(s_timeout);

        Assert.True(connection.Topics.SetEquals(next));
        _groups.Verify(g => g.RemoveAsync(PipelineHarness.ConnectionId, "a", It.IsAny<CancellationToken>()), Times.Once());
        _groups.Verify(g => g.AddAsync(PipelineHarness.ConnectionId, "c", It.IsAny<CancellationToken>()), Times.Once());
        _groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task ApplyAsync_TopicAnotherConnectionHolds_KeepsAndJoinsTheStringAlreadyKept()
    {
        var first = PipelineHarness.Registered();
        var second = PipelineHarness.Registered();
        var kept = new string("quotes".AsSpan());
        var copy = new string("quotes".AsSpan());
        await _manager.ApplyAsync(first, new HashSet<string>([kept], StringComparer.Ordinal)).WaitAsync(s_timeout);

        await _manager.ApplyAsync(second, new HashSet<string>([copy, "other"], StringComparer.Ordinal)).WaitAsync(s_timeout);

        Assert.NotSame(kept, copy);
        Assert.Same(kept, second.Topics.Single(t => t == "quotes"));
        _groups.Verify(g => g.AddAsync(PipelineHarness.ConnectionId, It.Is<string>(t => ReferenceEquals(t, kept)), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task ApplyAsync_TwoConnections_CountsSubscribersPerTopic()
    {
        var first = PipelineHarness.Registered();
        var second = PipelineHarness.Registered();
        await _manager.ApplyAsync(first, new HashSet<string>(["a", "b"], StringComparer.Ordinal)).WaitAsync(s_timeout);
        await _manager.ApplyAsync(second, new HashSet<string>(["a"], StringComparer.Ordinal)).WaitAsync(s_timeout);

        await _manager.ApplyAsync(first, new HashSet<string>(["a"], StringComparer.Ordinal)).WaitAsync(s_timeout);

        Assert.Equal(2, _stats.SubscribersOf("a"));
        Assert.Equal(0, _stats.SubscribersOf("b"));
        Assert.Equal(1, _stats.TopicCount);
    }

    [Fact]
    public async Task RegisterAsync_FirstTime_JoinsConnectionAllAndUserGroups()
    {
        var connection = PipelineHarness.Connection();

        await _manager.RegisterAsync(connection, "u1").WaitAsync(s_timeout);

        Assert.True(connection.IsRegistered);
        Assert.Equal("u1", connection.UserId);
        VerifyJoined("$conn:" + PipelineHarness.ConnectionId);
        VerifyJoined("$all");
        VerifyJoined("$user:u1");
        _groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RegisterAsync_Again_DoesNotRejoinConnectionGroups()
    {
        var connection = PipelineHarness.Connection();
        await _manager.RegisterAsync(connection, null).WaitAsync(s_timeout);

        await _manager.RegisterAsync(connection, null).WaitAsync(s_timeout);

        VerifyJoined("$conn:" + PipelineHarness.ConnectionId);
        VerifyJoined("$all");
        _groups.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task RegisterAsync_NewUser_MovesUserGroup()
    {
        var connection = PipelineHarness.Connection();
        await _manager.RegisterAsync(connection, "u1").WaitAsync(s_timeout);

        await _manager.RegisterAsync(connection, "u2").WaitAsync(s_timeout);

        Assert.Equal("u2", connection.UserId);
        _groups.Verify(g => g.RemoveAsync(PipelineHarness.ConnectionId, "$user:u1", It.IsAny<CancellationToken>()), Times.Once());
        VerifyJoined("$user:u2");
    }

    [Fact]
    public async Task RegisterAsync_AgainWithoutUser_KeepsUser()
    {
        var connection = PipelineHarness.Connection();
        await _manager.RegisterAsync(connection, "u1").WaitAsync(s_timeout);

        await _manager.RegisterAsync(connection, null).WaitAsync(s_timeout);

        Assert.Equal("u1", connection.UserId);
        _groups.Verify(g => g.RemoveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never());
    }

    [Fact]
    public async Task ApplyAsync_GroupsRefuseAChange_UndoesWhatWasMadeAndChangesNothing()
    {
        var connection = PipelineHarness.Registered("a", "b");
        _stats.Subscribed("a");
        _stats.Subscribed("b");
        _groups.Setup(g => g.AddAsync(PipelineHarness.ConnectionId, "d", It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException("backplane"));
        var before = connection.Topics;

        var failure = await Assert.ThrowsAsync<GroupChangeFailedException>(() => _manager.ApplyAsync(connection, Set("b,c,d")).WaitAsync(s_timeout));

        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Same(before, connection.Topics);
        Assert.Equal(1, _stats.SubscribersOf("a"));
        Assert.Equal(0, _stats.SubscribersOf("c"));

        // Left "a", joined "c", failed on "d": then joined "a" again and left "c", in reverse order.
        _groups.Verify(g => g.RemoveAsync(PipelineHarness.ConnectionId, "a", It.IsAny<CancellationToken>()), Times.Once());
        _groups.Verify(g => g.AddAsync(PipelineHarness.ConnectionId, "a", It.IsAny<CancellationToken>()), Times.Once());
        _groups.Verify(g => g.AddAsync(PipelineHarness.ConnectionId, "c", It.IsAny<CancellationToken>()), Times.Once());
        _groups.Verify(g => g.RemoveAsync(PipelineHarness.ConnectionId, "c", It.IsAny<CancellationToken>()), Times.Once());
    }

    [Fact]
    public async Task ApplyAsync_GroupChanges_NeverGetACancellableToken()
    {
        var connection = PipelineHarness.Registered("a");
        var tokens = new List<CancellationToken>();
        _groups.Setup(g => g.AddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((_, _, token) => tokens.Add(token)).Returns(Task.CompletedTask);
        _groups.Setup(g => g.RemoveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((_, _, token) => tokens.Add(token)).Returns(Task.CompletedTask);

        await _manager.ApplyAsync(connection, Set("b,c")).WaitAsync(s_timeout);

        Assert.Equal(3, tokens.Count);
        Assert.All(tokens, token => Assert.False(token.CanBeCanceled));
    }

    [Fact]
    public async Task DisconnectedAsync_WhileAChangeIsBeingMade_WaitsForItAndCountsOutTheSetItLeft()
    {
        var connection = PipelineHarness.Registered();
        var joining = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _groups.Setup(g => g.AddAsync(PipelineHarness.ConnectionId, "a", It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                joining.SetResult();
                await release.Task;
            });

        var applying = _manager.ApplyAsync(connection, Set("a"));
        await joining.Task.WaitAsync(s_timeout);
        var disconnecting = _manager.DisconnectedAsync(connection);
        Assert.False(disconnecting.IsCompleted, "The connection was counted out while a change was being made.");
        release.SetResult();

        Assert.True(await applying.WaitAsync(s_timeout));
        await disconnecting.WaitAsync(s_timeout);
        Assert.Equal(0, _stats.SubscribersOf("a"));
        Assert.Equal(0, _stats.TopicCount);
    }

    [Fact]
    public async Task ApplyAsync_AfterDisconnected_ChangesNothing()
    {
        var connection = PipelineHarness.Registered("a");
        await _manager.DisconnectedAsync(connection).WaitAsync(s_timeout);

        Assert.False(await _manager.ApplyAsync(connection, Set("a,b")).WaitAsync(s_timeout));
        Assert.False(await _manager.RegisterAsync(connection, "u").WaitAsync(s_timeout));

        Assert.Equal(["a"], connection.Topics);
        Assert.Equal(0, _stats.SubscribersOf("b"));
        _groups.VerifyNoOtherCalls();
    }

    private void VerifyJoined(string group) =>
        _groups.Verify(g => g.AddAsync(PipelineHarness.ConnectionId, group, It.IsAny<CancellationToken>()), Times.Once());

    private static HashSet<string> Set(string csv) => new(List(csv), StringComparer.Ordinal);

    private static List<string> List(string csv) => csv.Length == 0 ? [] : [.. csv.Split(',')];
}

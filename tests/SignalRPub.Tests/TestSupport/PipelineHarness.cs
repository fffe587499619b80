using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using SignalRPub.Actions;
using SignalRPub.Cluster;
using SignalRPub.Connections;
using SignalRPub.Diagnostics;
using SignalRPub.Hubs;
using SignalRPub.Protocol;
using SignalRPub.Routing;
using SignalRPub.Security;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.TestSupport;

/// <summary>
/// An <see cref="ActionPipeline"/> over real routes, tokens and subscriptions, with the upstream and the SignalR
/// groups mocked. Routes: entry <c>1</c> at <c>/msg-pub</c> with its actions, entry <c>2</c> with one action
/// of its own, and one action without <c>superior_id</c>.
/// </summary>
internal sealed class PipelineHarness
{
    public const string ConnectionId = "conn-1";
    public const string RegisterUri = "/register";
    public const string SubAddUri = "/sub-add";
    public const string SubPutUri = "/sub-put";
    public const string SubDeleteUri = "/sub-delete";
    public const string DisconnectUri = "/disconnect";
    public const string LocalSubAddUri = "/local-sub-add";
    public const string OtherEntrySubAddUri = "/other/sub-add";
    public const string AnyEntrySubAddUri = "/any/sub-add";

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    public PipelineHarness(Action<LimitsOptions>? limits = null)
    {
        var options = new SignalRPubOptions();
        options.Security.TokenSecret = "unit-test-secret-unit-test-secret-0123";
        limits?.Invoke(options.Limits);

        var upstream = TestRoutes.MockUpstream;
        var table = RouteTable.Create(
            [
                TestRoutes.Entry("1", "/msg-pub"),
                TestRoutes.Action("11", RegisterUri, RouteAction.Register, "1", upstream),
                TestRoutes.Action("12", SubAddUri, RouteAction.SubAdd, "1", upstream),
                TestRoutes.Action("13", SubPutUri, RouteAction.SubPut, "1", upstream),
                TestRoutes.Action("14", SubDeleteUri, RouteAction.SubDelete, "1", upstream),
                TestRoutes.Action("15", DisconnectUri, RouteAction.Disconnect, "1", upstream),
                TestRoutes.Action("16", LocalSubAddUri, RouteAction.SubAdd, "1"),
                TestRoutes.Entry("2", "/other"),
                TestRoutes.Action("21", OtherEntrySubAddUri, RouteAction.SubAdd, "2"),
                TestRoutes.Action("31", AnyEntrySubAddUri, RouteAction.SubAdd),
            ],
            new List<string>())!;

        Answer(UpstreamResult.Answer(200, ReadOnlyMemory<byte>.Empty));
        Tokens = new ConnectionTokens(new LocalTokenSecret(Options.Create(options)));
        Metrics = new GatewayMetrics(MeterFactory);
        Pipeline = new ActionPipeline(
            new RouteTableProvider(table),
            Forwarder.Object,
            new SubscriptionManager(Groups.Object, Mock.Of<IConnectionDirectory>(), Stats),
            Tokens,
            Metrics,
            Options.Create(options),
            NullLogger<ActionPipeline>.Instance);
    }

    public Mock<IUpstreamForwarder> Forwarder { get; } = new();

    /// <summary>The meter factory of the pipeline's instruments, for a <c>MetricCollector</c>.</summary>
    public TestMeterFactory MeterFactory { get; } = new();

    public GatewayMetrics Metrics { get; }

    public Mock<IGroupMembership> Groups { get; } = new();

    public GatewayStats Stats { get; } = new();

    public ConnectionTokens Tokens { get; }

    public ActionPipeline Pipeline { get; }

    /// <summary>The requests the upstream was asked, in order.</summary>
    public List<UpstreamRequest> Forwarded { get; } = [];

    public static ActionRequest Request(string uri, string body = "{}", string method = "POST", bool isHttp = false, string? msgId = "\"7\"")
    {
        var queryStart = uri.IndexOf('?');
        return new ActionRequest(
            queryStart < 0 ? uri : uri[..queryStart],
            queryStart < 0 ? string.Empty : uri[queryStart..],
            method,
            [new("ts", "132132132")],
            Utf8.Bytes(body),
            msgId is null ? default : Utf8.Bytes(msgId),
            isHttp);
    }

    public static ActionRequest Topics(string uri, params string[] topics) =>
        Request(uri, System.Text.Json.JsonSerializer.Serialize(new { topics }));

    public static ConnectionState Connection(string? entryId = "1") =>
        new(ConnectionId, entryId, isRaw: true, "10.1.2.3", Mock.Of<IConnectionCloser>(), connectedTimestamp: 0);

    /// <summary>A registered connection already holding <paramref name="topics"/>; no group calls are made for it.</summary>
    public static ConnectionState Registered(params string[] topics) => RegisteredOn("1", topics);

    /// <summary>A registered connection of the entry <paramref name="entryId"/> (null: a hub connection without entry).</summary>
    public static ConnectionState RegisteredOn(string? entryId, params string[] topics)
    {
        var connection = Connection(entryId);
        connection.MarkRegistered(userId: null);
        connection.SetTopics(new HashSet<string>(topics, StringComparer.Ordinal));
        return connection;
    }

    /// <summary>Makes every following upstream call answer <paramref name="result"/>.</summary>
    public void Answer(UpstreamResult result) =>
        Forwarder.Setup(f => f.ForwardAsync(It.IsAny<UpstreamRequest>(), It.IsAny<CancellationToken>()))
            .Callback<UpstreamRequest, CancellationToken>((request, _) => Forwarded.Add(request))
            .Returns(() => ValueTask.FromResult(result));

    public void Answer(int status, string body) => Answer(UpstreamResult.Answer(status, Utf8.Bytes(body)));

    public Task<ActionResult> ExecuteAsync(ActionRequest request, ConnectionState connection) =>
        Pipeline.ExecuteAsync(request, connection, CancellationToken.None).WaitAsync(s_timeout);

    public Task<FrameAnswer> ExecuteFrameAsync(string frame, ConnectionState connection) =>
        Pipeline.ExecuteFrameAsync(new RequestFrame(Utf8.Bytes(frame)), connection, CancellationToken.None).WaitAsync(s_timeout);

    public void VerifyNotForwarded() =>
        Forwarder.Verify(f => f.ForwardAsync(It.IsAny<UpstreamRequest>(), It.IsAny<CancellationToken>()), Times.Never());

    public void VerifyNoGroupChanges()
    {
        Groups.Verify(g => g.AddAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never());
        Groups.Verify(g => g.RemoveAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never());
    }
}

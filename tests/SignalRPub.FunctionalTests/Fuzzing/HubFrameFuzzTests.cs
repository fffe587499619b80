using System.Text.Unicode;
using CsCheck;
using MessagePack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SignalRPub.FunctionalTests.Infrastructure;
using SignalRPub.Protocol;
using Xunit.Abstractions;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// Issue 9, fuzzing <c>Request(frame)</c> on <c>/hub</c> with both hub protocols: the mutated frames of
/// <see cref="FrameFuzzTests"/> as the argument, byte for byte; for MessagePack also what JSON cannot say (strings
/// that are not UTF-8, keys that are not strings, deep nesting, binary, extensions, NaN). Every call completes with a
/// response frame, never a hub error, with its msgId and never a 500; a refusal changes nothing; a 200 is the set the
/// connection now holds; the hub connection stays open, but after a disconnect, and for a JSON argument nested deeper
/// than SignalR's JSON protocol reads a message (SignalR closes the connection before any frame is seen); the upstream
/// never sees what the header policy drops; no error is logged; and a witness connection keeps receiving throughout.
/// </summary>
public sealed class HubFrameFuzzTests(ITestOutputHelper output)
{
    /// <summary>The deepest <c>Request</c> argument SignalR's JSON hub protocol reads: 64 levels, less its envelope's two.</summary>
    private const int JsonHubMaxArgumentDepth = 62;

    private static readonly string[] s_initialTopics = ["a", "b", "hq_100001_129"];

    public static TheoryData<HubProtocolKind> Protocols => new() { HubProtocolKind.Json, HubProtocolKind.MessagePack };

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task HubRequest_MutatedFrames_AnsweredWithResponseFrameNever500RefusalsChangeNothing(HubProtocolKind protocol)
    {
        var settings = FuzzSettings.FromEnvironment(defaultIterations: 250, output);
        await using var routes = await FuzzRoutes.StartAsync();
        var logs = new CapturedLogs();
        await using var gateway = await TestGateway.StartAsync(o =>
        {
            routes.Configure(o);
            o.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        });
        var witness = await FuzzWitness.ConnectAsync(gateway);
        var subject = await Subject.ConnectAsync(gateway, routes, protocol);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var inputs = Gen.Select(
                FuzzFrames.Documents,
                MessagePackMutation.Gen.Null(0.5),
                (document, mutation) => new HubInput(document, protocol, protocol == HubProtocolKind.MessagePack ? mutation : null));
            await settings.RunAsync(inputs, async input =>
            {
                subject = await CheckAsync(gateway, routes, subject, input, outcomes);
                routes.AssertUpstreamCallsClean();
                FuzzAssert.NoErrorLogged(logs);
            }, input => input.ToString(), witness);
            routes.AssertUpstreamCallsClean();
            output.WriteLine($"Outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key} x{o.Value}"))}.");
        }
        finally
        {
            await subject.Socket.DisposeAsync();
            await witness.DisposeAsync();
        }
    }

    private static async Task<Subject> CheckAsync(TestGateway gateway, FuzzRoutes routes, Subject subject, HubInput input, SortedDictionary<string, int> outcomes)
    {
        if (input.BreaksJsonHubMessage)
        {
            var error = await Record.ExceptionAsync(() => subject.Socket.RequestAsync(input.Argument));
            Assert.True(error is InvalidOperationException && error.Message.Contains("closed the connection", StringComparison.Ordinal), $"Expected the hub to close the connection but got {error?.ToString() ?? "an answer"}.");
            outcomes["hub closed"] = outcomes.GetValueOrDefault("hub closed") + 1;
            await subject.Socket.DisposeAsync();
            return await Subject.ConnectAsync(gateway, routes, subject.Protocol);
        }

        var response = await subject.Socket.RequestAsync(input.Argument);
        var topics = FuzzAssert.TopicsAfter(response, input.Expectation(), subject.Topics, subject.ConnectionId, out var disconnected, out var outcome);
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        if (disconnected)
        {
            // The gateway ends a hub connection after its disconnect (docs/protocol.md §7): carry on with a fresh one.
            await subject.Socket.DisposeAsync();
            return await Subject.ConnectAsync(gateway, routes, subject.Protocol);
        }

        Assert.Equal(topics, await subject.CurrentTopicsAsync());
        subject.Topics = topics;
        return subject;
    }

    /// <summary>A fuzzed argument of <c>Request</c>: a mutated frame, and for MessagePack maybe a change JSON cannot express.</summary>
    private sealed record HubInput(FuzzDocument Document, HubProtocolKind Protocol, MessagePackMutation? Mutation)
    {
        /// <summary>
        /// The argument's bytes. A hub message is parsed whole before its argument is looked at, so an argument that is
        /// not well-formed JSON (or, in a JSON text frame, not UTF-8) breaks the message rather than the frame: such a
        /// document is sent without its text mutation.
        /// </summary>
        public byte[] Argument
        {
            get
            {
                var json = Document.ToUtf8();
                if ((Protocol == HubProtocolKind.Json && !Utf8.IsValid(json)) || !FuzzJson.IsWellFormed(json))
                {
                    json = (Document with { Text = null }).ToUtf8();
                }

                return Protocol == HubProtocolKind.Json ? json : FuzzMessagePack.FromJson(json, Mutation);
            }
        }

        /// <summary>
        /// Whether the JSON hub protocol cannot read the message at all: SignalR reads a whole hub message at most 64
        /// levels deep (its envelope takes two), and closes a connection whose message it cannot read, as for any
        /// other malformed message. The frame is never seen, so nothing answers it.
        /// </summary>
        public bool BreaksJsonHubMessage => Protocol == HubProtocolKind.Json && FuzzJson.Depth(Argument) > JsonHubMaxArgumentDepth;

        /// <summary>
        /// What the answer must be. A MessagePack argument is read as the JSON the gateway's own transcoding makes of it
        /// (PROTOCOL.md leaves that mapping to the gateway); one it cannot take is a frame that cannot be read.
        /// </summary>
        public FrameExpectation Expectation()
        {
            var argument = Argument;
            if (Protocol == HubProtocolKind.Json)
            {
                return FrameExpectation.Of(argument);
            }

            var reader = new MessagePackReader(argument);
            try
            {
                return FrameExpectation.Of(MessagePackJson.ReadAsJson(ref reader)) with { AsMessagePack = true };
            }
            catch (Exception e) when (e is MessagePackSerializationException or ArgumentException or InvalidOperationException)
            {
                return FrameExpectation.Of([]) with { AsMessagePack = true };
            }
        }

        public override string ToString() => Protocol == HubProtocolKind.Json
            ? $"{Protocol} {Document}"
            : $"{Protocol} {Document}{(Mutation is null ? "" : $" and {Mutation.Kind} {Mutation.Target}/{Mutation.Choice}")}: {Convert.ToHexString(Argument.AsSpan(0, Math.Min(Argument.Length, 1000)))}";
    }

    /// <summary>The fuzzed hub connection: registered on the seed's entry, holding a few topics to begin with, and the set it holds now.</summary>
    private sealed class Subject(RawHubSocket socket, HubProtocolKind protocol, string connectionId, string[] topics)
    {
        public RawHubSocket Socket { get; } = socket;

        public HubProtocolKind Protocol { get; } = protocol;

        public string ConnectionId { get; } = connectionId;

        public string[] Topics { get; set; } = topics;

        public static async Task<Subject> ConnectAsync(TestGateway gateway, FuzzRoutes routes, HubProtocolKind protocol)
        {
            var socket = await RawHubSocket.ConnectAsync(gateway.HubUri(), protocol);
            var registered = await socket.RequestAsync(Frames.Request(SeedUris.Register, msgId: "register"));
            Frames.AssertStatus(registered, 200);
            var connectionId = JsonAssert.Property(Frames.Body(registered), "connectionId").GetString()!;
            routes.ConnectionIds.Add(connectionId);
            var topics = Frames.Topics(await socket.RequestAsync(Frames.Request(SeedUris.SubAdd, Frames.Topics(s_initialTopics), "subscribe")));
            return new Subject(socket, protocol, connectionId, topics);
        }

        /// <summary>The connection's set, read without changing it (a seed <c>sub_delete</c> of a topic nobody holds).</summary>
        public async Task<string[]> CurrentTopicsAsync() =>
            Frames.Topics(await Socket.RequestAsync(Frames.Request(SeedUris.SubDelete, Frames.Topics("never-held-by-any-test"), "read")));
    }
}

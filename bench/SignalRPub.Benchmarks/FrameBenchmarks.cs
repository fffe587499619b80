using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalRPub.Actions;
using SignalRPub.Protocol;

namespace SignalRPub.Benchmarks;

/// <summary>Parsing a request frame and writing a push frame, the two ends of the raw protocol.</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private static readonly byte[] s_request = Encoding.UTF8.GetBytes(
        "{\"uri\":\"/60150/ormp/subscribe/accountSubscribe\",\"header\":{\"ts\":132132132,\"msgId\":\"2\",\"Content-Type\":\"json\",\"client-metadata\":{}},\"body\":{\"topics\":[\"hq_100001_129\",\"hq_100001_123\"]}}");

    private readonly PubFrameHubProtocol _protocol = new();
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private InvocationMessage _push = null!;

    [GlobalSetup]
    public void Setup() =>
        _push = new InvocationMessage(HubMethods.Push, [new PushFrame("hq_100001_129", Encoding.UTF8.GetBytes("{\"last\":12.34,\"ts\":1732652400000,\"vol\":1200}"))]);

    [Benchmark]
    public bool ParseRequestFrame() => FrameParser.Parse(s_request, out _) is not null;

    [Benchmark]
    public int WritePushFrame()
    {
        _output.ResetWrittenCount();
        _protocol.WriteMessage(_push, _output);
        return _output.WrittenCount;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using Microsoft.AspNetCore.SignalR.Protocol;
using SignalRPub.Protocol;
using SignalRPub.RawWebSockets;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.RawWebSockets;

public class PushBatchWriterTests
{
    private static readonly PubFrameHubProtocol s_protocol = new();

    [Fact]
    public void IsPush_TheProtocolsPushRecord_ReturnsTrue()
    {
        Assert.True(PushBatchWriter.IsPush(new ReadOnlySequence<byte>(Record(Push("a", "1")))));
    }

    [Fact]
    public void IsPush_TheProtocolsResponseRecord_ReturnsFalse()
    {
        Assert.False(PushBatchWriter.IsPush(new ReadOnlySequence<byte>(Record(Response("\"m1\"")))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(13)]
    public void IsPush_LeadSplitAcrossSegments_ReturnsTrue(int cut)
    {
        Assert.True(PushBatchWriter.IsPush(BufferSegment.Split(Record(Push("a", "1")), cut)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"type\":\"pu")]
    [InlineData("{\"type\":\"pushy\"}")]
    public void IsPush_ShortOrOtherRecord_ReturnsFalse(string record)
    {
        Assert.False(PushBatchWriter.IsPush(new ReadOnlySequence<byte>(Utf8.Bytes(record))));
    }

    [Fact]
    public async Task Send_TwoPushes_OneBatchFrameCarryingBothByteForByte()
    {
        var first = Push("a", """{"last":1.5}""");
        var second = Push("b", "[1,2]");

        var frames = await SendAsync(4096, first, second);

        Assert.Equal([Batch(first, second)], frames);
    }

    [Fact]
    public async Task Send_LonePush_PlainPushFrame()
    {
        var push = Push("a", "1");

        var frames = await SendAsync(4096, push);

        Assert.Equal([push], frames);
    }

    [Fact]
    public async Task Send_ResponsesBetweenPushes_ResponsesAloneAndOrderKept()
    {
        string[] records = [Push("a", "1"), Push("a", "2"), Response("1"), Push("a", "3"), Response("2"), Push("a", "4"), Push("a", "5"), Push("a", "6")];

        var frames = await SendAsync(4096, records);

        Assert.Equal([Batch(records[0], records[1]), records[2], records[3], records[4], Batch(records[5], records[6], records[7])], frames);
    }

    [Fact]
    public async Task Send_CapReached_NextPushesStartANewBatch()
    {
        var pushes = Enumerable.Range(0, 5).Select(i => Push("t", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var two = Batch(pushes[0], pushes[1]).Length;

        var frames = await SendAsync(two, pushes);

        Assert.Equal([Batch(pushes[0], pushes[1]), Batch(pushes[2], pushes[3]), pushes[4]], frames);
    }

    [Fact]
    public async Task Send_PushOverTheCap_GoesAloneBetweenBatches()
    {
        var small = Enumerable.Range(0, 4).Select(i => Push("t", i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();
        var big = Push("t", $"\"{new string('x', 500)}\"");

        var frames = await SendAsync(300, small[0], small[1], big, small[2], small[3]);

        Assert.Equal([Batch(small[0], small[1]), big, Batch(small[2], small[3])], frames);
    }

    [Fact]
    public async Task Send_PayloadExactlyAtTheCap_OneBatch()
    {
        var pushes = new[] { Push("a", "1"), Push("b", "2"), Push("c", "3") };

        var frames = await SendAsync(Batch(pushes).Length, pushes);

        Assert.Equal([Batch(pushes)], frames);
    }

    [Fact]
    public async Task Send_IncompleteRecordAtTheEnd_LeftInTheBuffer()
    {
        var pushes = new[] { Push("a", "1"), Push("b", "2") };
        var partial = Utf8.Bytes("""{"type":"push","topic":"c","da""");
        var buffer = new ReadOnlySequence<byte>([.. Record(pushes[0]), .. Record(pushes[1]), .. partial]);

        var (frames, rest) = await SendAsync(buffer, 4096);

        Assert.Equal([Batch(pushes)], frames);
        Assert.Equal(partial, rest.ToArray());
    }

    [Fact]
    public async Task Send_RecordsSplitAcrossSegments_SameBytesAsInOnePiece()
    {
        var pushes = new[] { Push("a", "\"one\""), Push("b", "\"two\""), Push("c", "\"three\"") };
        byte[] joined = [.. pushes.SelectMany(Record)];

        var (frames, _) = await SendAsync(BufferSegment.Split(joined, 3, 30, 31, joined.Length - 2), 4096);

        Assert.Equal([Batch(pushes)], frames);
    }

    [Theory]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(200_000)]
    public async Task Send_BatchOfPayloadLength_MinimalLengthEncoding(int payloadLength)
    {
        // Two pushes whose batch frame's payload is exactly payloadLength bytes long.
        var first = Push("a", "0");
        var fixedPart = Batch(first, Push("b", "\"\"")).Length;
        var second = Push("b", $"\"{new string('x', payloadLength - fixedPart)}\"");

        var frames = await SendAsync(1 << 20, first, second);

        var batch = Assert.Single(frames);
        Assert.Equal(payloadLength, Utf8.Bytes(batch).Length);
        Assert.Equal(Batch(first, second), batch);
    }

    private static string Push(string topic, string data)
    {
        var output = new ArrayBufferWriter<byte>();
        s_protocol.WriteMessage(new InvocationMessage(HubMethods.Push, [new PushFrame(topic, Utf8.Bytes(data))]), output);
        return WithoutSeparator(output);
    }

    private static string Response(string msgId)
    {
        var output = new ArrayBufferWriter<byte>();
        s_protocol.WriteMessage(CompletionMessage.WithResult("1", new ResponseFrame(Utf8.Bytes(msgId), 200, Utf8.Bytes("{}"))), output);
        return WithoutSeparator(output);
    }

    private static string WithoutSeparator(ArrayBufferWriter<byte> output)
    {
        Assert.Equal(PubFrameHubProtocol.RecordSeparator, output.WrittenSpan[^1]);
        return Utf8.Text(output.WrittenMemory[..^1]);
    }

    private static byte[] Record(string frame) => [.. Utf8.Bytes(frame), PubFrameHubProtocol.RecordSeparator];

    private static string Batch(params string[] pushes) => $$"""{"type":"batch","frames":[{{string.Join(',', pushes)}}]}""";

    private static async Task<List<string>> SendAsync(int maxBatchBytes, params string[] records)
    {
        var (frames, rest) = await SendAsync(new ReadOnlySequence<byte>([.. records.SelectMany(Record)]), maxBatchBytes);
        Assert.Equal(0, rest.Length);
        return frames;
    }

    // What the send loop does with the records of one read when the client asked for batches: pushes through the
    // writer, everything else as a frame of its own, all in one batch of the stream.
    private static async Task<(List<string> Frames, ReadOnlySequence<byte> Left)> SendAsync(ReadOnlySequence<byte> buffer, int maxBatchBytes)
    {
        using var transport = new MemoryStream();
        var stream = new BatchingStream(transport);
        await stream.BeginBatchAsync();
        while (RawSocketConnection.TryReadRecord(ref buffer, out var record))
        {
            if (PushBatchWriter.IsPush(record))
            {
                PushBatchWriter.Append(stream, record, ref buffer, maxBatchBytes);
            }
            else
            {
                stream.AppendTextFrame(record);
            }
        }

        await stream.EndBatchAsync(CancellationToken.None);
        return (ReadFrames(transport.ToArray()), buffer);
    }

    // Unmasked text frames (RFC 6455 §5.2), each checked to state its length in the fewest bytes.
    private static List<string> ReadFrames(byte[] bytes)
    {
        var frames = new List<string>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            Assert.Equal(0x81, bytes[offset]);
            var length7 = bytes[offset + 1];
            Assert.Equal(0, length7 & 0x80);
            long length;
            int header;
            switch (length7)
            {
                case 126:
                    length = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(offset + 2));
                    Assert.InRange(length, 126, ushort.MaxValue);
                    header = 4;
                    break;
                case 127:
                    length = (long)BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(offset + 2));
                    Assert.InRange(length, ushort.MaxValue + 1L, long.MaxValue);
                    header = 10;
                    break;
                default:
                    length = length7;
                    header = 2;
                    break;
            }

            frames.Add(Utf8.Text(bytes.AsMemory(offset + header, (int)length)));
            offset += header + (int)length;
        }

        return frames;
    }
}

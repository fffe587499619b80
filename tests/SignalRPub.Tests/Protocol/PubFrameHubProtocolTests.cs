using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Moq;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class PubFrameHubProtocolTests
{
    private const string Frame = """{"uri":"/a","body":{"topics":["x"]}}""";

    private readonly PubFrameHubProtocol _protocol = new();
    private readonly IInvocationBinder _binder = Mock.Of<IInvocationBinder>();

    [Fact]
    public void GetMessageBytes_Ping_IsEmptyAndHoldsNoBuffer()
    {
        // SignalR keeps these bytes for every connection's whole life.
        var bytes = _protocol.GetMessageBytes(PingMessage.Instance);

        Assert.True(bytes.IsEmpty);
        Assert.False(MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array!.Length > 0);
    }

    [Fact]
    public void TryParseMessage_OneRecord_ReturnsRequestInvocationAndConsumesIt()
    {
        var input = new ReadOnlySequence<byte>(Record(Frame));

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));

        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal("Request", invocation.Target);
        Assert.False(string.IsNullOrEmpty(invocation.InvocationId));
        var request = Assert.IsType<RequestFrame>(Assert.Single(invocation.Arguments));
        Assert.Equal(Frame, Utf8.Text(request.Utf8Json));
        Assert.Equal(0, input.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(-1)]
    public void TryParseMessage_PartialRecord_ReturnsFalseAndConsumesNothing(int length)
    {
        var record = Record(Frame);
        var partial = record.AsMemory(0, length < 0 ? record.Length + length : length);
        var input = new ReadOnlySequence<byte>(partial);

        Assert.False(_protocol.TryParseMessage(ref input, _binder, out var message));

        Assert.Null(message);
        Assert.Equal(partial.Length, input.Length);
    }

    [Fact]
    public void TryParseMessage_TwoRecordsInOneBuffer_ParsesBothInOrder()
    {
        var input = new ReadOnlySequence<byte>([.. Record("""{"uri":"/first"}"""), .. Record("""{"uri":"/second"}""")]);

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var first));
        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var second));
        Assert.False(_protocol.TryParseMessage(ref input, _binder, out _));

        Assert.Equal("""{"uri":"/first"}""", Utf8.Text(FrameOf(first).Utf8Json));
        Assert.Equal("""{"uri":"/second"}""", Utf8.Text(FrameOf(second).Utf8Json));
        Assert.NotEqual(((InvocationMessage)first).InvocationId, ((InvocationMessage)second).InvocationId);
        Assert.Equal(0, input.Length);
    }

    [Fact]
    public void TryParseMessage_RecordAndPartOfNext_ParsesFirstAndLeavesTheRest()
    {
        var next = Record("""{"uri":"/second"}""");
        var input = new ReadOnlySequence<byte>([.. Record(Frame), .. next.AsSpan(0, 6)]);

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out _));
        Assert.False(_protocol.TryParseMessage(ref input, _binder, out _));

        Assert.Equal(6, input.Length);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(10)]
    public void TryParseMessage_RecordSplitAcrossSegments_IsReassembled(int cut)
    {
        var input = BufferSegment.Split(Record(Frame), cut);

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));

        Assert.Equal(Frame, Utf8.Text(FrameOf(message).Utf8Json));
    }

    [Fact]
    public void TryParseMessage_EmptyRecord_GivesEmptyFrame()
    {
        var input = new ReadOnlySequence<byte>(Record(string.Empty));

        Assert.True(_protocol.TryParseMessage(ref input, _binder, out var message));

        Assert.True(FrameOf(message).Utf8Json.IsEmpty);
    }

    [Fact]
    public void WriteMessage_Push_WritesPushFrameAndSeparator()
    {
        var push = new PushFrame("hq_100001_129", Utf8.Bytes("""{"last":12.34}"""));

        var written = Write(new InvocationMessage(HubMethods.Push, [push]));

        Assert.Equal("""{"type":"push","topic":"hq_100001_129","data":{"last":12.34}}""" + "\u001e", written);
    }

    [Fact]
    public void WriteMessage_PushWithoutData_WritesNullData()
    {
        var written = Write(new InvocationMessage(HubMethods.Push, [new PushFrame("t", ReadOnlyMemory<byte>.Empty)]));

        Assert.Equal("""{"type":"push","topic":"t","data":null}""" + "\u001e", written);
    }

    [Fact]
    public void WriteMessage_Response_WritesResponseFrameAndSeparator()
    {
        var response = new ResponseFrame(Utf8.Bytes("\"2\""), 200, Utf8.Bytes("""{"topics":["hq_100001_123","hq_100001_129"],"upstream":null}"""));

        var written = Write(CompletionMessage.WithResult("1", response));

        Assert.Equal(
            """{"type":"response","msgId":"2","status":200,"body":{"topics":["hq_100001_123","hq_100001_129"],"upstream":null}}""" + "\u001e",
            written);
    }

    [Fact]
    public void WriteMessage_ResponseWithNumericMsgId_KeepsNumber()
    {
        var written = Write(CompletionMessage.WithResult("1", new ResponseFrame(Utf8.Bytes("5"), 404, Utf8.Bytes("{}"))));

        Assert.Equal("""{"type":"response","msgId":5,"status":404,"body":{}}""" + "\u001e", written);
    }

    [Fact]
    public void WriteMessage_ResponseWithoutMsgId_WritesNullMsgId()
    {
        var written = Write(CompletionMessage.WithResult("1", new ResponseFrame(ReadOnlyMemory<byte>.Empty, 400, Utf8.Bytes("{}"))));

        Assert.Equal("""{"type":"response","msgId":null,"status":400,"body":{}}""" + "\u001e", written);
    }

    [Fact]
    public void WriteMessage_CloseAfterResponse_AddsEmptyRecord()
    {
        var response = new ResponseFrame(Utf8.Bytes("\"9\""), 200, Utf8.Bytes("""{"upstream":null}""")) { CloseAfter = true };

        var written = Write(CompletionMessage.WithResult("1", response));

        Assert.Equal("""{"type":"response","msgId":"9","status":200,"body":{"upstream":null}}""" + "\u001e\u001e", written);
    }

    [Fact]
    public void WriteMessage_CompletionWithoutResponseFrame_WritesInternalError()
    {
        var written = Write(CompletionMessage.WithError("1", "failed"));

        Assert.EndsWith("\u001e", written, StringComparison.Ordinal);
        var frame = Utf8.Bytes(written.TrimEnd('\u001e'));
        Assert.Equal("500", JsonAssert.Member(frame, "status"));
        Assert.Equal("null", JsonAssert.Member(frame, "msgId"));
        JsonAssert.IsError("internal", Utf8.Bytes(JsonAssert.Member(frame, "body")));
    }

    [Fact]
    public void WriteMessage_PingAndClose_WriteNothing()
    {
        Assert.Equal(string.Empty, Write(PingMessage.Instance));
        Assert.Equal(string.Empty, Write(CloseMessage.Empty));
    }

    [Fact]
    public void WriteMessage_TwoMessagesIntoOneBuffer_AppendsRecords()
    {
        var output = new ArrayBufferWriter<byte>();

        _protocol.WriteMessage(new InvocationMessage(HubMethods.Push, [new PushFrame("a", Utf8.Bytes("1"))]), output);
        _protocol.WriteMessage(new InvocationMessage(HubMethods.Push, [new PushFrame("b", Utf8.Bytes("2"))]), output);

        Assert.Equal(
            """{"type":"push","topic":"a","data":1}""" + "\u001e" + """{"type":"push","topic":"b","data":2}""" + "\u001e",
            Utf8.Text(output.WrittenMemory));
    }

    [Fact]
    public void GetMessageBytes_Push_EqualsWriteMessage()
    {
        var message = new InvocationMessage(HubMethods.Push, [new PushFrame("a", Utf8.Bytes("[1,2]"))]);

        Assert.Equal(Write(message), Utf8.Text(_protocol.GetMessageBytes(message)));
    }

    [Fact]
    public void Protocol_NameVersionAndFormat_AreFixed()
    {
        Assert.Equal("pubframe", _protocol.Name);
        Assert.Equal(1, _protocol.Version);
        Assert.True(_protocol.IsVersionSupported(1));
        Assert.False(_protocol.IsVersionSupported(2));
        Assert.Equal(Microsoft.AspNetCore.Connections.TransferFormat.Binary, _protocol.TransferFormat);
    }

    private static byte[] Record(string json)
    {
        var frame = Utf8.Bytes(json);
        var record = new byte[4 + frame.Length];
        BinaryPrimitives.WriteInt32LittleEndian(record, frame.Length);
        frame.CopyTo(record, 4);
        return record;
    }

    private static RequestFrame FrameOf(HubMessage? message) =>
        Assert.IsType<RequestFrame>(Assert.Single(Assert.IsType<InvocationMessage>(message).Arguments));

    private string Write(HubMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        _protocol.WriteMessage(message, output);
        return Utf8.Text(output.WrittenMemory);
    }
}

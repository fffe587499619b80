using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using SignalRPub.Protocol;
using SignalRPub.Tests.TestSupport;

namespace SignalRPub.Tests.Protocol;

public class CloseAfterResponseHubProtocolTests
{
    private readonly CloseAfterResponseHubProtocol _protocol = new(new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())));

    [Fact]
    public void WriteMessage_CloseAfterResponse_AppendsCloseMessage()
    {
        var response = new ResponseFrame(Utf8.Bytes("\"9\""), 200, Utf8.Bytes("""{"upstream":null}""")) { CloseAfter = true };

        var records = Records(CompletionMessage.WithResult("1", response));

        Assert.Equal(2, records.Length);
        JsonAssert.Equal("""{"type":"response","msgId":"9","status":200,"body":{"upstream":null}}""", JsonAssert.Member(Utf8.Bytes(records[0]), "result"));
        Assert.Equal("7", JsonAssert.Member(Utf8.Bytes(records[1]), "type"));
    }

    [Fact]
    public void WriteMessage_OrdinaryResponse_WritesOnlyTheCompletion()
    {
        var records = Records(CompletionMessage.WithResult("1", new ResponseFrame(Utf8.Bytes("1"), 200, Utf8.Bytes("{}"))));

        Assert.Equal("3", JsonAssert.Member(Utf8.Bytes(Assert.Single(records)), "type"));
    }

    [Fact]
    public void GetMessageBytes_CloseAfterResponse_AppendsCloseMessage()
    {
        var message = CompletionMessage.WithResult("1", new ResponseFrame(Utf8.Bytes("1"), 200, Utf8.Bytes("{}")) { CloseAfter = true });

        var text = Utf8.Text(_protocol.GetMessageBytes(message));

        Assert.Equal(2, text.Split('\u001e', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Name_IsTheInnerProtocols()
    {
        Assert.Equal("json", _protocol.Name);
    }

    private string[] Records(HubMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        _protocol.WriteMessage(message, output);
        return Utf8.Text(output.WrittenMemory).Split('\u001e', StringSplitOptions.RemoveEmptyEntries);
    }
}

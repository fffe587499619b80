using System.Net;
using SignalRPub.Upstreams;

namespace SignalRPub.Tests.Upstreams;

public class ListenerTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9080", "127.0.0.1", 9080)]
    [InlineData("http://127.0.0.1:9080/", "127.0.0.1", 9080)]
    [InlineData("https://10.1.2.3", "10.1.2.3", 443)]
    [InlineData("http://10.1.2.3", "10.1.2.3", 80)]
    [InlineData("http://[::1]:9180", "::1", 9180)]
    [InlineData("http://0.0.0.0:9080", null, 9080)]
    [InlineData("http://[::]:9080", null, 9080)]
    [InlineData("http://*:9080", null, 9080)]
    [InlineData("http://+:9080", null, 9080)]
    [InlineData("http://localhost:9080", null, 9080)]
    [InlineData("http://gateway.example:9080", null, 9080)]
    public void Parse_ListenerUrl_ReadsAddressAndPort(string url, string? address, int port)
    {
        var listener = Listener.Parse(url);

        Assert.NotNull(listener);
        Assert.Equal(address is null ? null : IPAddress.Parse(address), listener.Value.Address);
        Assert.Equal(port, listener.Value.Port);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://unix:/run/gateway.sock")]
    [InlineData("127.0.0.1:9080")]
    [InlineData("http://127.0.0.1:port")]
    public void Parse_NoTcpPortYet_Null(string url)
    {
        Assert.Null(Listener.Parse(url));
    }

    [Theory]
    [InlineData("127.0.0.1", 9080, true)]
    [InlineData("127.0.0.1", 9081, false)]
    [InlineData("127.0.0.2", 9080, false)]
    [InlineData("0.0.0.0", 9080, true)]
    [InlineData("::", 9080, true)]
    public void IsReachedBy_ListenerOnOneAddress_OnlyThatAddressOrTheUnspecifiedOne(string address, int port, bool reached)
    {
        var listener = Listener.Parse("http://127.0.0.1:9080")!.Value;

        Assert.Equal(reached, listener.IsReachedBy(IPAddress.Parse(address), port, _ => false));
    }

    [Theory]
    [InlineData("127.0.0.5", true)]
    [InlineData("::1", true)]
    [InlineData("10.9.8.7", true)]
    [InlineData("10.9.8.6", false)]
    public void IsReachedBy_WildcardListener_EveryLocalAddress(string address, bool reached)
    {
        var listener = Listener.Parse("http://0.0.0.0:9080")!.Value;
        var local = IPAddress.Parse("10.9.8.7");

        Assert.Equal(reached, listener.IsReachedBy(IPAddress.Parse(address), 9080, a => IPAddress.IsLoopback(a) || a.Equals(local)));
    }
}

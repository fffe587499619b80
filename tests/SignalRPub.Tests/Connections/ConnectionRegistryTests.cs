using Moq;
using SignalRPub.Connections;

namespace SignalRPub.Tests.Connections;

public class ConnectionRegistryTests
{
    private readonly ConnectionRegistry _registry = new();

    [Fact]
    public void Unregistered_CountsConnectionsUntilTheyRegister()
    {
        var first = Add("a");
        Add("b");

        Assert.Equal(2, _registry.Unregistered);

        first.MarkRegistered(userId: null);
        first.MarkRegistered(userId: "u");

        Assert.Equal(1, _registry.Unregistered);
    }

    [Fact]
    public void Unregistered_ConnectionLeavingUnregistered_IsNoLongerCounted()
    {
        Add("a");
        var registered = Add("b");
        registered.MarkRegistered(userId: null);

        _registry.Remove("a");
        _registry.Remove("b");
        _registry.Remove("b");

        Assert.Equal(0, _registry.Unregistered);
        Assert.Equal(0, _registry.Count);
    }

    private ConnectionState Add(string id)
    {
        var state = new ConnectionState(id, "1", isRaw: true, null, Mock.Of<IConnectionCloser>(), 0);
        _registry.Add(state);
        return state;
    }
}

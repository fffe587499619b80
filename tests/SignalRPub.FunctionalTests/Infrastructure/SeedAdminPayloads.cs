namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// The admin payloads of the seed documentation (<c>ht-ws-msg-pub.md</c>), byte for byte as its <c>curl -d</c>
/// arguments send them (leading newline and indentation included), and the entry route their
/// <c>superior_id</c> names.
/// </summary>
internal static class SeedAdminPayloads
{
    /// <summary>The entry route <c>1</c> (WebSocket endpoint <c>/msg-pub</c>).</summary>
    public const string Entry = """{"uri":"/msg-pub","plugins":{"ht-ws-msg-pub":{}}}""";

    /// <summary>The seed's upstream host (a name only the seed's own network resolves).</summary>
    public const string SeedHost = "mock-ms1975";

    /// <summary>The seed's upstream port.</summary>
    public const int SeedPort = 1975;

    /// <summary>Route 11: register.</summary>
    public const string Route11 = "\n" + """
        {
            "plugins": {
                "ht-msg-sub": {
                    "action": "register",
                    "upstream": {
                        "nodes": [{
                            "host": "mock-ms1975",
                            "port": 1975,
                            "weight": 1
                        }],
                        "type": "roundrobin"
                    }
                }
            },
            "labels": {
                "superior_id": "1"
            },
            "uri": "/60101/ormp/session/channelRegister"
        }
        """;

    /// <summary>Route 12: sub_add.</summary>
    public const string Route12 = "\n" + """
        {
            "plugins": {
                "ht-msg-sub": {
                    "action": "sub_add",
                    "upstream": {
                        "nodes": [{
                            "host": "mock-ms1975",
                            "port": 1975,
                            "weight": 1
                        }],
                        "type": "roundrobin"
                    }
                }
            },
            "labels": {
                "superior_id": "1"
            },
            "uri": "/60150/ormp/subscribe/accountSubscribe"
        }
        """;

    /// <summary>Route 13: sub_put.</summary>
    public const string Route13 = "\n" + """
        {
            "plugins": {
                "ht-msg-sub": {
                    "action": "sub_put",
                    "nodes": [{
                        "host": "mock-ms1975",
                        "port": 1975,
                        "weight": 1
                    }],
                    "type": "roundrobin"
                }
            },
            "labels": {
                "superior_id": "1"
            },
            "uri": "/60150/ormp/subscribe/syncSubscribe"
        }
        """;

    /// <summary>Route 14: sub_delete.</summary>
    public const string Route14 = "\n" + """
        {
            "plugins": {
                "ht-msg-sub": {
                    "action": "sub_delete",
                    "nodes": [{
                        "host": "mock-ms1975",
                        "port": 1975,
                        "weight": 1
                    }],
                    "type": "roundrobin"
                }
            },
            "labels": {
                "superior_id": "1"
            },
            "uri": "/60150/ormp/subscribe/cancelSubscribe"
        }
        """;

    /// <summary>Route 15: disconnect.</summary>
    public const string Route15 = "\n" + """
        {
            "plugins": {
                "ht-msg-sub": {
                    "action": "disconnect",
                    "nodes": [{
                        "host": "mock-ms1975",
                        "port": 1975,
                        "weight": 1
                    }],
                    "type": "roundrobin"
                }
            },
            "labels": {
                "superior_id": "1"
            },
            "uri": "/60101/ormp/session/channelDisconnect"
        }
        """;

    /// <summary>Routes 11–15 by id.</summary>
    public static IReadOnlyList<(string Id, string Payload)> ActionRoutes { get; } =
    [
        ("11", Route11),
        ("12", Route12),
        ("13", Route13),
        ("14", Route14),
        ("15", Route15),
    ];
}

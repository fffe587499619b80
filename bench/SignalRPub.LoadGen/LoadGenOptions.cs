using System.Globalization;

namespace SignalRPub.LoadGen;

/// <summary>Command-line options: <c>--name value</c> pairs, each with a default.</summary>
internal sealed class LoadGenOptions
{
    public string Scenario { get; private set; } = "fanout";
    public string Client { get; private set; } = "raw";
    /// <summary>The gateway nodes' base URLs (<c>--url</c>, comma-separated): clients are spread over them round robin, and so are publishes.</summary>
    public IReadOnlyList<Uri> Urls { get; private set; } = [new("http://127.0.0.1:9080")];

    /// <summary>The first node: the only one for scenarios that run against one node.</summary>
    public Uri Url => Urls[0];
    public string Entry { get; private set; } = "/msg-pub";
    public string RegisterUri { get; private set; } = "/60101/ormp/session/channelRegister";
    public string SubAddUri { get; private set; } = "/60150/ormp/subscribe/accountSubscribe";
    public string SubPutUri { get; private set; } = "/60150/ormp/subscribe/syncSubscribe";
    public string SubDeleteUri { get; private set; } = "/60150/ormp/subscribe/cancelSubscribe";
    public string DisconnectUri { get; private set; } = "/60101/ormp/session/channelDisconnect";
    public string PublishKey { get; private set; } = "bench-key";
    public int Connections { get; private set; } = 100;
    public int Topics { get; private set; } = 10;
    public int TopicsPerConnection { get; private set; } = 1;
    public int Rate { get; private set; }
    public int Batch { get; private set; } = 20;
    public int InFlight { get; private set; } = 8;
    public int PayloadBytes { get; private set; } = 64;
    public double DurationSeconds { get; private set; } = 10;
    public double WarmupSeconds { get; private set; } = 2;
    /// <summary>The nodes' server pids, in the order of <see cref="Urls"/> (fewer leave the rest unmeasured).</summary>
    public IReadOnlyList<int> ServerPids { get; private set; } = [];

    /// <summary>The first node's pid; 0 when not given.</summary>
    public int ServerPid => ServerPids.Count > 0 ? ServerPids[0] : 0;
    public string Label { get; private set; } = string.Empty;

    /// <summary>nats-server's client port (<c>--nats-url</c>), where the <c>nats</c> kind publishes over TCP.</summary>
    public Uri NatsUrl { get; private set; } = new("nats://127.0.0.1:4222");

    /// <summary>nats-server's WebSocket listener (<c>--nats-ws-url</c>), where the <c>nats</c> kind's subscribers connect.</summary>
    public Uri NatsWebSocketUrl { get; private set; } = new("ws://127.0.0.1:8080");
    /// <summary>The nodes' admin listeners, in the order of <see cref="Urls"/> (fewer leave the rest unmeasured).</summary>
    public IReadOnlyList<Uri> AdminUrls { get; private set; } = [];

    /// <summary>The first node's admin listener, or null.</summary>
    public Uri? AdminUrl => AdminUrls.Count > 0 ? AdminUrls[0] : null;

    public string AdminKey { get; private set; } = string.Empty;

    /// <summary>Redis (<c>host:port</c>) whose <c>INFO</c> figures are read around the measured window; null: none.</summary>
    public string? Redis { get; private set; }

    /// <summary>Per-node figures in the report (always with several nodes; <c>--per-node 1</c> asks for them with one).</summary>
    public bool PerNode { get; private set; }

    // soak only
    public int JsonConnections { get; private set; } = 20;
    public int ChurnWorkers { get; private set; } = 8;
    public int SlowConsumers { get; private set; } = 2;
    public double SlowHoldSeconds { get; private set; } = 45;
    public double BadRate { get; private set; } = 5;
    public int BusyTopics { get; private set; } = 2;
    public int BusyRate { get; private set; } = 60;
    public int BusyPayloadBytes { get; private set; } = 8192;
    public double SampleSeconds { get; private set; } = 10;
    public string? ServerLog { get; private set; }

    public static LoadGenOptions Parse(string[] args)
    {
        var o = new LoadGenOptions();
        var urls = false;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(value, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--scenario": o.Scenario = value; break;
                case "--url": o.Urls = Append(o.Urls, urls, value, v => new Uri(v)); urls = true; break;
                case "--client": o.Client = value; break;
                case "--entry": o.Entry = value; break;
                case "--register-uri": o.RegisterUri = value; break;
                case "--sub-add-uri": o.SubAddUri = value; break;
                case "--sub-put-uri": o.SubPutUri = value; break;
                case "--sub-delete-uri": o.SubDeleteUri = value; break;
                case "--disconnect-uri": o.DisconnectUri = value; break;
                case "--publish-key": o.PublishKey = value; break;
                case "--connections": o.Connections = Int(); break;
                case "--topics": o.Topics = Int(); break;
                case "--topics-per-connection": o.TopicsPerConnection = Int(); break;
                case "--rate": o.Rate = Int(); break;
                case "--batch": o.Batch = Int(); break;
                case "--in-flight": o.InFlight = Int(); break;
                case "--payload-bytes": o.PayloadBytes = Int(); break;
                case "--duration": o.DurationSeconds = Dbl(); break;
                case "--warmup": o.WarmupSeconds = Dbl(); break;
                case "--server-pid": o.ServerPids = Append(o.ServerPids, true, value, v => int.Parse(v, CultureInfo.InvariantCulture)); break;
                case "--label": o.Label = value; break;
                case "--nats-url": o.NatsUrl = new Uri(value); break;
                case "--nats-ws-url": o.NatsWebSocketUrl = new Uri(value); break;
                case "--admin-url": o.AdminUrls = Append(o.AdminUrls, true, value, v => new Uri(v)); break;
                case "--admin-key": o.AdminKey = value; break;
                case "--redis": o.Redis = value; break;
                case "--per-node": o.PerNode = Int() != 0; break;
                case "--json-connections": o.JsonConnections = Int(); break;
                case "--churn": o.ChurnWorkers = Int(); break;
                case "--slow": o.SlowConsumers = Int(); break;
                case "--slow-hold": o.SlowHoldSeconds = Dbl(); break;
                case "--bad-rate": o.BadRate = Dbl(); break;
                case "--busy-topics": o.BusyTopics = Int(); break;
                case "--busy-rate": o.BusyRate = Int(); break;
                case "--busy-payload-bytes": o.BusyPayloadBytes = Int(); break;
                case "--sample-seconds": o.SampleSeconds = Dbl(); break;
                case "--server-log": o.ServerLog = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        if (o.ServerPids.Count > o.Urls.Count || o.AdminUrls.Count > o.Urls.Count)
        {
            throw new ArgumentException("--server-pid and --admin-url name at most one value per node of --url, in the same order");
        }

        if (o.Client == "nats" && o.Scenario is not ("fanout" or "broadcast" or "latency" or "idle"))
        {
            throw new ArgumentException("the nats client kind runs fanout, broadcast, latency and idle");
        }

        if (o.Client == "nats" && (o.Urls.Count > 1 || o.PerNode || o.AdminUrls.Count > 0 || o.Redis is not null))
        {
            throw new ArgumentException("the nats client kind runs against one nats-server (--nats-url, --nats-ws-url, --server-pid): no nodes, admin listener or Redis");
        }

        if (o.Urls.Count > 1 && o.Scenario == "soak")
        {
            throw new ArgumentException("the soak runs against one node: give --url one URL");
        }

        return o;
    }

    /// <summary>Several nodes, or one with per-node figures asked for.</summary>
    public bool ReportsNodes => PerNode || Urls.Count > 1;

    /// <summary>The node that client <paramref name="index"/> connects to: round robin over <see cref="Urls"/>.</summary>
    public int NodeOf(int index) => index % Urls.Count;

    public Uri HubUri => NodeHubUri(0);

    public Uri HubWebSocketUri => NodeHubWebSocketUri(0);

    public Uri WebSocketUri => NodeWebSocketUri(0);

    public Uri NodeHubUri(int node) => new UriBuilder(Urls[node]) { Path = "/hub", Query = "entry=1" }.Uri;

    public Uri NodeHubWebSocketUri(int node) => new UriBuilder(NodeHubUri(node)) { Scheme = WebSocketScheme(Urls[node]) }.Uri;

    public Uri NodeWebSocketUri(int node) => new UriBuilder(Urls[node]) { Scheme = WebSocketScheme(Urls[node]), Path = Entry }.Uri;

    private static string WebSocketScheme(Uri url) => url.Scheme == "https" ? "wss" : "ws";

    /// <summary>
    /// The values of a list option: comma-separated, and a repeated option adds to them; the first occurrence
    /// replaces the default when <paramref name="seen"/> is false.
    /// </summary>
    private static IReadOnlyList<T> Append<T>(IReadOnlyList<T> current, bool seen, string value, Func<string, T> parse) =>
        [.. seen ? current : [], .. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse)];

    /// <summary>The topics of connection <paramref name="index"/>: K consecutive topics of T, so every topic has the same number of subscribers.</summary>
    public string[] TopicsOf(int index) =>
        Enumerable.Range(0, Math.Min(TopicsPerConnection, Topics)).Select(k => TopicName((index + k) % Topics)).ToArray();

    public static string TopicName(int i) => $"hq_{100000 + i}_129";

    /// <summary>The soak's busy topics: what slow consumers (and a few healthy witnesses) subscribe to.</summary>
    public static string BusyTopicName(int i) => $"soak_busy_{i}";
}

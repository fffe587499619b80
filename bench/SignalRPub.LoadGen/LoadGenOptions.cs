using System.Globalization;

namespace SignalRPub.LoadGen;

/// <summary>Command-line options: <c>--name value</c> pairs, each with a default.</summary>
internal sealed class LoadGenOptions
{
    public string Scenario { get; private set; } = "fanout";
    public string Client { get; private set; } = "raw";
    public Uri Url { get; private set; } = new("http://127.0.0.1:9080");
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
    public int ServerPid { get; private set; }
    public string Label { get; private set; } = string.Empty;
    public Uri? AdminUrl { get; private set; }
    public string AdminKey { get; private set; } = string.Empty;

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
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            int Int() => int.Parse(value, CultureInfo.InvariantCulture);
            double Dbl() => double.Parse(value, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--scenario": o.Scenario = value; break;
                case "--url": o.Url = new Uri(value); break;
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
                case "--server-pid": o.ServerPid = Int(); break;
                case "--label": o.Label = value; break;
                case "--admin-url": o.AdminUrl = new Uri(value); break;
                case "--admin-key": o.AdminKey = value; break;
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

        return o;
    }

    public Uri HubUri => new UriBuilder(Url) { Path = "/hub", Query = "entry=1" }.Uri;

    public Uri HubWebSocketUri => new UriBuilder(HubUri) { Scheme = Url.Scheme == "https" ? "wss" : "ws" }.Uri;

    public Uri WebSocketUri => new UriBuilder(Url) { Scheme = Url.Scheme == "https" ? "wss" : "ws", Path = Entry }.Uri;

    /// <summary>The topics of connection <paramref name="index"/>: K consecutive topics of T, so every topic has the same number of subscribers.</summary>
    public string[] TopicsOf(int index) =>
        Enumerable.Range(0, Math.Min(TopicsPerConnection, Topics)).Select(k => TopicName((index + k) % Topics)).ToArray();

    public static string TopicName(int i) => $"hq_{100000 + i}_129";

    /// <summary>The soak's busy topics: what slow consumers (and a few healthy witnesses) subscribe to.</summary>
    public static string BusyTopicName(int i) => $"soak_busy_{i}";
}

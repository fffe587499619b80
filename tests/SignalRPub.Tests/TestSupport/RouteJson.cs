using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SignalRPub.Routing;

namespace SignalRPub.Tests.TestSupport;

/// <summary>Builds route JSON as users write it and runs it through the parsers, collecting the errors.</summary>
internal static class RouteJson
{
    /// <summary>The location passed to the parsers; every error message starts with it.</summary>
    public const string Where = "route";

    public static string Entry(string id, string uri) =>
        """{"id":""" + $"\"{id}\",\"uri\":\"{uri}\"" + ""","plugins":{"ht-ws-msg-pub":{}}}""";

    public static string Action(string id, string uri, string action, string? superiorId = null)
    {
        var labels = superiorId is null ? string.Empty : $$""","labels":{"superior_id":"{{superiorId}}"}""";
        return """{"id":""" + $"\"{id}\",\"uri\":\"{uri}\"{labels}" + $$""","plugins":{"ht-msg-sub":{"action":"{{action}}"}""" + "}}";
    }

    public static (RouteConfig? Route, List<string> Errors) Parse(string json, string? id = null)
    {
        var errors = new List<string>();
        var route = RouteParser.Parse(JsonNode.Parse(json), id, Where, errors);
        return (route, errors);
    }

    public static (UpstreamConfig? Upstream, List<string> Errors) ParseUpstream(string json)
    {
        var errors = new List<string>();
        var upstream = UpstreamParser.Parse(JsonNode.Parse(json)!, Where, errors);
        return (upstream, errors);
    }

    /// <summary>A real configuration holding <c>{"SignalRPub":{"Routes":[…]}}</c>, read by the JSON provider.</summary>
    public static IConfiguration Configuration(params string[] routes)
    {
        var document = $$$"""{"SignalRPub":{"Routes":[{{{string.Join(",", routes)}}}]}}""";
        return new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(document))).Build();
    }
}

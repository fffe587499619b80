using SignalRPub.Routing;

namespace SignalRPub.Tests.TestSupport;

/// <summary>
/// Compares routes by value. The records hold lists and dictionaries, which records compare by reference,
/// so the members are compared one by one.
/// </summary>
internal static class RouteAssert
{
    public static void Equal(RouteConfig expected, RouteConfig? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Uri, actual.Uri);
        Assert.Equal(expected.IsEntry, actual.IsEntry);
        Assert.Equal(expected.Action, actual.Action);
        Assert.Equal(expected.SuperiorId, actual.SuperiorId);
        Assert.Equal(expected.Labels.OrderBy(l => l.Key, StringComparer.Ordinal), actual.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
        if (expected.Upstream is null)
        {
            Assert.Null(actual.Upstream);
        }
        else
        {
            Equal(expected.Upstream, actual.Upstream);
        }
    }

    public static void Equal(UpstreamConfig expected, UpstreamConfig? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Nodes, actual.Nodes);
        Assert.Equal(expected.Type, actual.Type);
        Assert.Equal(expected.Scheme, actual.Scheme);
        Assert.Equal(expected.Timeout, actual.Timeout);
        Assert.Equal(expected.Retries, actual.Retries);
        Assert.Equal(expected.Key, actual.Key);
    }

    /// <summary>Asserts that parsing reported nothing, printing every error otherwise.</summary>
    public static void NoErrors(IReadOnlyCollection<string> errors) =>
        Assert.True(errors.Count == 0, $"unexpected errors: {string.Join(" | ", errors)}");

    /// <summary>Asserts that some error names <paramref name="field"/> (a path such as <c>route.uri</c>).</summary>
    public static void HasError(IEnumerable<string> errors, string field) =>
        Assert.True(errors.Any(e => e.StartsWith(field + ":", StringComparison.Ordinal) || e.StartsWith(field + " ", StringComparison.Ordinal)),
            $"no error names '{field}'; errors: {string.Join(" | ", errors)}");
}

namespace SignalRPub.Upstreams;

/// <summary>Picks the node of one attempt.</summary>
internal interface INodeBalancer
{
    /// <summary>
    /// Returns the index of the node to try, skipping nodes for which <paramref name="isEligible"/> is false,
    /// or −1 when none is eligible. <paramref name="hashKey"/> is the connection id.
    /// </summary>
    int Pick(string hashKey, Func<int, bool> isEligible);
}

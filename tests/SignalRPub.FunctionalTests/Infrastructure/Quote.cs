namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>A typed message for the in-process publisher.</summary>
public sealed record Quote(string Symbol, decimal Last);

namespace SignalRPub.Redis;

/// <summary>One change to post to the shared directory: a connection added or removed, or its user changed.</summary>
internal sealed record DirectoryChange(DirectoryChangeKind Kind, string ConnectionId, string? PreviousUserId, string? UserId);

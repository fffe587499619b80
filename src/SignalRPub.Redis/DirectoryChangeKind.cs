namespace SignalRPub.Redis;

/// <summary>What a <see cref="DirectoryChange"/> does.</summary>
internal enum DirectoryChangeKind
{
    Added,
    UserChanged,
    Removed,
}

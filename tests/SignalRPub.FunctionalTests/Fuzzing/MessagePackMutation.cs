using CsCheck;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// One change to a request frame written as MessagePack, of a kind JSON cannot express. Values (map keys included)
/// are numbered in the order they are written, and <see cref="Target"/> picks among them modulo their count;
/// <see cref="Choice"/> picks what is written.
/// </summary>
internal sealed record MessagePackMutation(MessagePackMutationKind Kind, int Target, int Choice)
{
    public static Gen<MessagePackMutation> Gen { get; } = CsCheck.Gen.Select(
        CsCheck.Gen.Enum<MessagePackMutationKind>(),
        CsCheck.Gen.Int[0, 1_000_000],
        CsCheck.Gen.Int[0, 1_000_000],
        (kind, target, choice) => new MessagePackMutation(kind, target, choice));
}

using System.IO.Pipelines;

namespace SignalRPub.Connections;

/// <summary>A reader and a writer seen as one duplex pipe.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}

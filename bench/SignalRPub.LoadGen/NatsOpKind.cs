namespace SignalRPub.LoadGen;

/// <summary>The NATS client protocol's operations a server sends.</summary>
internal enum NatsOpKind
{
    /// <summary><c>INFO {…}</c>: the server's description, first on every connection (and again when it changes).</summary>
    Info,

    /// <summary><c>MSG &lt;subject&gt; &lt;sid&gt; [reply-to] &lt;#bytes&gt;</c> and the payload: one delivery to one subscription.</summary>
    Msg,

    /// <summary><c>PING</c>: the server's keep-alive; the client answers <c>PONG</c>.</summary>
    Ping,

    /// <summary><c>PONG</c>: the answer to the client's <c>PING</c>, after everything the client sent before it was processed.</summary>
    Pong,

    /// <summary><c>+OK</c>: an acknowledgement in verbose mode (the generator does not ask for it).</summary>
    Ok,

    /// <summary><c>-ERR '…'</c>: a protocol or authorisation error, or the server dropping a slow consumer.</summary>
    Err,
}

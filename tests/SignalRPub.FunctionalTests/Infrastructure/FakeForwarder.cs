using System.Collections.Concurrent;
using System.Text;
using SignalRPub.Upstreams;

namespace SignalRPub.FunctionalTests.Infrastructure;

/// <summary>
/// An upstream scripted by the test: answers every forwarded action through a function the test sets, and records
/// what it was asked (with copies of the body and headers, which the gateway may reuse after the call).
/// </summary>
internal sealed class FakeForwarder : IUpstreamForwarder
{
    private readonly ConcurrentQueue<UpstreamRequest> _requests = new();
    private volatile Func<UpstreamRequest, CancellationToken, ValueTask<UpstreamResult>> _answer;

    /// <summary>Creates a fake that answers <paramref name="answer"/>, or <c>200 {}</c> when it is null.</summary>
    public FakeForwarder(Func<UpstreamRequest, UpstreamResult>? answer = null)
    {
        _answer = Wrap(answer ?? (_ => Json(200, "{}")));
    }

    /// <summary>The requests forwarded so far, in order.</summary>
    public IReadOnlyList<UpstreamRequest> Requests => [.. _requests];

    /// <summary>A JSON answer with <paramref name="status"/>.</summary>
    public static UpstreamResult Json(int status, string json) => UpstreamResult.Answer(status, Encoding.UTF8.GetBytes(json));

    /// <summary>The requests forwarded so far for <paramref name="action"/> (the value of <c>X-Action</c>).</summary>
    public IReadOnlyList<UpstreamRequest> RequestsFor(string action) => [.. _requests.Where(r => r.Action == action)];

    /// <summary>Answers every later request through <paramref name="answer"/>.</summary>
    public void AnswerWith(Func<UpstreamRequest, UpstreamResult> answer) => _answer = Wrap(answer);

    /// <summary>Answers every later request through <paramref name="answer"/>, which may take its time.</summary>
    public void AnswerWith(Func<UpstreamRequest, CancellationToken, ValueTask<UpstreamResult>> answer) => _answer = answer;

    public ValueTask<UpstreamResult> ForwardAsync(UpstreamRequest request, CancellationToken cancellationToken)
    {
        var copy = request with { Body = request.Body.ToArray(), Headers = [.. request.Headers] };
        _requests.Enqueue(copy);
        return _answer(copy, cancellationToken);
    }

    private static Func<UpstreamRequest, CancellationToken, ValueTask<UpstreamResult>> Wrap(Func<UpstreamRequest, UpstreamResult> answer) =>
        (request, _) => ValueTask.FromResult(answer(request));
}

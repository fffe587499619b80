using SignalRPub.LoadGen;

var options = LoadGenOptions.Parse(args);
using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + 300));
if (options.Scenario == "soak")
{
    var soak = await SoakScenario.RunAsync(options, cancel.Token);
    soak.Print();
    return soak.ContractHeld ? 0 : 2;
}

Report report;
try
{
    report = options.Scenario switch
    {
        "actions" or "churn" => await ActionsScenario.RunAsync(options, cancel.Token),
        "fanout" or "broadcast" or "latency" or "idle" => await FanoutScenario.RunAsync(options, cancel.Token),
        _ => throw new ArgumentException($"unknown scenario {options.Scenario}"),
    };
}
catch (LoadGenException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

report.Print();
if (report.Redis is { CommandsPerMessage: >= 0 and < RedisReport.Idle } redis)
{
    Console.Error.WriteLine($"warning: Redis at {redis.Endpoint} processed {redis.Commands} commands in the measured window for {Math.Round(report.PublishedPerSecond * report.Seconds):F0} published messages: the nodes do not publish through it");
}

return report.LossPercent > 0 ? 2 : 0;

using SignalRPub.LoadGen;

var options = LoadGenOptions.Parse(args);
using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds + 300));
if (options.Scenario == "soak")
{
    var soak = await SoakScenario.RunAsync(options, cancel.Token);
    soak.Print();
    return soak.ContractHeld ? 0 : 2;
}

var report = options.Scenario switch
{
    "actions" or "churn" => await ActionsScenario.RunAsync(options, cancel.Token),
    "fanout" or "broadcast" or "latency" or "idle" => await FanoutScenario.RunAsync(options, cancel.Token),
    _ => throw new ArgumentException($"unknown scenario {options.Scenario}"),
};
report.Print();
return report.LossPercent > 0 ? 2 : 0;

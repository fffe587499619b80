using System.Globalization;
using CsCheck;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace SignalRPub.FunctionalTests.Fuzzing;

/// <summary>
/// How a fuzz test runs: the same inputs everywhere (a fixed seed, so CI and every developer see one run) and few of
/// them (the default run takes a few seconds), both changed by environment variables:
/// <c>SIGNALRPUB_FUZZ_ITERATIONS=20000</c> runs longer; <c>SIGNALRPUB_FUZZ_SEED=&lt;n&gt;</c> runs another sequence or
/// replays a reported failure; <c>SIGNALRPUB_FUZZ_SEED=random</c> draws a new seed and reports it.
/// </summary>
/// <remarks>
/// The pattern of every fuzz test: start the real gateway and a <see cref="FuzzWitness"/>; call
/// <see cref="FromEnvironment"/> with the test's default iteration count; pass a generator of inputs and the check of
/// one input (send it, assert the invariants) to <see cref="RunAsync{T}"/>; assert the witness is still served.
/// Inputs are drawn in order from one generator seeded once, so a failure at iteration n is replayed by the same seed
/// and n iterations, server state included.
/// </remarks>
internal sealed record FuzzSettings(ulong Seed, int Iterations)
{
    public const string IterationsVariable = "SIGNALRPUB_FUZZ_ITERATIONS";

    public const string SeedVariable = "SIGNALRPUB_FUZZ_SEED";

    /// <summary>The seed of every run that does not set <see cref="SeedVariable"/>.</summary>
    public const ulong DefaultSeed = 20261201;

    /// <summary>The settings for this run: <paramref name="defaultIterations"/> unless the environment says otherwise; written to <paramref name="output"/>.</summary>
    public static FuzzSettings FromEnvironment(int defaultIterations, ITestOutputHelper output)
    {
        var seedText = Environment.GetEnvironmentVariable(SeedVariable);
        var seed = seedText switch
        {
            null or "" => DefaultSeed,
            "random" => (ulong)Random.Shared.NextInt64(),
            _ => ulong.Parse(seedText, CultureInfo.InvariantCulture),
        };
        var iterationsText = Environment.GetEnvironmentVariable(IterationsVariable);
        var iterations = string.IsNullOrEmpty(iterationsText) ? defaultIterations : int.Parse(iterationsText, CultureInfo.InvariantCulture);
        var settings = new FuzzSettings(seed, iterations);
        output.WriteLine($"Fuzzing with {SeedVariable}={settings.Seed} {IterationsVariable}={settings.Iterations}.");
        return settings;
    }

    /// <summary>How often a run checks its <see cref="FuzzWitness"/>: after every this many inputs, and once at the end.</summary>
    public const int WitnessEvery = 25;

    /// <summary>
    /// Draws <see cref="Iterations"/> inputs from <paramref name="inputs"/> and runs <paramref name="check"/> on each, in
    /// order; the first failure stops the run and names the input (<paramref name="describe"/>) and how to replay it.
    /// With a <paramref name="witness"/>, it must be served every <see cref="WitnessEvery"/> inputs and at the end.
    /// </summary>
    public async Task RunAsync<T>(Gen<T> inputs, Func<T, Task> check, Func<T, string> describe, FuzzWitness? witness = null)
    {
        var random = new PCG(0, Seed);
        for (var iteration = 1; iteration <= Iterations; iteration++)
        {
            var input = inputs.Generate(random, null, out _);
            try
            {
                await check(input);
                if (witness is not null && iteration % WitnessEvery == 0)
                {
                    await witness.AssertServedAsync();
                }
            }
            catch (Exception e)
            {
                throw new XunitException(
                    $"Fuzz iteration {iteration} of {Iterations} failed; replay with {SeedVariable}={Seed} {IterationsVariable}={iteration}.{Environment.NewLine}" +
                    $"Input: {describe(input)}",
                    e);
            }
        }

        if (witness is not null)
        {
            await witness.AssertServedAsync();
        }
    }
}

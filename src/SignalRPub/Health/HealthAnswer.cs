using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SignalRPub.Health;

/// <summary>
/// The body of <c>/healthz</c> and <c>/readyz</c>: <c>{"status":"ok"}</c>, and for each check that ran its status,
/// description and figures (<c>data</c>) under <c>checks</c>. Statuses read <c>ok</c>, <c>degraded</c> or <c>unavailable</c>
/// (the last one answered 503). An exception's message is not shown: the probes are on the public listener.
/// </summary>
internal static class HealthAnswer
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", StatusText(report.Status));
            if (report.Entries.Count > 0)
            {
                writer.WriteStartObject("checks");
                foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    WriteEntry(writer, name, entry);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        return context.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    public static string StatusText(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "ok",
        HealthStatus.Degraded => "degraded",
        _ => "unavailable",
    };

    private static void WriteEntry(Utf8JsonWriter writer, string name, HealthReportEntry entry)
    {
        writer.WriteStartObject(name);
        writer.WriteString("status", StatusText(entry.Status));
        var description = entry.Description ?? (entry.Exception is { } ex ? $"the check failed ({ex.GetType().Name})" : null);
        if (description is not null)
        {
            writer.WriteString("description", description);
        }

        if (entry.Data.Count > 0)
        {
            WriteData(writer, entry.Data);
        }

        writer.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter writer, IReadOnlyDictionary<string, object> data)
    {
        writer.WriteStartObject("data");
        foreach (var (key, value) in data)
        {
            switch (value)
            {
                case int or long or short or byte:
                    writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    break;
                case double or float or decimal:
                    writer.WriteNumber(key, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                    break;
                case bool flag:
                    writer.WriteBoolean(key, flag);
                    break;
                default:
                    writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        writer.WriteEndObject();
    }
}

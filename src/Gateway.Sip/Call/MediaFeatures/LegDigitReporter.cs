using Gateway.Sip.Media.Dtmf;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>Reports the digits one leg's <see cref="DtmfReceiver"/> produces: into the call record, the log and the metrics.</summary>
public static class LegDigitReporter
{
    public static void Attach(DtmfReceiver receiver, string leg, CallRecord record, CallMediaMetrics metrics, TimeProvider time, ILogger logger)
    {
        receiver.DigitReceived += digit =>
        {
            record.AddDigit(new ReceivedDigit(leg, digit.Digit.ToString(), (int)digit.Duration.TotalMilliseconds, time.GetUtcNow()));
            metrics.DigitsReceived.Add(1);
            logger.LogInformation("Call {Id}: DTMF '{Digit}' ({DurationMs} ms) on the {Leg} leg", record.Id, digit.Digit, (int)digit.Duration.TotalMilliseconds, leg);
        };
    }
}

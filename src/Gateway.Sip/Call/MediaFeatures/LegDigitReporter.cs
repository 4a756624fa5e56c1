using Gateway.Sip.Media.Dtmf;
using Microsoft.Extensions.Logging;

namespace Gateway.Sip.Call.MediaFeatures;

/// <summary>
/// Reports the digits one leg's <see cref="DtmfReceiver"/> produces, and those its <see cref="DtmfTransmitter"/> sent:
/// into the call record (direction received / sent), the log and the metrics.
/// </summary>
public static class LegDigitReporter
{
    public static void Attach(DtmfReceiver receiver, string leg, CallRecord record, CallMediaMetrics metrics, TimeProvider time, ILogger logger)
    {
        receiver.DigitReceived += digit =>
        {
            record.AddDigit(new CallDigit(leg, digit.Digit.ToString(), (int)digit.Duration.TotalMilliseconds, time.GetUtcNow()));
            metrics.DigitsReceived.Add(1);
            logger.LogInformation("Call {Id}: DTMF '{Digit}' ({DurationMs} ms) on the {Leg} leg", record.Id, digit.Digit, (int)digit.Duration.TotalMilliseconds, leg);
        };
    }

    /// <summary>Records each digit once its last end packet went out on the leg.</summary>
    public static void AttachSent(DtmfTransmitter transmitter, string leg, CallRecord record, CallMediaMetrics? metrics, TimeProvider time, ILogger logger)
    {
        transmitter.DigitSent += (digit, duration) =>
        {
            record.AddDigit(new CallDigit(leg, digit.ToString(), (int)duration.TotalMilliseconds, time.GetUtcNow(), CallDigit.Sent));
            metrics?.DigitsSent.Add(1);
            logger.LogInformation("Call {Id}: DTMF '{Digit}' ({DurationMs} ms) sent on the {Leg} leg", record.Id, digit, (int)duration.TotalMilliseconds, leg);
        };
    }
}

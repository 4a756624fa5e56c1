using Gateway.Fax.Modem;
using Microsoft.Extensions.Logging;

namespace Gateway.Fax.Jobs;

internal static partial class FaxJobLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Fax job {JobId} attempt {Attempt} on {Modem}: {Outcome} ({Reason})")]
    public static partial void AttemptEnded(ILogger logger, string jobId, int attempt, string modem, FaxSendOutcome outcome, string reason);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "Fax job {JobId} finished: {Status} ({Reason})")]
    public static partial void JobFinished(ILogger logger, string jobId, FaxJobStatus status, string reason);
}

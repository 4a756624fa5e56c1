namespace Gateway.Host.Fax;

internal static partial class FaxHostLog
{
    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "Fax job {JobId} finished but no dispatch report sink is registered")]
    public static partial void NoReportSink(ILogger logger, string jobId);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Error, Message = "Reporting fax job {JobId} to the dispatch engine failed")]
    public static partial void ReportFailed(ILogger logger, string jobId, Exception failure);
}

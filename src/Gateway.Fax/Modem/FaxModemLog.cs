using Microsoft.Extensions.Logging;

namespace Gateway.Fax.Modem;

internal static partial class FaxModemLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Fax call to {Number} failed in the modem")]
    public static partial void ModemFailed(ILogger logger, string number, Exception failure);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Fax page {Page} sent ({Bytes} bytes), post-page response {Response}")]
    public static partial void PageSent(ILogger logger, int page, int bytes, int response);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Fax abort did not complete cleanly")]
    public static partial void AbortIncomplete(ILogger logger, Exception failure);
}

using Microsoft.Extensions.Logging;

namespace Gateway.Core.At;

/// <summary>Structured, allocation-free log messages of the AT channel.</summary>
internal static partial class AtChannelLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Device} >> {Command}")]
    public static partial void CommandSent(ILogger logger, string device, string command);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Device} << {Command}: {Result} {Detail}")]
    public static partial void CommandCompleted(ILogger logger, string device, string command, AtResultCode result, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Device}: command {Command} timed out after {TimeoutMs} ms")]
    public static partial void CommandTimedOut(ILogger logger, string device, string command, double timeoutMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "{Device}: dropped garbage line ({Length} bytes): {Hex}")]
    public static partial void GarbageLine(ILogger logger, string device, int length, string hex);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{Device}: dropped over-long line (limit {Limit} bytes)")]
    public static partial void OverlongLine(ILogger logger, string device, int limit);

    [LoggerMessage(EventId = 6, Level = LogLevel.Debug, Message = "{Device}: unhandled line: {Line}")]
    public static partial void UnhandledLine(ILogger logger, string device, string line);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Device}: link lost: {Reason}")]
    public static partial void LinkLost(ILogger logger, string device, string reason, Exception? exception);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "{Device}: unsolicited-result handler for {Prefix} threw")]
    public static partial void HandlerFailed(ILogger logger, string device, string prefix, Exception exception);

    [LoggerMessage(EventId = 9, Level = LogLevel.Warning, Message = "{Device}: device held XOFF longer than {MaxHoldMs} ms")]
    public static partial void XoffHeldTooLong(ILogger logger, string device, double maxHoldMs);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Device}: read loop started")]
    public static partial void ReadLoopStarted(ILogger logger, string device);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "{Device}: command {Command} cancelled")]
    public static partial void CommandCancelled(ILogger logger, string device, string command);
}

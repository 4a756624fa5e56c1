using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Sip.Support;

/// <summary>Collects Error and Critical log entries whose category starts with one of the given prefixes.</summary>
internal sealed class ErrorLogSink(params string[] categoryPrefixes) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) =>
        categoryPrefixes.Any(p => categoryName.StartsWith(p, StringComparison.Ordinal)) ? new Collector(categoryName, _entries) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<string> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}

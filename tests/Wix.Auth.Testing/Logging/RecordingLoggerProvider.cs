using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Wix.Auth.Testing.Logging;

/// <summary>One recorded log line: category, event ID and the formatted message with its structured values.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, EventId EventId, string Text);

/// <summary>Records every log line at every level, so a test can look for an audit event or for a leaked secret.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<RecordedLog> _logs = new();

    /// <summary>Everything logged so far, oldest first.</summary>
    public IReadOnlyList<RecordedLog> Logs => _logs.ToArray();

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _logs);

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Recorder(string category, ConcurrentQueue<RecordedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " {" + string.Join(", ", values.Select(v => $"{v.Key}={v.Value}")) + "}";
            }

            logs.Enqueue(new RecordedLog(category, logLevel, eventId, exception is null ? text : text + " " + exception));
        }
    }
}

using System.Text;
using Gateway.Core.Serial;

namespace Gateway.IntegrationTests.Support;

/// <summary>Raw line exchange over a serial link for tests (the real AT channel lives in Gateway.Core.At).</summary>
internal static class LinkDialog
{
    public static async Task<string> CommandAsync(ISerialLink link, string command, CancellationToken cancellationToken, string until = "OK\r\n")
    {
        await link.WriteAsync(Encoding.Latin1.GetBytes(command + "\r"), cancellationToken);
        return await ReadUntilAsync(link, until, cancellationToken);
    }

    /// <summary>Reads until <paramref name="expected"/> has arrived; returns everything read (Latin-1, so bytes map 1:1 to chars).</summary>
    public static async Task<string> ReadUntilAsync(ISerialLink link, string expected, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var read = await link.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"link closed before '{expected}' arrived; got '{received}'");
            }

            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }

        return received.ToString();
    }

    public static Task WaitForStateAsync(ISerialLink link, SerialLinkState state, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.StateChanged += s =>
        {
            if (s == state)
            {
                reached.TrySetResult();
            }
        };
        if (link.State == state)
        {
            reached.TrySetResult();
        }

        return reached.Task.WaitAsync(cancellationToken);
    }
}

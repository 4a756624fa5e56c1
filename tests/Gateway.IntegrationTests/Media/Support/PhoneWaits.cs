namespace Gateway.IntegrationTests.Media.Support;

internal static class PhoneWaits
{
    /// <summary>Completes once the phone has received at least <paramref name="count"/> RTP packets (safety net: 20 s).</summary>
    public static Task WaitForPacketsAsync(this LoopbackPhone phone, int count) => phone.WaitForPacketsAsync(_ => true, count);

    /// <summary>Completes once at least <paramref name="count"/> received RTP packets match <paramref name="match"/> (safety net: 20 s).</summary>
    public static async Task WaitForPacketsAsync(this LoopbackPhone phone, Func<ReceivedRtp, bool> match, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCount(LoopbackPhone _, int received)
        {
            if (received >= count && phone.Received.Count(match) >= count) reached.TrySetResult();
        }

        phone.PacketCountChanged += OnCount;
        try
        {
            if (phone.Received.Count(match) >= count) reached.TrySetResult();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            phone.PacketCountChanged -= OnCount;
        }
    }

    /// <summary>Completes once what the phone received satisfies <paramref name="done"/> (checked on every packet; safety net: 20 s).</summary>
    public static async Task WaitForReceivedAsync(this LoopbackPhone phone, Func<IReadOnlyList<ReceivedRtp>, bool> done)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCount(LoopbackPhone _, int received)
        {
            if (done(phone.Received)) reached.TrySetResult();
        }

        phone.PacketCountChanged += OnCount;
        try
        {
            if (done(phone.Received)) reached.TrySetResult();
            await reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            phone.PacketCountChanged -= OnCount;
        }
    }
}

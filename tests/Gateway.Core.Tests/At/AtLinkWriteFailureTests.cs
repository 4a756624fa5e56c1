using System.Text;
using Gateway.Core.At;
using Gateway.Core.Serial;
using NSubstitute;

namespace Gateway.Core.Tests.At;

public sealed class AtLinkWriteFailureTests
{
    [Fact]
    public async Task Failed_write_fails_the_command_with_link_lost_and_the_cause()
    {
        var written = new List<string>();
        ISerialLink link = Substitute.For<ISerialLink>();
        link.Address.Returns("substitute://modem");
        link.State.Returns(SerialLinkState.Open);
        link.ReadAsync(default, default).ReturnsForAnyArgs(call => ReadThatWaitsForCancellation(call.ArgAt<CancellationToken>(1)));
        link.WriteAsync(default, default).ReturnsForAnyArgs(ValueTask.FromException(new IOException("cable pulled")));
        link.WhenForAnyArgs(l => l.WriteAsync(default, default))
            .Do(call => written.Add(Encoding.ASCII.GetString(call.ArgAt<ReadOnlyMemory<byte>>(0).Span)));
        await using var channel = new AtCommandChannel(link);
        channel.Start();

        AtLinkLostException failure = await Assert.ThrowsAsync<AtLinkLostException>(() => channel.ExecuteAsync("AT+CSQ"));

        Assert.IsType<IOException>(failure.InnerException);
        Assert.Contains("substitute://modem", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["AT+CSQ\r"], written);
    }

    private static ValueTask<int> ReadThatWaitsForCancellation(CancellationToken cancellationToken)
    {
        var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        cancellationToken.Register(() => read.TrySetCanceled(cancellationToken));
        return new ValueTask<int>(read.Task);
    }
}

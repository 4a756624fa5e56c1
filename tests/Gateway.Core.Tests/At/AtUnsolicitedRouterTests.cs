using System.Text;
using Gateway.Core.At;

namespace Gateway.Core.Tests.At;

public sealed class AtUnsolicitedRouterTests
{
    [Theory]
    [InlineData("+CTXG", "+CTXG: 1,0,0,0", true)]
    [InlineData("+FHS", "+FHS:00", true)]
    [InlineData("RING", "RING", true)]
    [InlineData("+CTX", "+CTXG: 1,0,0,0", false)]
    [InlineData("+CTXG", "+CTX: 1", false)]
    public void Prefix_matches_only_whole_names(string prefix, string line, bool expected)
    {
        var router = new AtUnsolicitedRouter();
        using IDisposable subscription = router.Subscribe(prefix, (in AtUnsolicitedMessage _) => { });
        Assert.Equal(expected, router.Matches(Encoding.ASCII.GetBytes(line), out _));
    }

    [Fact]
    public void Every_matching_subscriber_gets_the_line_even_if_one_throws()
    {
        var router = new AtUnsolicitedRouter();
        var failures = new List<string>();
        router.HandlerFailed += (prefix, _) => failures.Add(prefix);
        string? received = null;
        using IDisposable bad = router.Subscribe("+CTCR", (in AtUnsolicitedMessage _) => throw new InvalidOperationException("subscriber bug"));
        using IDisposable good = router.Subscribe("+CTCR", (in AtUnsolicitedMessage m) => received = m.LineText());

        int delivered = router.Dispatch("+CTCR: 1,3"u8, default, hasPayloadLine: false);

        Assert.Equal(2, delivered);
        Assert.Equal("+CTCR: 1,3", received);
        Assert.Equal(["+CTCR"], failures);
    }

    [Fact]
    public void Disposed_subscription_gets_nothing_more()
    {
        var router = new AtUnsolicitedRouter();
        int calls = 0;
        IDisposable subscription = router.Subscribe("+CTXG", (in AtUnsolicitedMessage _) => calls++);
        router.Dispatch("+CTXG: 1,0"u8, default, false);
        subscription.Dispose();
        router.Dispatch("+CTXG: 1,0"u8, default, false);
        Assert.Equal(1, calls);
        Assert.False(router.Matches("+CTXG: 1,0"u8, out _));
    }

    [Fact]
    public void Parameters_are_the_text_after_the_colon()
    {
        string? parameters = null;
        var router = new AtUnsolicitedRouter();
        using IDisposable subscription = router.Subscribe("+CTXG", (in AtUnsolicitedMessage m) => parameters = Encoding.ASCII.GetString(m.Parameters));
        router.Dispatch("+CTXG: 1,0,0,0"u8, default, false);
        Assert.Equal("1,0,0,0", parameters);
    }
}

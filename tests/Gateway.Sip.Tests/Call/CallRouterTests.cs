using Gateway.Sip.Call;

namespace Gateway.Sip.Tests.Call;

public sealed class CallRouterTests
{
    [Fact]
    public void Longest_prefix_wins_and_the_empty_prefix_catches_the_rest()
    {
        var router = new CallRouter([
            new CallRoute("", CallRouteTarget.TryParse("uri:sip:any@10.0.0.9", out _)!),
            new CallRoute("110", CallRouteTarget.TryParse("local:tone", out _)!),
            new CallRoute("1101", CallRouteTarget.TryParse("user:alice", out _)!),
        ]);

        Assert.Equal(CallRouteKind.LocalTone, router.Find("110")!.Target.Kind);
        Assert.Equal("alice", router.Find("11012")!.Target.User);
        Assert.Equal(CallRouteKind.Uri, router.Find("12345")!.Target.Kind);
    }

    [Theory]
    [InlineData("uri:sip:12345@10.0.0.5:5070", CallRouteKind.Uri)]
    [InlineData("user:alice", CallRouteKind.User)]
    [InlineData("local:tone", CallRouteKind.LocalTone)]
    public void Targets_parse(string text, CallRouteKind kind)
    {
        Assert.Equal(kind, CallRouteTarget.TryParse(text, out var error)!.Kind);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("app:conference:room-1", "conference", "room-1")]
    [InlineData("app:Radio:t1:talkgroup:9001", "radio", "t1:talkgroup:9001")]
    [InlineData("app:prompt", "prompt", null)]
    public void Application_targets_carry_name_and_argument(string text, string name, string? argument)
    {
        var target = CallRouteTarget.TryParse(text, out _)!;
        Assert.Equal(CallRouteKind.Application, target.Kind);
        Assert.Equal(name, target.Application);
        Assert.Equal(argument, target.Argument);
        Assert.Equal(target, CallRouteTarget.TryParse(target.ToString(), out _));
    }

    [Theory]
    [InlineData("app:")]
    [InlineData("app::x")]
    [InlineData("app:bad name")]
    [InlineData("")]
    [InlineData("uri:sip:12345@gateway.example")]
    [InlineData("uri:not a uri")]
    [InlineData("local:music")]
    [InlineData("user:")]
    public void Bad_targets_are_refused_with_a_reason(string text)
    {
        Assert.Null(CallRouteTarget.TryParse(text, out var error));
        Assert.NotEmpty(error);
    }
}
